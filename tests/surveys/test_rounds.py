"""A round's dates: the guide's defaults, configurable, and ordered."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from surveys import services
from surveys.models import SurveyRound

pytestmark = pytest.mark.django_db


def test_a_new_round_gets_the_guides_dates() -> None:
    survey_round = services.round_create(acting_user=None, year=2030)
    assert survey_round.reference_date == dt.date(2030, 10, 1)
    assert survey_round.opens_on == dt.date(2030, 10, 7)
    assert survey_round.last_day == dt.date(2030, 11, 1)
    assert survey_round.results_on == dt.date(2030, 11, 27)
    deadline = timezone.localtime(survey_round.correction_deadline)
    assert (deadline.date(), deadline.hour, deadline.minute) == (dt.date(2030, 9, 30), 12, 0)
    assert survey_round.title == "Lærlingundersøkelsen 2030"


def test_the_default_dates_are_configurable(settings) -> None:
    settings.SURVEYS_DEFAULT_DATES = {"opens_on": (10, 9), "last_day": (11, 8)}
    survey_round = services.round_create(acting_user=None, year=2031)
    assert (survey_round.opens_on, survey_round.last_day) == (
        dt.date(2031, 10, 9),
        dt.date(2031, 11, 8),
    )


def test_the_dates_must_be_in_order() -> None:
    survey_round = services.round_create(acting_user=None, year=2032)
    survey_round.results_on = survey_round.last_day
    with pytest.raises(ValidationError):
        survey_round.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        SurveyRound.objects.filter(pk=survey_round.pk).update(results_on=survey_round.last_day)


def test_the_admin_offers_the_default_dates_for_a_new_round(world, as_user) -> None:
    response = as_user("admin").get("/admin/surveys/surveyround/add/")
    assert response.status_code == 200
    initial = response.context["adminform"].form.initial
    year = initial["year"]
    assert initial["opens_on"] == dt.date(year, 10, 7)
