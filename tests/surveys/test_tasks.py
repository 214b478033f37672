"""Scheduled state changes: freeze at the extract, close after the last day, publish."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from surveys import answering, sending, tasks
from surveys.models import PendingResponse, Response, SendJob, SurveyRound
from tests.surveys.factories import make_participant, make_round

pytestmark = pytest.mark.django_db


def test_it_freezes_the_population_at_the_extract_time(world) -> None:
    survey_round = make_round(frozen=False, opens_in=10)
    person = make_participant(survey_round, county=world.organisations["fylke"])
    assert tasks.advance_rounds() == []
    SurveyRound.objects.filter(pk=survey_round.pk).update(
        extract_at=timezone.now() - dt.timedelta(minutes=1)
    )
    assert tasks.advance_rounds() == [f"{survey_round.year}: frozen"]
    person.refresh_from_db()
    assert person.in_population
    assert tasks.advance_rounds() == []  # a doubled beat tick changes nothing
    assert tasks.freeze_population(survey_round.pk) is False
    assert tasks.freeze_population(999999) is False  # a vanished round


def test_it_closes_after_the_last_day_and_publishes_on_the_results_date(world) -> None:
    today = timezone.localdate()
    survey_round = make_round()
    people = [
        make_participant(survey_round, county=world.organisations["fylke"], last_message_number=0)
        for _ in range(2)
    ]
    answering.response_submit(participant=people[0], answers={})
    SurveyRound.objects.filter(pk=survey_round.pk).update(last_day=today - dt.timedelta(days=1))
    assert tasks.advance_rounds() == [f"{survey_round.year}: closed"]
    assert not PendingResponse.objects.exists()  # the last answers are mixed in
    assert Response.objects.count() == 1
    SurveyRound.objects.filter(pk=survey_round.pk).update(results_on=today)
    assert tasks.advance_rounds() == [f"{survey_round.year}: published"]
    survey_round.refresh_from_db()
    assert survey_round.published_at is not None
    assert tasks.advance_rounds() == []


def test_closing_stops_a_running_job(world) -> None:
    survey_round = make_round()
    make_participant(survey_round, county=world.organisations["fylke"])
    job = sending.invitations_send(
        acting_user=world.users["fylke"],
        survey_round=survey_round,
        organisation=world.organisations["fylke"],
    )
    SurveyRound.objects.filter(pk=survey_round.pk).update(
        last_day=timezone.localdate() - dt.timedelta(days=1)
    )
    tasks.advance_rounds()
    job.refresh_from_db()
    assert job.status == SendJob.Status.STOPPED


def test_a_chunk_task_for_a_vanished_chunk_does_nothing(world) -> None:
    assert tasks.send_chunk(999999) == 0
    assert tasks.dispatch_job(999999) == 0
