"""Answering through the personal link: no login, GET changes nothing, once only, only
until the last day, in bokmål unless the participant chose otherwise."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from surveys import links
from surveys.models import Participant, PendingResponse, Response, SurveyRound
from tests.surveys.factories import make_participant, make_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def invited(world) -> Participant:
    survey_round = make_round()
    return make_participant(
        survey_round, county=world.organisations["fylke"], last_message_number=0
    )


def url_for(participant: Participant) -> str:
    return f"/laerlingundersokelsen/svar/{links.token_for(participant.token_nonce)}/"


def answers_for(participant: Participant, value: str = "4") -> dict[str, str]:
    first, _second, text = participant.round.questions.order_by("position")
    return {f"q{first.pk}": value, f"q{text.pk}": "Fin læretid"}


def test_the_link_opens_the_questionnaire_without_login(invited) -> None:
    response = Client().get(url_for(invited))
    assert response.status_code == 200
    assert "Trives du?" in response.content.decode()
    assert response["Cache-Control"] == "no-store"


def test_a_get_never_uses_up_the_link(invited) -> None:
    client = Client()
    for _ in range(3):  # mail scanners pre-open links
        assert client.get(url_for(invited)).status_code == 200
    invited.refresh_from_db()
    assert not invited.has_answered
    assert not PendingResponse.objects.exists()


def test_an_answer_is_stored_and_counted(invited, as_user) -> None:
    client = Client()
    response = client.post(url_for(invited), answers_for(invited))
    assert response.status_code == 302
    invited.refresh_from_db()
    assert invited.has_answered
    assert PendingResponse.objects.count() == 1
    assert 'data-testid="answer-done"' in client.get(url_for(invited)).content.decode()
    dashboard = as_user("fylke").get(f"/laerlingundersokelsen/runder/{invited.round_id}/")
    assert 'data-testid="answered-total">1<' in dashboard.content.decode()


def test_every_question_can_be_skipped(invited) -> None:
    assert Client().post(url_for(invited), {}).status_code == 302
    invited.refresh_from_db()
    assert invited.has_answered
    assert PendingResponse.objects.get().answers == []


def test_a_second_answer_through_the_same_link_is_refused(invited) -> None:
    client = Client()
    client.post(url_for(invited), answers_for(invited))
    response = client.post(url_for(invited), answers_for(invited, "1"))
    assert response.status_code == 200  # the "already answered" page
    assert 'data-testid="answer-done"' in response.content.decode()
    assert PendingResponse.objects.count() == 1


def test_a_concurrent_second_submit_is_refused_by_the_conditional_update(invited) -> None:
    from surveys import answering

    answering.response_submit(participant=invited, answers={})
    with pytest.raises(answering.AlreadyAnswered):
        answering.response_submit(participant=invited, answers={})  # a stale object
    assert PendingResponse.objects.count() == 1


def test_no_answers_after_the_last_day(invited) -> None:
    SurveyRound.objects.filter(pk=invited.round_id).update(
        last_day=timezone.localdate() - dt.timedelta(days=1)
    )
    response = Client().post(url_for(invited), answers_for(invited))
    assert response.status_code == 410
    invited.refresh_from_db()
    assert not invited.has_answered
    assert not PendingResponse.objects.exists()


def test_a_value_outside_the_scale_is_refused(invited) -> None:
    response = Client().post(url_for(invited), answers_for(invited, "9"))
    assert response.status_code == 200
    invited.refresh_from_db()
    assert not invited.has_answered


@pytest.mark.parametrize("token", ["0", "x" * 64, "a" * 300])
def test_an_unknown_link_is_not_found(invited, token) -> None:
    assert Client().get(f"/laerlingundersokelsen/svar/{token}/").status_code == 404


def test_a_participant_who_was_never_invited_has_no_working_link(world) -> None:
    survey_round = make_round()
    person = make_participant(survey_round, county=world.organisations["fylke"])
    assert Client().get(url_for(person)).status_code == 404


def test_only_the_hash_of_the_token_is_stored(invited) -> None:
    token = links.token_for(invited.token_nonce)
    stored = Participant.objects.filter(pk=invited.pk).values()[0]
    assert token not in {str(v) for v in stored.values()}
    assert stored["token_hash"] == links.token_hash(token)


def test_the_page_is_in_bokmal_by_default(invited) -> None:
    response = Client().get(url_for(invited))
    assert response["Content-Language"] == "nb"
    assert '<html lang="nb">' in response.content.decode()


def test_the_participant_can_choose_another_language(invited, settings) -> None:
    response = Client().get(url_for(invited) + "?lang=en")
    assert '<html lang="en">' in response.content.decode()
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "da"
    assert '<html lang="da">' in client.get(url_for(invited)).content.decode()


def test_the_flush_mixes_pending_answers_into_responses(world, settings) -> None:
    from surveys import answering

    settings.SURVEYS_RESPONSE_MIX_BATCH = 3
    survey_round = make_round()
    people = [
        make_participant(survey_round, county=world.organisations["fylke"], last_message_number=0)
        for _ in range(3)
    ]
    question = survey_round.questions.first()
    for person in people[:2]:
        answering.response_submit(participant=person, answers={question.pk: (5, "")})
    assert answering.responses_flush(round_id=survey_round.pk) == 0  # too few to mix
    answering.response_submit(participant=people[2], answers={question.pk: (3, "")})
    assert answering.responses_flush(round_id=survey_round.pk) == 3
    assert not PendingResponse.objects.exists()
    assert Response.objects.filter(round=survey_round).count() == 3
    assert answering.responses_flush(round_id=survey_round.pk, force=True) == 0


def test_each_scale_is_a_row_of_visible_design_system_radios(invited) -> None:
    body = Client().get(url_for(invited) + "?lang=da").content.decode()
    first = invited.round.questions.order_by("position").first()
    # DKFDS hides .form-radio inputs and draws them on the label that follows: the label
    # must be the input's next sibling, and no container may carry the class.
    assert f'id="id_q{first.pk}_0"><label for="id_q{first.pk}_0">1</label>' in body
    assert f'<div id="id_q{first.pk}" class="form-radio">' not in body
    assert "Vil ikke svare" in body
