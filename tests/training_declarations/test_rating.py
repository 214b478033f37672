"""The training responsible's personal link: open, draft, every goal required, confirm,
submit, lock; expired, replaced and used links."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accesslog.models import AccessLogEntry
from tests.training_declarations.conftest import SCHOOL_CONTACTS, rating_post
from training_declarations.models import Declaration, DeclarationLink

pytestmark = pytest.mark.django_db


def url(name: str, token: str) -> str:
    return reverse(f"training_declarations:{name}", kwargs={"token": token})


def test_it_opens_without_an_account_and_shows_every_goal(made) -> None:
    response = Client().get(url("rating_form", made.token))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Sofie Nielsen" in body
    for goal in made.declaration.goals.all():
        assert goal.text in body
    assert "Har ikke arbejdet med målet" in body


def test_opening_marks_it_opened_but_does_not_use_the_link_up(
    made, django_capture_on_commit_callbacks
) -> None:
    client = Client()
    for _ in range(3):  # a mail scanner, the preview pane, the person
        assert client.get(url("rating_form", made.token)).status_code == 200
    made.declaration.refresh_from_db()
    assert made.declaration.status == Declaration.Status.OPENED
    assert made.declaration.opened_at is not None
    assert made.declaration.submitted_at is None
    # The link still works for the real submit.
    client.post(url("rating_review", made.token), rating_post(made.declaration))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("rating_submit", made.token))
    assert response.status_code == 302
    made.declaration.refresh_from_db()
    assert made.declaration.status == Declaration.Status.SUBMITTED


def test_get_on_every_link_page_changes_nothing_but_the_opened_status(made) -> None:
    client = Client()
    before = made.declaration.links.values_list("revoked_at", "renewal_requested_at").get()
    client.get(url("rating_form", made.token))
    client.get(url("rating_confirm", made.token))
    assert client.get(url("rating_submit", made.token)).status_code == 405
    assert client.get(url("rating_save", made.token)).status_code == 405
    assert client.get(url("link_renewal", made.token)).status_code == 405
    made.declaration.refresh_from_db()
    assert made.declaration.status == Declaration.Status.OPENED
    assert made.declaration.links.values_list("revoked_at", "renewal_requested_at").get() == before


def test_a_draft_is_saved_and_resumed(made) -> None:
    client = Client()
    data = rating_post(made.declaration, skip={2, 3})
    response = client.post(url("rating_save", made.token), data)
    assert response.status_code == 302
    goals = {g.position: g.level for g in made.declaration.goals.all()}
    assert goals[1] == 2 and goals[2] is None and goals[3] is None
    page = Client().get(url("rating_form", made.token))
    assert page.context["form"].initial["goal_1"] == 2
    assert page.context["form"].initial["work_areas"] == "Hjemmeplejen, aftenvagt"
    made.declaration.refresh_from_db()
    assert made.declaration.draft_saved_at is not None
    assert made.declaration.status == Declaration.Status.OPENED


def test_every_goal_is_required_and_the_form_keeps_the_input(made) -> None:
    client = Client()
    data = rating_post(made.declaration, skip={3}, level=3)
    response = client.post(url("rating_review", made.token), data)
    assert response.status_code == 200  # shown again, not on to the confirmation
    form = response.context["form"]
    assert list(form.errors) == ["goal_3"]
    body = response.content.decode()
    assert "Vælg et niveau for målet (0–3)." in body
    # What was typed is still there.
    assert 'name="goal_1" value="3" id="id_goal_1_3" checked' in body
    assert "Hjemmeplejen, aftenvagt" in body
    # …and kept as a draft too.
    assert made.declaration.goals.get(position=1).level == 3
    assert made.declaration.goals.get(position=3).level is None


def test_a_goal_not_worked_with_is_answered_with_0(made) -> None:
    client = Client()
    data = rating_post(made.declaration, level=0)
    assert client.post(url("rating_review", made.token), data).status_code == 302
    assert set(made.declaration.goals.values_list("level", flat=True)) == {0}


@pytest.mark.parametrize("value", ["4", "-1", "x"])
def test_levels_outside_the_scale_are_refused(made, value: str) -> None:
    data = rating_post(made.declaration)
    data["goal_1"] = value
    response = Client().post(url("rating_save", made.token), data)
    assert response.status_code == 200
    assert "goal_1" in response.context["form"].errors


def test_submitting_asks_for_confirmation_first(made) -> None:
    client = Client()
    response = client.post(url("rating_review", made.token), rating_post(made.declaration))
    assert response.url == url("rating_confirm", made.token)
    confirm = client.get(response.url)
    assert confirm.status_code == 200
    assert "Bekræft og send erklæringen" in confirm.content.decode()
    made.declaration.refresh_from_db()
    assert made.declaration.status == Declaration.Status.OPENED  # not sent yet


def test_the_confirmation_step_sends_back_to_the_form_when_goals_are_missing(made) -> None:
    response = Client().get(url("rating_confirm", made.token))
    assert response.status_code == 302
    assert response.url == url("rating_form", made.token)


def test_submit_refuses_an_incomplete_declaration(made) -> None:
    client = Client()
    client.post(url("rating_save", made.token), rating_post(made.declaration, skip={1}))
    response = client.post(url("rating_submit", made.token))
    assert response.url == url("rating_form", made.token)
    made.declaration.refresh_from_db()
    assert made.declaration.status != Declaration.Status.SUBMITTED


def submit(made, capture) -> None:
    client = Client()
    client.post(url("rating_review", made.token), rating_post(made.declaration))
    with capture(execute=True):
        response = client.post(url("rating_submit", made.token))
    assert response.url == reverse("training_declarations:rating_done")


def test_submit_sends_it_to_the_school_contacts_and_the_apprentice(
    made, django_capture_on_commit_callbacks
) -> None:
    mail.outbox.clear()
    submit(made, django_capture_on_commit_callbacks)
    recipients = sorted(address for m in mail.outbox for address in m.to)
    assert recipients == sorted([*SCHOOL_CONTACTS, "elev@demo.test"])
    school_mail = next(m for m in mail.outbox if m.to == [SCHOOL_CONTACTS[0]])
    detail = reverse("training_declarations:backoffice_detail", args=[made.declaration.pk])
    assert detail in school_mail.body
    apprentice_mail = next(m for m in mail.outbox if m.to == ["elev@demo.test"])
    assert reverse("training_declarations:apprentice_detail", args=[made.declaration.pk]) in (
        apprentice_mail.body
    )
    # The e-mails carry a link to the declaration, never its content or the rating link.
    assert made.token not in "".join(m.body for m in mail.outbox)


def test_after_submit_the_declaration_is_locked_and_the_link_used(
    made, django_capture_on_commit_callbacks
) -> None:
    submit(made, django_capture_on_commit_callbacks)
    client = Client()
    page = client.get(url("rating_form", made.token))
    assert page.status_code == 410
    assert "Erklæringen er allerede sendt" in page.content.decode()
    # No change gets in any more, by any of the link's actions.
    changed = rating_post(made.declaration, level=0)
    assert client.post(url("rating_save", made.token), changed).status_code == 410
    assert client.post(url("rating_review", made.token), changed).status_code == 410
    assert client.post(url("rating_submit", made.token)).status_code == 410
    assert set(made.declaration.goals.values_list("level", flat=True)) == {2}
    # The page for a used link shows nothing about the apprentice.
    assert "Sofie" not in page.content.decode()


def test_an_expired_link_shows_a_clear_page_and_a_way_to_ask_for_a_new_one(
    made, django_capture_on_commit_callbacks
) -> None:
    past = timezone.now() - dt.timedelta(minutes=1)
    made.declaration.links.update(expires_at=past)
    Declaration.objects.filter(pk=made.declaration.pk).update(link_expires_at=past)
    client = Client()
    page = client.get(url("rating_form", made.token))
    assert page.status_code == 410
    body = page.content.decode()
    assert "Linket er udløbet" in body
    assert "Bed lærlingen om et nyt link" in body
    assert (
        client.post(url("rating_save", made.token), rating_post(made.declaration)).status_code
        == 410
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("link_renewal", made.token))
        client.post(url("link_renewal", made.token))  # a double click sends one e-mail
    assert [m.to for m in mail.outbox] == [["elev@demo.test"]]
    assert "beder om et nyt" in mail.outbox[0].body
    again = client.get(url("rating_form", made.token))
    assert "Lærlingen har fået besked" in again.content.decode()


def test_a_renewed_request_replaces_the_old_link_and_keeps_the_draft(
    made, as_user, django_capture_on_commit_callbacks
) -> None:
    Client().post(url("rating_save", made.token), rating_post(made.declaration, skip={2}))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user("elev").post(
            reverse("training_declarations:declaration_renew", args=[made.declaration.pk])
        )
    assert response.status_code == 302
    new_token = mail.outbox[-1].body.split("/logbog/erklaering/")[1].split("/")[0]
    assert new_token != made.token
    old = Client().get(url("rating_form", made.token))
    assert old.status_code == 410
    assert "Linket er erstattet af et nyt" in old.content.decode()
    new = Client().get(url("rating_form", new_token))
    assert new.status_code == 200
    assert new.context["form"].initial["goal_1"] == 2


@pytest.mark.parametrize(
    "token",
    ["x", "A" * 43, "A" * 44, "%3Cscript%3E", "o9VJINtp3_bztH3XG5m9ohuW4RZ8C3XSMf9jMA2jXO!"],
)
def test_an_unknown_link_is_a_404_page(td_world, token: str) -> None:
    response = Client().get(f"/logbog/erklaering/{token}/")
    assert response.status_code == 404
    assert "Linket virker ikke" in response.content.decode()


def test_only_the_hash_of_the_token_is_stored(made) -> None:
    link = made.declaration.links.get()
    assert made.token not in link.token_hash
    assert len(made.token) >= 22  # ≥ 128 bits in URL-safe base64
    assert link.expires_at - link.created_at == dt.timedelta(days=30)


def test_the_link_lifetime_is_configurable(
    td_world, django_capture_on_commit_callbacks, settings
) -> None:
    from tests.training_declarations.conftest import make_request

    settings.DECLARATION_LINK_DAYS = 5
    made = make_request(td_world, django_capture_on_commit_callbacks)
    link = DeclarationLink.objects.get(declaration=made.declaration)
    assert link.expires_at - link.created_at == dt.timedelta(days=5)


def test_every_link_page_showing_the_declaration_is_logged(made) -> None:
    client = Client()
    client.get(url("rating_form", made.token))
    client.post(url("rating_review", made.token), rating_post(made.declaration))
    client.get(url("rating_confirm", made.token))
    entries = list(AccessLogEntry.objects.order_by("id"))
    assert [e.url_name for e in entries] == [
        "training_declarations:rating_form",
        "training_declarations:rating_confirm",
    ]
    for entry in entries:
        assert entry.apprentice_ids == [made.declaration.apprentice_id]
        assert entry.user_id is None
        assert entry.purpose == "training_declarations.rating"
        assert entry.role_kind == "training_responsible"
        assert "jens.ege@snedkeriet.demo.test" in entry.organisation_name
        assert entry.ip == "127.0.0.1"


def test_a_logged_in_portal_user_opening_the_link_is_logged_as_themself(made, as_user) -> None:
    as_user("oplaering").get(url("rating_form", made.token))
    entry = AccessLogEntry.objects.get()
    assert entry.user_email == "oplaering@demo.test"
