"""The beat task: reminders to revisit assessments older than DROPOUT_RISK_REVISIT_DAYS."""

from __future__ import annotations

import datetime as dt
import smtplib
from unittest import mock

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from accesslog.models import AccessLogEntry
from apprenticeship.models import StaffSelection
from dropout_risk import reminders
from dropout_risk.models import LatestAssessment, RevisitReminder, RevisitReminderRecipient
from dropout_risk.services import assessment_register
from dropout_risk.tasks import flag_stale_assessments
from tests.dropout_risk.conftest import unselected_sosu

pytestmark = pytest.mark.django_db


def stale_selected(world) -> list:
    """The demo's assessments older than 90 days among Karen Holm's apprentices."""
    cutoff = timezone.now() - dt.timedelta(days=90)
    return sorted(
        (
            a
            for a in world.apprentices[:10]
            if LatestAssessment.objects.filter(apprentice=a, assessed_at__lte=cutoff).exists()
        ),
        key=lambda a: a.full_name,
    )


def run(django_capture_on_commit_callbacks) -> int:
    with django_capture_on_commit_callbacks(execute=True):
        return flag_stale_assessments.delay().get()


def test_it_emails_the_selecting_staff_the_names_once(
    risk_world, django_capture_on_commit_callbacks
) -> None:
    stale = stale_selected(risk_world)
    assert len(stale) == 2
    run(django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["virksomhed@demo.test"]
    assert "2 elever bør vurderes igen" in message.subject
    for apprentice in stale:
        assert apprentice.full_name in message.body
        assert apprentice.full_name in message.alternatives[0][0]
    assert "Sofie Nielsen" not in message.body  # assessed 12 days ago
    run(django_capture_on_commit_callbacks)  # a duplicated beat run
    assert len(mail.outbox) == 1
    assert RevisitReminder.objects.filter(round=1).count() == 2


def test_the_email_is_logged_as_a_read_of_the_names_it_shows(
    risk_world, django_capture_on_commit_callbacks
) -> None:
    run(django_capture_on_commit_callbacks)
    entry = AccessLogEntry.objects.get(purpose="dropout_risk.revisit_reminder")
    assert sorted(entry.apprentice_ids) == sorted(a.pk for a in stale_selected(risk_world))
    assert entry.user_email == "virksomhed@demo.test"
    assert entry.role_kind == "company_staff"


def test_managers_get_only_a_count_for_apprentices_nobody_selected(
    risk_world, django_capture_on_commit_callbacks
) -> None:
    nobodys = unselected_sosu(risk_world)
    LatestAssessment.objects.filter(apprentice=nobodys).update(
        assessed_at=timezone.now() - dt.timedelta(days=100)
    )
    run(django_capture_on_commit_callbacks)
    to_manager = next(m for m in mail.outbox if m.to == ["leder@demo.test"])
    assert nobodys.full_name not in to_manager.body
    assert nobodys.last_name not in to_manager.alternatives[0][0]
    assert "1 elev har en vurdering" in to_manager.body
    assert not AccessLogEntry.objects.filter(user_email="leder@demo.test").exists()


def test_a_new_period_reminds_again_and_a_new_assessment_starts_over(
    risk_world, karen_staff
) -> None:
    def run_at(when) -> None:
        for user_id in reminders.reminders_flag(now=when):
            reminders.reminder_email_send(user_id=user_id, now=when)

    now = timezone.now()
    run_at(now)
    first, second = stale_selected(risk_world)
    renewed = assessment_register(
        acting_user=risk_world.users["virksomhed"],
        staff=karen_staff,
        apprentice=first,
        level="low",
    )
    run_at(now + dt.timedelta(days=reminders.revisit_days(), hours=1))
    to_karen = [m for m in mail.outbox if m.to == ["virksomhed@demo.test"]]
    assert len(to_karen) == 2
    assert set(RevisitReminder.objects.filter(round=2).values_list("apprentice", flat=True)) == {
        second.pk
    }
    # The new assessment has its own first period.
    assert RevisitReminder.objects.filter(assessment=renewed, round=1).exists()


def test_the_database_refuses_a_second_reminder_for_the_same_period(risk_world) -> None:
    reminders.reminders_flag()
    reminder = RevisitReminder.objects.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        RevisitReminder.objects.create(
            assessment=reminder.assessment,
            apprentice=reminder.apprentice,
            company=reminder.company,
            round=reminder.round,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        RevisitReminderRecipient.objects.create(
            reminder=reminder, user=risk_world.users["virksomhed"]
        )


def test_a_failed_send_is_retried_without_losing_or_doubling(risk_world) -> None:
    (user_id,) = reminders.reminders_flag()
    with (
        mock.patch.object(reminders, "send_templated", side_effect=smtplib.SMTPException),
        pytest.raises(smtplib.SMTPException),
    ):
        reminders.reminder_email_send(user_id=user_id)
    assert not RevisitReminderRecipient.objects.filter(sent_at__isnull=False).exists()
    assert reminders.reminder_email_send(user_id=user_id) is True
    assert reminders.reminder_email_send(user_id=user_id) is False
    assert len(mail.outbox) == 1


def test_an_apprentice_deselected_before_sending_is_not_named(risk_world) -> None:
    (user_id,) = reminders.reminders_flag()
    first, second = stale_selected(risk_world)
    StaffSelection.objects.filter(apprentice=first).delete()
    reminders.reminder_email_send(user_id=user_id)
    body = mail.outbox[0].body
    assert first.full_name not in body and second.full_name in body


def test_nothing_is_flagged_once_the_agreement_has_ended(risk_world) -> None:
    for apprentice in stale_selected(risk_world):
        apprentice.agreements.update(end_date=timezone.localdate() - dt.timedelta(days=1))
    assert reminders.reminders_flag() == []
    assert not RevisitReminder.objects.exists()
