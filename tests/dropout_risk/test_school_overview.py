""" "Elevoversigt" (school staff): filters, sorting, the profile, the export, the log."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accesslog.models import AccessLogEntry
from accounts.models import User
from apprenticeship.models import Apprentice, EducationAgreement, SchoolStaff
from dropout_risk.models import LatestAssessment
from tests.conftest import client_for
from tests.dropout_risk.conftest import add_sosu_apprentices, elev

pytestmark = pytest.mark.django_db
OVERVIEW = reverse("dropout_risk:school_overview")
EXPORT = reverse("dropout_risk:school_export")


def profile(apprentice: Apprentice) -> str:
    return reverse("dropout_risk:student_profile", args=[apprentice.pk])


def shown(client, **params) -> set[int]:
    response = client.get(OVERVIEW, params)
    assert response.status_code == 200
    return {row.record.pk for row in response.context["table"].page.object_list}


def school_students(world) -> set[int]:
    return set(
        Apprentice.objects.students_of_school_staff(world.users["skole"]).values_list(
            "pk", flat=True
        )
    )


def with_latest(world, **conditions) -> set[int]:
    return school_students(world) & set(
        LatestAssessment.objects.filter(**conditions).values_list("apprentice_id", flat=True)
    )


def test_it_is_on_the_front_page_and_in_the_menu_for_school_staff(world, as_user) -> None:
    body = as_user("skole").get("/").content.decode()
    assert body.count(f'href="{OVERVIEW}"') == 2
    assert reverse("dropout_risk:statistics") in body
    assert OVERVIEW not in as_user("virksomhed").get("/").content.decode()


def test_it_lists_the_schools_current_students_only(risk_world, as_user) -> None:
    client = as_user("skole")
    assert shown(client) == school_students(risk_world)
    assert len(school_students(risk_world)) == 30
    former = Apprentice.objects.get(email="tidligere1@elev.demo.test")
    assert former.pk not in shown(client)


@pytest.mark.parametrize("level", ["low", "medium", "high"])
def test_the_risk_filter_shows_each_level(risk_world, as_user, level) -> None:
    expected = with_latest(risk_world, level=level)
    assert expected  # the demo has every level
    assert shown(as_user("skole"), risk=[level]) == expected


def test_the_risk_filter_none_shows_sosu_students_without_an_assessment(
    risk_world, as_user
) -> None:
    carpenter = Apprentice.objects.create(
        first_name="Snedker", last_name="På SOSU", birth_date=dt.date(2001, 1, 1)
    )
    EducationAgreement.objects.create(
        apprentice=carpenter,
        company=risk_world.companies["snedker"],
        education=risk_world.educations["SNEDKER"],
        school=risk_world.schools["sosu"],
        start_date=timezone.localdate() - dt.timedelta(days=10),
        end_date=timezone.localdate() + dt.timedelta(days=10),
    )
    client = as_user("skole")
    expected = school_students(risk_world) - with_latest(risk_world) - {carpenter.pk}
    assert len(expected) == 2  # one never assessed, one whose assessment was removed
    assert shown(client, risk=["none"]) == expected
    assert carpenter.pk in shown(client)  # without the filter every student is listed
    assert shown(client, risk=["none", "high"]) == expected | with_latest(risk_world, level="high")


def test_the_date_filter_shows_assessments_older_than_the_date(risk_world, as_user) -> None:
    day = timezone.localdate() - dt.timedelta(days=60)
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    expected = with_latest(risk_world, assessed_at__lt=start)
    assert expected and expected != with_latest(risk_world)
    client = as_user("skole")
    assert shown(client, registered_before=day.isoformat()) == expected
    assert shown(client, registered_before=day.strftime("%d.%m.%Y")) == expected
    both = shown(client, registered_before=day.isoformat(), risk=["low"])
    assert both == expected & with_latest(risk_world, level="low")


def test_the_other_filters(risk_world, as_user) -> None:
    client = as_user("skole")
    helpers = set(
        EducationAgreement.objects.filter(education__code="SOSU-HJ").values_list(
            "apprentice_id", flat=True
        )
    )
    education = risk_world.educations["SOSU-HJ"].pk
    assert shown(client, education=education) == helpers & school_students(risk_world)
    team = EducationAgreement.objects.filter(apprentice=elev(risk_world)).get().team
    on_team = set(
        EducationAgreement.objects.current()
        .filter(team=team, school=risk_world.schools["sosu"])
        .values_list("apprentice_id", flat=True)
    )
    assert shown(client, team=team) == on_team
    assert shown(client, company="havnestad") == school_students(risk_world)
    assert shown(client, company="snedker") == set()
    assert shown(client, q="sofie niel") == {elev(risk_world).pk}


@pytest.mark.parametrize("sort", ["risk", "-risk", "registered", "-registered", "name", "-name"])
def test_it_sorts(risk_world, as_user, sort) -> None:
    response = as_user("skole").get(OVERVIEW, {"sort": sort})
    records = [row.record for row in response.context["table"].page.object_list]
    if sort.endswith("risk"):
        ranks = [r.risk_rank for r in records]
        assert ranks == sorted(ranks, reverse=sort.startswith("-"))
    if sort.endswith("registered"):
        dated = [r.latest.assessed_at for r in records if r.latest]
        assert dated == sorted(dated, reverse=sort.startswith("-"))


def test_the_name_opens_the_profile_with_who_registered_and_the_history(
    risk_world, as_user
) -> None:
    client = as_user("skole")
    overview = client.get(OVERVIEW, {"q": "Sofie"}).content.decode()
    assert f'href="{profile(elev(risk_world))}"' in overview
    body = client.get(profile(elev(risk_world))).content.decode()
    latest = LatestAssessment.objects.get(apprentice=elev(risk_world))
    assert "Middel" in body and "Karen Holm" in body
    assert (
        latest.assessed_at.astimezone(timezone.get_current_timezone()).strftime("%d.%m.%Y") in body
    )
    assert body.count("<tr>") - 1 == 2  # the history: two registrations (header row excluded)


def test_the_profile_answers_404_outside_the_school_and_403_to_other_roles(
    risk_world, as_user
) -> None:
    carpenter = Apprentice.objects.get(email="elev031@elev.demo.test")  # Erhvervsskolen Midt
    assert as_user("skole").get(profile(carpenter)).status_code == 404
    assert as_user("virksomhed").get(profile(elev(risk_world))).status_code == 403
    assert as_user("virksomhed").get(profile(carpenter)).status_code == 404
    assert as_user("admin").get(profile(carpenter)).status_code == 200


def test_others_cannot_use_the_overview(risk_world, as_user, client) -> None:
    assert as_user("virksomhed").get(OVERVIEW).status_code == 403
    assert as_user("elev").get(EXPORT).status_code == 403
    assert as_user("skole").post(OVERVIEW).status_code == 405
    assert client.get(OVERVIEW).status_code == 302


def test_the_overview_logs_exactly_the_students_on_the_page(risk_world, as_user) -> None:
    client = as_user("skole")
    add_sosu_apprentices(risk_world, 30)  # 60 students: two pages
    response = client.get(OVERVIEW, {"page": 2})
    on_page = [row.record.pk for row in response.context["table"].page.object_list]
    assert len(on_page) == 10
    entry = AccessLogEntry.objects.get()
    assert sorted(entry.apprentice_ids) == sorted(on_page)
    assert (entry.purpose, entry.role_kind) == ("dropout_risk.school_overview", "school_staff")


def test_a_profile_logs_the_one_student(risk_world, as_user) -> None:
    as_user("skole").get(profile(elev(risk_world)))
    entry = AccessLogEntry.objects.get()
    assert (entry.apprentice_ids, entry.purpose) == (
        [elev(risk_world).pk],
        "dropout_risk.student_profile",
    )


def test_the_export_holds_the_filtered_students_and_logs_every_one(risk_world, as_user) -> None:
    response = as_user("skole").get(EXPORT, {"risk": ["medium", "high"]})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="elevoversigt.xlsx"')
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("Navn", "Uddannelse", "Hold", "Virksomhed", "Frafaldsrisiko")
    expected = with_latest(risk_world, level__in=["medium", "high"])
    assert len(rows) - 1 == len(expected)
    assert {r[4] for r in rows[1:]} == {"Middel", "Høj"}
    entry = AccessLogEntry.objects.get()
    assert set(entry.apprentice_ids) == expected and entry.purpose == "dropout_risk.school_export"


def test_the_export_writes_formula_like_names_as_text(risk_world, as_user) -> None:
    Apprentice.objects.filter(pk=elev(risk_world).pk).update(first_name='=HYPERLINK("x")')
    response = as_user("skole").get(EXPORT, {"q": "Nielsen"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cell = sheet["A2"]
    assert cell.value == '=HYPERLINK("x") Nielsen' and cell.data_type == "s"


def test_the_overview_runs_the_same_queries_for_10_and_60_rows(risk_world) -> None:
    client = client_for(risk_world.users["skole"])
    add_sosu_apprentices(risk_world, 10)
    params = {"team": "SOSU-99"}
    client.get(OVERVIEW, params)  # warm-up

    def count() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(OVERVIEW, params)
        return len(queries), len(response.context["table"].page.object_list)

    ten, rows = count()
    assert rows == 10
    add_sosu_apprentices(risk_world, 50)
    sixty, rows = count()
    assert rows == 50  # the first page of 60
    assert sixty == ten


def test_the_profile_runs_the_same_queries_for_a_short_and_a_long_history(
    risk_world, karen_staff
) -> None:
    from dropout_risk.models import RiskLevel
    from dropout_risk.services import assessment_register

    client = client_for(risk_world.users["skole"])
    url = profile(elev(risk_world))
    client.get(url)  # warm-up

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    short = count()
    for level in [RiskLevel.LOW, RiskLevel.HIGH] * 5:
        assessment_register(
            acting_user=risk_world.users["virksomhed"],
            staff=karen_staff,
            apprentice=elev(risk_world),
            level=level,
        )
    assert count() == short


# --- The filter form without values is rendered once per choices (school_overview.html) ------


def filter_form(client, **params) -> str:
    body = client.get(OVERVIEW, params).content.decode()
    start = body.index('<form method="get"')
    return body[start : body.index("</form>", start)]


def team_options(form: str) -> set[str]:
    select = form[form.index('name="team"') : form.index("</select>", form.index('name="team"'))]
    return set(re.findall(r'<option value="([^"]+)"', select))


def current_teams(school) -> set[str]:
    agreements = EducationAgreement.objects.current().filter(school=school).exclude(team="")
    return set(agreements.values_list("team", flat=True))


def test_each_school_sees_its_own_choices_after_another_schools_form(risk_world, as_user) -> None:
    sosu, teknisk = risk_world.schools["sosu"], risk_world.schools["teknisk"]
    EducationAgreement.objects.filter(school=teknisk).update(team="TEK-1")
    other = User.objects.create_user("teknisk@andet.test", "x" * 16, full_name="Tage Teknik")
    SchoolStaff.objects.create(user=other, school=teknisk)
    assert current_teams(sosu) and current_teams(teknisk) == {"TEK-1"}

    first = filter_form(as_user("skole"))
    assert team_options(first) == current_teams(sosu)
    assert team_options(filter_form(client_for(other))) == {"TEK-1"}
    colleague = User.objects.create_user("kollega@skole.test", "x" * 16, full_name="Kollega")
    SchoolStaff.objects.create(user=colleague, school=sosu)
    assert filter_form(client_for(colleague)) == first  # the same choices, the same form
    # A page or a sort order alone is no filter value: the same form.
    assert filter_form(as_user("skole"), side=1, sort="-name") == first


def test_a_new_team_shows_as_soon_as_the_choices_are_read_again(risk_world, as_user) -> None:
    client = as_user("skole")
    assert "NYT-HOLD" not in team_options(filter_form(client))
    agreement = EducationAgreement.objects.current().filter(school=risk_world.schools["sosu"])
    agreement.filter(pk=agreement.first().pk).update(team="NYT-HOLD")
    user = risk_world.users["skole"]
    caches["local"].delete(f"dropout_risk:filter-choices:{user.pk}")  # the choices expire
    assert "NYT-HOLD" in team_options(filter_form(client))


def test_the_form_shows_what_was_typed_and_keeps_none_of_it(risk_world, as_user) -> None:
    client = as_user("skole")
    typed = filter_form(client, q="Sofie Nielsen", company="Havnestad", risk=["high"])
    assert 'value="Sofie Nielsen"' in typed and 'value="Havnestad"' in typed
    assert 'value="high" checked' in typed
    empty = filter_form(client)
    assert "Sofie Nielsen" not in empty and "checked" not in empty
    # Nothing the user typed is kept in the process's memory (the local cache holds choices
    # and the form without values only; LocMemCache keeps each value pickled in _cache).
    kept = b"".join(caches["local"]._cache.values())
    assert b"Sofie Nielsen" not in kept and b"Havnestad" not in kept


def test_the_form_is_in_each_users_language(risk_world, as_user) -> None:
    client = as_user("skole")
    assert "Søg på navn" in filter_form(client)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = filter_form(client)
    assert "Search by name" in english and "Søg på navn" not in english
