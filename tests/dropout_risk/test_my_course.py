""" "Vis uddannelsesforløb" for the apprentice: the agreement tab shows the assessment."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from accesslog.models import AccessLogEntry
from companies.models import CompanyStaff
from dropout_risk.models import LatestAssessment
from dropout_risk.services import assessment_register
from tests.dropout_risk.conftest import elev

pytestmark = pytest.mark.django_db
PAGE = reverse("dropout_risk:my_course")


def test_the_agreement_tab_shows_the_assessment_its_date_and_the_employee(
    risk_world, as_user
) -> None:
    body = as_user("elev").get(PAGE).content.decode()
    latest = LatestAssessment.objects.get(apprentice=elev(risk_world))
    assert 'aria-current="page">Uddannelsesaftale<' in body
    assert "Middel" in body and "Karen Holm" in body
    assert date_format(timezone.localtime(latest.assessed_at).date(), "SHORT_DATE_FORMAT") in body
    assert "Havnestad Kommune" in body  # the agreement itself


def test_the_history_tab_lists_every_registration(risk_world, as_user) -> None:
    body = as_user("elev").get(PAGE, {"fane": "historik"}).content.decode()
    assert body.count("Karen Holm") == 2 and "Lav" in body and "Middel" in body


def test_it_is_logged_and_only_for_apprentices(risk_world, as_user, client) -> None:
    as_user("elev").get(PAGE)
    entry = AccessLogEntry.objects.get()
    assert (entry.apprentice_ids, entry.role_kind) == ([elev(risk_world).pk], "apprentice")
    assert as_user("virksomhed").get(PAGE).status_code == 404
    assert as_user("elev").post(PAGE).status_code == 405
    assert client.get(PAGE).status_code == 302


def test_after_ikke_angivet_the_apprentice_sees_ikke_angivet(world, as_user) -> None:
    staff = CompanyStaff.objects.get(user=world.users["virksomhed"])
    assessment_register(
        acting_user=world.users["virksomhed"], staff=staff, apprentice=elev(world), level="none"
    )
    body = as_user("elev").get(PAGE).content.decode()
    latest = body.split('data-testid="latest-details"')[1].split("</dl>")[0]
    assert "Ikke angivet" in latest and "Karen Holm" not in latest
