"""The population rule: at least 11 months in training on the reference date, a running
contract and a linked company; frozen at the extract."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from surveys import selectors, services
from surveys.models import Participant
from tests.surveys.factories import csv_upload, make_participant, make_round

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2026, 10, 1), -11, dt.date(2025, 11, 1)),
        (dt.date(2026, 3, 31), -1, dt.date(2026, 2, 28)),
        (dt.date(2024, 3, 31), -1, dt.date(2024, 2, 29)),
        (dt.date(2026, 8, 31), -11, dt.date(2025, 9, 30)),
        (dt.date(2026, 1, 15), -13, dt.date(2024, 12, 15)),
        (dt.date(2025, 12, 31), 2, dt.date(2026, 2, 28)),
    ],
)
def test_add_months_clamps_to_the_end_of_the_month(day, months, expected) -> None:
    assert selectors.add_months(day, months) == expected


def test_the_cutoff_for_1_october_is_1_november_the_year_before() -> None:
    assert selectors.population_cutoff(dt.date(2026, 10, 1)) == dt.date(2025, 11, 1)


@pytest.mark.parametrize(
    ("start", "included"),
    [
        (dt.date(2025, 10, 31), True),  # the day before the boundary: 11 months and a day
        (dt.date(2025, 11, 1), True),  # exactly 11 months on 1 October
        (dt.date(2025, 11, 2), False),  # one day short
    ],
)
def test_it_counts_exactly_eleven_months_on_the_reference_date(world, start, included) -> None:
    survey_round = make_round(frozen=False, reference_date=dt.date(2026, 10, 1))
    county = world.organisations["fylke"]
    person = make_participant(survey_round, county=county, contract_start=start)
    assert selectors.population(survey_round).filter(pk=person.pk).exists() is included


def test_it_needs_a_running_contract_and_a_company(world) -> None:
    survey_round = make_round(frozen=False)
    county = world.organisations["fylke"]
    running = make_participant(survey_round, county=county)
    ended = make_participant(
        survey_round, county=county, contract_status=Participant.ContractStatus.ENDED
    )
    paused = make_participant(
        survey_round, county=county, contract_status=Participant.ContractStatus.PAUSED
    )
    no_company = make_participant(survey_round, county=county)
    Participant.objects.filter(pk=no_company.pk).update(company=None)
    in_population = set(selectors.population(survey_round).values_list("pk", flat=True))
    assert running.pk in in_population
    assert not {ended.pk, paused.pk, no_company.pk} & in_population


def test_the_frozen_population_no_longer_changes(world) -> None:
    survey_round = make_round(frozen=False)
    county = world.organisations["fylke"]
    person = make_participant(survey_round, county=county)
    assert services.population_freeze(survey_round=survey_round) is True
    Participant.objects.filter(pk=person.pk).update(
        contract_status=Participant.ContractStatus.ENDED
    )
    assert list(selectors.population(survey_round)) == [person]
    assert services.population_freeze(survey_round=survey_round) is False  # idempotent


def test_no_import_after_the_freeze(world) -> None:
    survey_round = make_round(frozen=True)
    with pytest.raises(ValidationError):
        services.register_import(
            acting_user=world.users["fylke"],
            survey_round=survey_round,
            organisation=world.organisations["fylke"],
            upload=csv_upload([]),
        )


def test_the_data_quality_page_names_who_lacks_a_company(world, as_user) -> None:
    survey_round = make_round(frozen=False)
    county = world.organisations["fylke"]
    lost = make_participant(survey_round, county=county, name="Ola Utenbedrift")
    Participant.objects.filter(pk=lost.pk).update(company=None)
    make_participant(survey_round, county=county, name="Kari Medbedrift")
    response = as_user("fylke").get(
        f"/laerlingundersokelsen/runder/{survey_round.pk}/datakvalitet/",
        {"organisasjon": county.pk},
    )
    table = response.content.decode().split('data-testid="missing-company"')[1]
    table = table.split("</table>")[0]
    assert "Ola Utenbedrift" in table and lost.register_id in table
    assert "Kari Medbedrift" not in table
