"""Adgangslog (portal admin) and the management's export: scope, logging, validation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accesslog.models import AccessLogEntry
from accounts.roles import RoleKind
from tests.accesslog.xlsx import read_rows, response_bytes

pytestmark = pytest.mark.django_db
LIST = reverse("accesslog:list")
EXPORT = reverse("accesslog:export")
COMPANY = reverse("accesslog:company")
COMPANY_EXPORT = reverse("accesslog:company_export")
ALL_URLS = [LIST, EXPORT, COMPANY, COMPANY_EXPORT]


def _period(days: int = 7) -> dict[str, str]:
    today = timezone.localdate()
    return {"fra": (today - dt.timedelta(days=days)).isoformat(), "til": today.isoformat()}


def _newest() -> AccessLogEntry:
    return AccessLogEntry.objects.latest("id")


# --- Adgangslog: the portal admin -----------------------------------------------------------


def test_the_admin_sees_entries_newest_first_and_the_view_is_logged(
    as_user, make_entry, django_assert_max_num_queries
) -> None:
    older = make_entry(apprentice_ids=[5, 6], age=dt.timedelta(hours=2))
    newer = make_entry(apprentice_ids=[6, 7], age=dt.timedelta(hours=1))
    for n in range(48):
        make_entry(apprentice_ids=[7], age=dt.timedelta(days=2, minutes=n))
    client = as_user("admin")
    # About 17 are the session, terms and role providers every page pays; the page itself
    # is one SELECT and one INSERT however many rows it shows.
    with django_assert_max_num_queries(22):
        response = client.get(LIST)
    assert response.status_code == 200
    assert [row["entry"] for row in response.context["rows"]][:2] == [newer, older]
    logged = _newest()
    assert (logged.purpose, logged.apprentice_ids) == ("accesslog.list", [5, 6, 7])
    assert logged.role_kind == RoleKind.PORTAL_ADMIN
    assert logged.url_name == "accesslog:list"


def test_it_filters_by_apprentice_and_organisation(as_user, make_entry) -> None:
    hit = make_entry(apprentice_ids=[5], organisation_id=8)
    make_entry(apprentice_ids=[5], organisation_id=9)
    make_entry(apprentice_ids=[6], organisation_id=8)
    query = {**_period(), "elev": "5", "organisationstype": "company", "organisation": "8"}
    response = as_user("admin").get(LIST, query)
    assert [row["entry"] for row in response.context["rows"]] == [hit]


def test_it_pages_by_fifty(as_user, make_entry) -> None:
    for n in range(51):
        make_entry(apprentice_ids=[n + 1])
    response = as_user("admin").get(LIST)
    assert len(response.context["rows"]) == 50
    assert response.context["has_next"] and not response.context["has_previous"]
    second = as_user("admin").get(LIST, {"side": "2"})
    assert second.context["has_previous"]


def test_long_id_lists_are_shortened_and_only_shown_ids_are_logged(as_user, make_entry) -> None:
    make_entry(apprentice_ids=list(range(1, 31)))
    response = as_user("admin").get(LIST)
    assert response.context["rows"][0]["more"] == 10
    assert _newest().apprentice_ids == list(range(1, 21))


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"fra": "2025-02-01", "til": "2025-01-01"}, "Slutdatoen skal ligge efter startdatoen"),
        ({"fra": "2023-01-01", "til": "2025-01-01"}, "højst være 366 dage"),
        ({"fra": "i går", "til": "2025-01-01"}, "gyldig dato"),
        ({"organisation": "4"}, "Angiv typen"),
    ],
)
def test_a_bad_search_shows_errors_and_logs_nothing(as_user, make_entry, query, message) -> None:
    make_entry()
    response = as_user("admin").get(LIST, query)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "rows" not in response.context
    assert AccessLogEntry.objects.count() == 1


def test_the_admin_export_holds_every_matching_row_and_is_logged(as_user, make_entry) -> None:
    make_entry(apprentice_ids=[5, 6], user_name="=cmd|' /C calc'!A0")
    make_entry(apprentice_ids=[7])
    make_entry(apprentice_ids=[99], age=dt.timedelta(days=30))  # outside the period
    response = as_user("admin").get(EXPORT, _period())
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    rows = read_rows(response_bytes(response))
    assert len(rows) == 3
    assert rows[2][1].value == "=cmd|' /C calc'!A0" and rows[2][1].data_type == "s"
    logged = _newest()
    assert (logged.purpose, logged.apprentice_ids) == ("accesslog.export", [5, 6, 7])
    assert logged.role_kind == RoleKind.PORTAL_ADMIN


def test_a_bad_export_request_is_refused(as_user) -> None:
    response = as_user("admin").get(EXPORT, {"fra": "x"})
    assert response.status_code == 400
    assert not AccessLogEntry.objects.exists()


# --- The management's export -----------------------------------------------------------------


@pytest.fixture
def company_entries(world, make_entry) -> dict[str, AccessLogEntry]:
    ours = world.companies["kommune"].pk
    other = world.companies["snedker"].pk
    return {
        "ours": make_entry(organisation_id=ours, apprentice_ids=[1, 2]),
        "ours_trainer": make_entry(
            organisation_id=ours, apprentice_ids=[3], role_kind="training_responsible"
        ),
        "other": make_entry(organisation_id=other, apprentice_ids=[50]),
        "school_same_id": make_entry(
            organisation_type="school", organisation_id=ours, apprentice_ids=[60]
        ),
        "old": make_entry(organisation_id=ours, apprentice_ids=[70], age=dt.timedelta(days=20)),
    }


def test_the_manager_sees_the_export_form(as_user) -> None:
    response = as_user("leder").get(COMPANY)
    assert response.status_code == 200
    assert "Eksportér som regneark" in response.content.decode()


def test_the_management_export_holds_only_its_companys_entries(
    world, as_user, company_entries
) -> None:
    response = as_user("leder").get(COMPANY_EXPORT, _period())
    assert response.status_code == 200
    rows = read_rows(response_bytes(response))
    assert sorted(row[6].value for row in rows[1:]) == ["1, 2", "3"]
    logged = _newest()
    assert (logged.purpose, logged.apprentice_ids) == ("accesslog.export", [1, 2, 3])
    assert (logged.role_kind, logged.organisation_id) == (
        RoleKind.COMPANY_MANAGER,
        world.companies["kommune"].pk,
    )


def test_another_companys_id_is_out_of_scope(world, as_user, company_entries) -> None:
    query = {**_period(), "virksomhed": str(world.companies["snedker"].pk)}
    assert as_user("leder").get(COMPANY_EXPORT, query).status_code == 404


def test_a_bad_period_is_shown_on_the_form(as_user) -> None:
    response = as_user("leder").get(COMPANY_EXPORT, {"fra": "2025-02-01", "til": "2025-01-01"})
    assert response.status_code == 400
    assert "Slutdatoen skal ligge efter startdatoen" in response.content.decode()


# --- Who may not ----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["virksomhed", "skole", "elev", "oplaering", "fylke"])
@pytest.mark.parametrize("url", ALL_URLS)
def test_everyone_else_gets_404(as_user, persona, url) -> None:
    assert as_user(persona).get(url).status_code == 404


@pytest.mark.parametrize("url", [COMPANY, COMPANY_EXPORT])
def test_the_portal_admin_has_no_company_export(as_user, url) -> None:
    assert as_user("admin").get(url).status_code == 404


@pytest.mark.parametrize("url", [LIST, EXPORT])
def test_a_manager_has_no_portal_admin_search(as_user, url) -> None:
    assert as_user("leder").get(url).status_code == 404


@pytest.mark.parametrize("url", ALL_URLS)
def test_anonymous_is_sent_to_login(client, url) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("url", ALL_URLS)
def test_only_get_is_allowed(as_user, url) -> None:
    assert as_user("admin").post(url).status_code == 405
