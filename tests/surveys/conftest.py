"""Survey fixtures: the demo survey data on top of the demo world, SMS kept in memory."""

from __future__ import annotations

import pytest

from surveys import sms
from surveys.demo import SurveyDemo, seed_demo_surveys
from surveys.models import Answer, SurveyRound


@pytest.fixture(autouse=True)
def sms_outbox(settings) -> list[sms.Sms]:
    settings.SURVEYS_SMS_BACKEND = "locmem"
    sms.outbox.clear()
    return sms.outbox


@pytest.fixture
def world(world):
    """The demo world without its survey rounds: each test builds the rounds it counts on
    (the `survey` fixture brings the demo rounds back)."""
    Answer.objects.all().delete()  # answers protect their questions
    SurveyRound.objects.all().delete()
    return world


@pytest.fixture
def survey(world) -> SurveyDemo:
    return seed_demo_surveys(world)
