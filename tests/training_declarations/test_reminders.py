"""Reminders to the training responsible: before and after the period's end date, at most
three, never after submission, idempotent."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from tests.training_declarations.conftest import make_request, token_from
from training_declarations import services, tasks
from training_declarations.models import Declaration, DeclarationReminder

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)


@pytest.fixture
def request_ending_in_10_days(td_world, django_capture_on_commit_callbacks):
    # Requests of the demo data are left out: only this one is looked at.
    Declaration.objects.exclude(apprentice=td_world.users["elev"].apprentice).delete()
    made = make_request(
        td_world,
        django_capture_on_commit_callbacks,
        period_end=timezone.localdate() + dt.timedelta(days=10),
    )
    mail.outbox.clear()
    return made


def run(capture, days_from_now: int) -> int:
    with capture(execute=True):
        return services.reminders_send(now=timezone.now() + dt.timedelta(days=days_from_now))


def test_reminders_come_before_and_after_the_end_date(
    request_ending_in_10_days, django_capture_on_commit_callbacks
) -> None:
    capture = django_capture_on_commit_callbacks
    made = request_ending_in_10_days
    assert run(capture, 0) == 0  # 10 days before the end: nothing yet
    assert run(capture, 3) == 1  # 7 days before the end (offset -7)
    assert run(capture, 4) == 0
    assert run(capture, 13) == 1  # 3 days after (offset +3)
    assert run(capture, 20) == 1  # 10 days after (offset +10)
    assert run(capture, 25) == 0  # at most three
    assert sorted(made.declaration.reminders.values_list("number", flat=True)) == [1, 2, 3]
    assert [m.to for m in mail.outbox] == [["jens.ege@snedkeriet.demo.test"]] * 3
    assert "Påmindelse" in mail.outbox[0].subject


def test_a_reminder_carries_a_working_link(
    request_ending_in_10_days, django_capture_on_commit_callbacks
) -> None:
    run(django_capture_on_commit_callbacks, 3)
    token = token_from(mail.outbox[0])
    assert token != request_ending_in_10_days.token
    assert Client().get(f"/logbog/erklaering/{token}/").status_code == 200
    # The first link still works too.
    assert Client().get(f"/logbog/erklaering/{request_ending_in_10_days.token}/").status_code == 200


def test_no_reminder_after_submission(
    request_ending_in_10_days, django_capture_on_commit_callbacks
) -> None:
    from tests.training_declarations.test_rating import submit

    capture = django_capture_on_commit_callbacks
    assert run(capture, 3) == 1
    submit(request_ending_in_10_days, capture)
    mail.outbox.clear()
    assert run(capture, 13) == 0
    assert run(capture, 20) == 0
    assert mail.outbox == []
    # Even when asked directly (a task queued before the submit).
    assert not services.reminder_send(
        declaration_id=request_ending_in_10_days.declaration.pk, number=2
    )


def test_no_reminder_once_the_link_has_expired(
    request_ending_in_10_days, django_capture_on_commit_callbacks
) -> None:
    Declaration.objects.update(link_expires_at=timezone.now() + 2 * DAY)
    assert run(django_capture_on_commit_callbacks, 3) == 0


def test_a_request_made_after_a_reminder_day_skips_that_reminder(
    td_world, django_capture_on_commit_callbacks
) -> None:
    capture = django_capture_on_commit_callbacks
    Declaration.objects.all().delete()
    made = make_request(td_world, capture, period_end=timezone.localdate() + dt.timedelta(days=2))
    mail.outbox.clear()
    assert run(capture, 0) == 0  # the -7 day is past, but was before the request
    assert run(capture, 5) == 1
    assert list(made.declaration.reminders.values_list("number", flat=True)) == [2]


def test_missed_days_collapse_into_one_reminder(
    request_ending_in_10_days, django_capture_on_commit_callbacks
) -> None:
    assert run(django_capture_on_commit_callbacks, 21) == 1  # beat was down for three weeks
    assert list(
        request_ending_in_10_days.declaration.reminders.values_list("number", flat=True)
    ) == [3]


def test_a_duplicated_task_sends_each_reminder_once(
    request_ending_in_10_days, django_capture_on_commit_callbacks
) -> None:
    capture = django_capture_on_commit_callbacks
    later = timezone.now() + dt.timedelta(days=3)
    due = services.reminders_due(now=later)
    assert due == [(request_ending_in_10_days.declaration.pk, 1)]
    with capture(execute=True):
        # Two workers got the same list (a re-delivered task): one sends, the other not.
        first = [services.reminder_send(declaration_id=d, number=n, now=later) for d, n in due]
        second = [services.reminder_send(declaration_id=d, number=n, now=later) for d, n in due]
        tasks.send_declaration_reminders.delay()
        tasks.send_declaration_reminders.delay()
    assert first == [True] and second == [False]
    assert len(mail.outbox) == 1
    assert DeclarationReminder.objects.count() == 1


def test_the_database_refuses_a_second_reminder_with_the_same_number(
    request_ending_in_10_days,
) -> None:
    declaration = request_ending_in_10_days.declaration
    DeclarationReminder.objects.create(declaration=declaration, number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        DeclarationReminder.objects.create(declaration=declaration, number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        DeclarationReminder.objects.create(declaration=declaration, number=4)


def test_offsets_are_configurable(
    request_ending_in_10_days, django_capture_on_commit_callbacks, settings
) -> None:
    settings.DECLARATION_REMINDER_OFFSETS_DAYS = (-1, 1, 2, 3, 4)
    capture = django_capture_on_commit_callbacks
    assert run(capture, 8) == 0
    assert run(capture, 9) == 1
    assert run(capture, 11) == 1
    assert run(capture, 12) == 1
    assert run(capture, 13) == 0  # only the first three offsets count
