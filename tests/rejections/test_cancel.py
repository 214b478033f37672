""" "Annullér": a wrong registration is corrected by a cancellation, never by an edit."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from rejections import services
from rejections.models import Cancellation

pytestmark = pytest.mark.django_db


def confirm_url(rejection) -> str:
    return reverse("rejections:cancel_confirm", args=[rejection.pk])


def cancel_url(rejection) -> str:
    return reverse("rejections:cancel", args=[rejection.pk])


def test_the_confirmation_step_shows_the_rejection_without_applicant_data(
    as_user, staff, record
) -> None:
    rejection = record(staff)
    response = as_user("virksomhed").get(confirm_url(rejection))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ingen ledige lærepladser" in html
    for secret in ("Amina Holm", "+4520123456", "Søndergade 4"):
        assert secret not in html
    assert not Cancellation.objects.exists()  # showing the step changes nothing


def test_cancelling_records_reason_by_whom_and_when(as_user, world, staff, record) -> None:
    rejection = record(staff)
    client = as_user("leder")
    response = client.post(cancel_url(rejection), {"reason": "Registreret to gange."})
    assert response.status_code == 302
    assert response["Location"] == reverse("rejections:list")
    cancellation = Cancellation.objects.get()
    assert cancellation.rejection == rejection
    assert cancellation.reason == "Registreret to gange."
    assert cancellation.cancelled_by == world.users["leder"]
    assert cancellation.cancelled_at is not None
    html = client.get(reverse("rejections:list")).content.decode()
    assert "Annulleret" in html
    assert confirm_url(rejection) not in html  # no second "Annullér"


def test_a_reason_is_required_and_the_form_is_shown_again(as_user, staff, record) -> None:
    rejection = record(staff)
    response = as_user("virksomhed").post(cancel_url(rejection), {"reason": "  "})
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    assert not Cancellation.objects.exists()


def test_a_rejection_is_cancelled_once(as_user, staff, record) -> None:
    rejection = record(staff)
    client = as_user("virksomhed")
    client.post(cancel_url(rejection), {"reason": "Forkert uddannelse."})
    response = client.post(cancel_url(rejection), {"reason": "Igen."})
    assert response.status_code == 200
    assert "allerede annulleret" in response.content.decode()
    assert Cancellation.objects.count() == 1
    assert "allerede annulleret" in client.get(confirm_url(rejection)).content.decode()


def test_the_cancel_action_is_post_only(as_user, staff, record) -> None:
    rejection = record(staff)
    assert as_user("virksomhed").get(cancel_url(rejection)).status_code == 405
    assert as_user("virksomhed").post(confirm_url(rejection)).status_code == 405


def test_another_companys_rejection_is_404(as_user, other_staff, record) -> None:
    foreign = record(other_staff)
    client = as_user("virksomhed")
    assert client.get(confirm_url(foreign)).status_code == 404
    assert client.post(cancel_url(foreign), {"reason": "x"}).status_code == 404
    assert not Cancellation.objects.exists()


def test_a_missing_rejection_is_404(as_user) -> None:
    url = reverse("rejections:cancel_confirm", kwargs={"rejection_id": 999999})
    assert as_user("virksomhed").get(url).status_code == 404


def test_anonymous_is_sent_to_login(client, staff, record) -> None:
    rejection = record(staff)
    for response in (client.get(confirm_url(rejection)), client.post(cancel_url(rejection))):
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]


def test_the_service_refuses_a_user_of_another_company(other_staff, staff, record) -> None:
    rejection = record(staff)
    with pytest.raises(ValidationError):
        services.rejection_cancel(acting_user=other_staff.user, rejection=rejection, reason="x")
