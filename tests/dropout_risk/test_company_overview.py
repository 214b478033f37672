""" "Frafaldsrisiko (SOSU)": the company's overview and the "Rediger" dialog/page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from accesslog.models import AccessLogEntry
from apprenticeship.models import Apprentice
from dropout_risk.models import Assessment, LatestAssessment
from tests.conftest import client_for
from tests.dropout_risk.conftest import add_sosu_apprentices, elev, unselected_sosu

pytestmark = pytest.mark.django_db
OVERVIEW = reverse("dropout_risk:company_overview")
FRAGMENT = {"HTTP_HX_REQUEST": "true"}


def edit(apprentice: Apprentice) -> str:
    return reverse("dropout_risk:assessment_edit", args=[apprentice.pk])


def today() -> str:
    return date_format(timezone.localdate(), "SHORT_DATE_FORMAT")


def test_it_is_on_the_front_page_and_in_the_menu_for_company_staff(world, as_user) -> None:
    body = as_user("virksomhed").get("/").content.decode()
    assert body.count(f'href="{OVERVIEW}"') == 2  # the tile and the menu bar
    assert "Frafaldsrisiko (SOSU)" in body
    assert f'href="{OVERVIEW}"' not in as_user("skole").get("/").content.decode()


def test_it_lists_the_selected_sosu_apprentices_with_the_latest_assessment(
    risk_world, as_user
) -> None:
    response = as_user("virksomhed").get(OVERVIEW)
    rows = response.context["rows"]
    assert [r.apprentice for r in rows] == sorted(
        risk_world.apprentices[:10], key=lambda a: (a.last_name, a.first_name, a.pk)
    )
    sofie = next(r for r in rows if r.apprentice == elev(risk_world))
    assert (sofie.latest.level, sofie.latest.registered_by_name) == ("medium", "Karen Holm")
    body = response.content.decode()
    assert "Seneste vurdering" in body and "Middel" in body and "Karen Holm" in body


def test_it_hides_unselected_and_other_companies_apprentices(risk_world, as_user) -> None:
    shown = {r.apprentice.pk for r in as_user("virksomhed").get(OVERVIEW).context["rows"]}
    assert unselected_sosu(risk_world).pk not in shown
    assert not shown & set(
        Apprentice.objects.filter(agreements__company=risk_world.companies["snedker"]).values_list(
            "pk", flat=True
        )
    )


def test_the_page_version_saves_and_redirects_back_to_the_overview(risk_world, as_user) -> None:
    client = as_user("virksomhed")
    apprentice = elev(risk_world)
    page = client.get(edit(apprentice))
    assert page.status_code == 200
    assert 'name="level"' in page.content.decode() and "Gem" in page.content.decode()
    response = client.post(edit(apprentice), {"level": "high", "next": OVERVIEW})
    assert response.status_code == 302 and response["Location"] == OVERVIEW
    body = client.get(OVERVIEW).content.decode()
    row = body[body.index(f'id="risk-row-{apprentice.pk}"') :].split("</tr>")[0]
    assert "Høj" in row and today() in row and "Karen Holm" in row


def test_the_dialog_gets_the_form_and_then_the_updated_row(risk_world, as_user) -> None:
    client = as_user("virksomhed")
    apprentice = elev(risk_world)
    form = client.get(edit(apprentice), **FRAGMENT)
    assert form.status_code == 200
    assert (
        "<html" not in form.content.decode() and 'id="risk-dialog-title"' in form.content.decode()
    )
    row = client.post(edit(apprentice), {"level": "low"}, **FRAGMENT)
    body = row.content.decode()
    assert row.status_code == 200
    assert body.strip().startswith(f'<tr id="risk-row-{apprentice.pk}"')
    assert "Lav" in body and today() in body and "Karen Holm" in body


def test_an_invalid_level_comes_back_in_the_dialog_with_a_message(risk_world, as_user) -> None:
    response = as_user("virksomhed").post(edit(elev(risk_world)), {"level": "x"}, **FRAGMENT)
    assert response.status_code == 422
    assert "Vælg en af de fire frafaldsrisici." in response.content.decode()
    assert Assessment.objects.filter(apprentice=elev(risk_world)).count() == 2  # the demo's


def test_ikke_angivet_removes_the_assessment_from_the_row(risk_world, as_user) -> None:
    apprentice = elev(risk_world)
    body = as_user("virksomhed").post(edit(apprentice), {"level": "none"}, **FRAGMENT)
    text = body.content.decode()
    assert "Ikke angivet" in text and "Karen Holm" not in text
    assert not LatestAssessment.objects.filter(apprentice=apprentice).exists()
    assert Assessment.objects.filter(apprentice=apprentice, level="none").count() == 1


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_company_cannot_assess_an_apprentice_it_has_not_selected(
    risk_world, as_user, method
) -> None:
    client = as_user("virksomhed")
    for apprentice in (
        unselected_sosu(risk_world),
        Apprentice.objects.get(email="elev031@elev.demo.test"),  # the carpentry's
        Apprentice.objects.get(email="tidligere1@elev.demo.test"),  # agreement ended
    ):
        response = getattr(client, method)(edit(apprentice), {"level": "high"})
        assert response.status_code == 404
        assert not Assessment.objects.filter(apprentice=apprentice, level="high").exists()


def test_another_employee_of_the_company_cannot_assess_karens_apprentices(
    risk_world, as_user
) -> None:
    response = as_user("leder").post(edit(elev(risk_world)), {"level": "high"})
    assert response.status_code == 404


def test_a_latest_assessment_by_an_earlier_company_is_not_shown(risk_world, as_user) -> None:
    LatestAssessment.objects.filter(apprentice=elev(risk_world)).update(
        company=risk_world.companies["snedker"]
    )
    rows = as_user("virksomhed").get(OVERVIEW).context["rows"]
    assert next(r for r in rows if r.apprentice == elev(risk_world)).latest is None


def test_wrong_methods_and_anonymous_users(risk_world, as_user, client) -> None:
    assert as_user("virksomhed").post(OVERVIEW).status_code == 405
    assert as_user("virksomhed").put(edit(elev(risk_world))).status_code == 405
    response = client.get(OVERVIEW)
    assert response.status_code == 302 and "/konto/login/" in response["Location"]


def test_users_without_a_company_get_404(risk_world, as_user) -> None:
    assert as_user("skole").get(OVERVIEW).status_code == 404
    assert as_user("elev").get(edit(elev(risk_world))).status_code == 404


def test_the_overview_logs_exactly_the_apprentices_on_the_page(risk_world, as_user) -> None:
    response = as_user("virksomhed").get(OVERVIEW)
    entry = AccessLogEntry.objects.get()
    assert sorted(entry.apprentice_ids) == sorted(r.apprentice.pk for r in response.context["rows"])
    assert entry.purpose == "dropout_risk.company_overview"
    assert (entry.role_kind, entry.organisation_id) == (
        "company_staff",
        risk_world.companies["kommune"].pk,
    )


def test_the_dialog_and_the_saved_row_each_log_the_one_apprentice(risk_world, as_user) -> None:
    client = as_user("virksomhed")
    apprentice = elev(risk_world)
    client.get(edit(apprentice), **FRAGMENT)
    client.post(edit(apprentice), {"level": "low"}, **FRAGMENT)
    client.post(edit(apprentice), {"level": "high", "next": OVERVIEW})  # redirect: shows nothing
    entries = list(AccessLogEntry.objects.order_by("pk"))
    assert [e.apprentice_ids for e in entries] == [[apprentice.pk], [apprentice.pk]]
    assert {e.purpose for e in entries} == {"dropout_risk.assessment"}


def test_the_overview_runs_the_same_queries_for_10_and_60_rows(
    risk_world, karen_staff, django_assert_max_num_queries
) -> None:
    client = client_for(risk_world.users["virksomhed"])
    client.get(OVERVIEW)  # warm-up: sessions, terms, content types

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(OVERVIEW).status_code == 200
        return len(queries)

    ten = count()
    assert len(client.get(OVERVIEW).context["rows"]) == 10
    extra = add_sosu_apprentices(risk_world, 50, select_for=karen_staff)
    for apprentice in extra[::3]:
        client.post(edit(apprentice), {"level": "medium"}, **FRAGMENT)
    with django_assert_max_num_queries(ten):
        response = client.get(OVERVIEW)
    assert len(response.context["rows"]) == 60
    assert count() == ten
