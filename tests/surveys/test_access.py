"""Who reaches what: the role, the organisation's scope, 404 for anything out of scope."""

from __future__ import annotations

import pytest
from django.test import Client

from surveys import selectors
from surveys.models import Participant, SurveyAdministrator
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
BASE = "/laerlingundersokelsen/"


def test_survey_admins_get_the_front_page_link(survey, as_user) -> None:
    body = as_user("fylke").get("/").content.decode()
    assert f'href="{BASE}"' in body
    assert "Lærlingundersøkelsen" in body
    assert f'href="{BASE}"' not in as_user("virksomhed").get("/").content.decode()


def test_anonymous_users_are_sent_to_login(survey) -> None:
    round_id = survey.rounds["current"].pk
    for url in (BASE, f"{BASE}runder/{round_id}/", f"{BASE}runder/{round_id}/datakvalitet/"):
        response = Client().get(url)
        assert response.status_code == 302
        assert "/konto/login/" in response.url


def test_a_user_without_the_role_is_told_whom_to_ask(survey) -> None:
    response = client_for(survey.users["fylke_kollega"]).get(BASE)
    body = response.content.decode()
    assert response.status_code == 403
    assert "fylke@demo.test" in body  # the organisation's access manager
    assert "Den daglige leder af opplæringskontoret" in body


def test_someone_elses_organisation_is_not_found(survey, as_user) -> None:
    kontor = survey.organisations["kontor"]
    round_id = survey.rounds["current"].pk
    client = as_user("fylke")
    assert client.get(f"{BASE}?organisasjon={kontor.pk}").status_code == 404
    assert client.get(f"{BASE}runder/{round_id}/?organisasjon={kontor.pk}").status_code == 404
    response = client.post(f"{BASE}runder/{round_id}/invitasjoner/", {"organisasjon": kontor.pk})
    assert response.status_code == 404
    assert (
        not survey.rounds["current"]
        .jobs.filter(organisation=kontor, number=0)
        .exclude(created_by=survey.users["kontor"])
        .exists()
    )


def test_an_unknown_round_is_not_found(survey, as_user) -> None:
    assert as_user("fylke").get(f"{BASE}runder/999999/").status_code == 404


def test_posting_only_views_refuse_get(survey, as_user) -> None:
    round_id = survey.rounds["current"].pk
    client = as_user("fylke")
    assert client.get(f"{BASE}runder/{round_id}/invitasjoner/").status_code == 405
    assert client.get(f"{BASE}runder/{round_id}/purring/").status_code == 405


def register_ids_on(client, url: str) -> set[str]:
    body = client.get(url).content.decode()
    return {p for p in Participant.objects.values_list("register_id", flat=True) if p in body}


def test_data_quality_shows_each_organisation_its_own_people(survey, as_user) -> None:
    survey_round = survey.rounds["next"]
    url = f"{BASE}runder/{survey_round.pk}/datakvalitet/"
    county, office = survey.organisations["fylke"], survey.organisations["kontor"]
    problems = Participant.objects.filter(
        pk__in=selectors.population(survey_round).values("pk"), round=survey_round
    ).exclude(email_valid=True, mobile_e164__gt="")
    county_sees = register_ids_on(as_user("fylke"), url)
    office_sees = register_ids_on(as_user("kontor"), url)
    assert county_sees == set(problems.filter(county=county).values_list("register_id", flat=True))
    assert office_sees == set(
        problems.filter(training_office=office).values_list("register_id", flat=True)
    )
    elsewhere = problems.filter(training_office=office).exclude(county=county)
    assert elsewhere.exists()
    assert not county_sees & set(elsewhere.values_list("register_id", flat=True))
    standalone = problems.filter(county=county, training_office=None)
    assert standalone.exists()
    assert not office_sees & set(standalone.values_list("register_id", flat=True))


def test_the_data_quality_page_has_a_query_budget(survey, as_user, django_assert_max_num_queries):
    client = as_user("fylke")
    url = f"{BASE}runder/{survey.rounds['next'].pk}/datakvalitet/"
    with django_assert_max_num_queries(30):
        assert client.get(url).status_code == 200


def test_the_dashboard_has_a_query_budget(survey, as_user, django_assert_max_num_queries):
    client = as_user("kontor")
    url = f"{BASE}runder/{survey.rounds['current'].pk}/"
    with django_assert_max_num_queries(35):
        assert client.get(url).status_code == 200


def test_the_dashboard_counts_the_office_in_progress(survey, as_user) -> None:
    survey_round = survey.rounds["current"]
    office = survey.organisations["kontor"]
    answered = Participant.objects.filter(
        round=survey_round, training_office=office, has_answered=True
    ).count()
    assert answered > 0
    body = as_user("kontor").get(f"{BASE}runder/{survey_round.pk}/").content.decode()
    assert f'data-testid="answered-total">{answered}<' in body
    assert "Send purring 1 af 3" in body


# --- Granting the role ------------------------------------------------------------------


def test_an_access_manager_grants_and_revokes_the_role(survey, as_user) -> None:
    fylke, colleague = survey.organisations["fylke"], survey.users["fylke_kollega"]
    client = as_user("fylke")
    page = client.get(f"{BASE}tilganger/")
    assert page.status_code == 302
    assert page.url == f"{BASE}tilganger/{fylke.pk}/"
    assert colleague.email in client.get(page.url).content.decode()
    client.post(f"{BASE}tilganger/{fylke.pk}/gi/", {"user": colleague.pk})
    assert SurveyAdministrator.objects.filter(user=colleague, organisation=fylke).exists()
    assert client_for(colleague).get(BASE).status_code == 200
    client.post(f"{BASE}tilganger/{fylke.pk}/fjern/", {"user": colleague.pk})
    assert not SurveyAdministrator.objects.filter(user=colleague, organisation=fylke).exists()


def test_the_role_goes_only_to_users_registered_under_the_organisation(survey, as_user):
    fylke = survey.organisations["fylke"]
    outsider = survey.users["kontor_kollega"]
    as_user("fylke").post(f"{BASE}tilganger/{fylke.pk}/gi/", {"user": outsider.pk})
    assert not SurveyAdministrator.objects.filter(user=outsider).exists()


def test_only_the_organisations_access_manager_reaches_its_access_page(survey, as_user):
    fylke = survey.organisations["fylke"]
    assert as_user("kontor").get(f"{BASE}tilganger/{fylke.pk}/").status_code == 404
    colleague = client_for(survey.users["fylke_kollega"])
    assert colleague.get(f"{BASE}tilganger/{fylke.pk}/").status_code == 404
    response = colleague.post(
        f"{BASE}tilganger/{fylke.pk}/gi/", {"user": survey.users["fylke_kollega"].pk}
    )
    assert response.status_code == 404
    assert not SurveyAdministrator.objects.filter(user=survey.users["fylke_kollega"]).exists()


def test_the_admin_pages_follow_the_language_cookie(survey, as_user, settings) -> None:
    client = as_user("fylke")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nb"
    body = client.get(f"{BASE}runder/{survey.rounds['current'].pk}/").content.decode()
    assert '<html lang="nb">' in body
