"""Responses cannot be linked to participants (DESIGN.md invariant 5)."""

from __future__ import annotations

import pytest
from django.db import models

from surveys import answering
from surveys.models import (
    Answer,
    OutgoingMessage,
    Participant,
    PendingResponse,
    Response,
    SendJob,
)
from tests.surveys.factories import make_company, make_participant, make_round

ANSWER_MODELS = [Response, Answer, PendingResponse]
LINKING_MODELS = {Participant, OutgoingMessage, SendJob}


@pytest.mark.parametrize("model", ANSWER_MODELS)
def test_no_field_can_link_an_answer_to_a_participant(model) -> None:
    from django.apps import apps
    from django.conf import settings

    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    for field in model._meta.get_fields():
        related = getattr(field, "related_model", None)
        assert related not in LINKING_MODELS, f"{model.__name__}.{field.name} → {related}"
        assert related is not user_model, f"{model.__name__}.{field.name} points at a user"
        # No timestamp finer than a day that could be matched with a message or a log.
        assert not isinstance(field, models.DateTimeField | models.TimeField), field.name
        assert not any(w in field.name for w in ("participant", "token", "email", "mobile"))
    # Keys are random, not a sequence that gives away the order of answering.
    assert isinstance(model._meta.pk, models.UUIDField)


def test_nothing_links_a_participant_to_an_answer() -> None:
    for field in Participant._meta.get_fields():
        assert getattr(field, "related_model", None) not in set(ANSWER_MODELS), field.name


@pytest.mark.django_db
def test_a_small_companys_answers_are_pooled(world) -> None:
    survey_round = make_round()
    county = world.organisations["fylke"]
    small = make_company(county)
    big = make_company(county)
    lonely = make_participant(survey_round, county=county, company=small, last_message_number=0)
    crowd = [
        make_participant(survey_round, county=county, company=big, last_message_number=0)
        for _ in range(5)
    ]
    answering.response_submit(participant=lonely, answers={})
    answering.response_submit(participant=crowd[0], answers={})
    companies = sorted(PendingResponse.objects.values_list("company_id", flat=True), key=str)
    assert companies == sorted([None, big.pk], key=str)


@pytest.mark.django_db
def test_responses_store_the_day_only_and_the_organisation_whose_results_they_count_in(world):
    survey_round = make_round()
    office = world.organisations["kontor"]
    person = make_participant(
        survey_round, county=world.organisations["fylke"], office=office, last_message_number=0
    )
    answering.response_submit(participant=person, answers={})
    pending = PendingResponse.objects.get()
    assert pending.organisation == office
    answering.responses_flush(round_id=survey_round.pk, force=True)
    response = Response.objects.get()
    assert response.pk != pending.pk  # a fresh random key, not the pending row's
