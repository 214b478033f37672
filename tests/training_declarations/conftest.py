"""Fixtures for the training declarations: the demo world with goal catalogues, and helpers
that make a request the way the apprentice does and read the link out of the e-mail."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pytest
from django.core import mail
from django.utils import timezone

from apprenticeship.models import Apprentice, School
from training_declarations import services
from training_declarations.demo import seed_demo_training_declarations
from training_declarations.models import Declaration, GoalCatalogue

LINK = re.compile(r"/logbog/erklaering/([A-Za-z0-9_-]{43})/")
CODE = re.compile(r"^\s*(\d{4,10})\s*$", re.MULTILINE)
RESPONSIBLE = "jens.ege@snedkeriet.demo.test"
SCHOOL_CONTACTS = ["kontakt@sosu-havnestad.demo.test", "vejleder@sosu-havnestad.demo.test"]


@pytest.fixture
def td_world(world):
    seed_demo_training_declarations(world)
    return world


@pytest.fixture
def sofie(td_world) -> Apprentice:
    return td_world.users["elev"].apprentice


def sosu_catalogue(world) -> GoalCatalogue:
    return GoalCatalogue.objects.get(education=world.educations["SOSU-ASS"], specialty=None)


def valid_cvr(world) -> str:
    return world.companies["kommune"].cvr


@dataclass
class Made:
    declaration: Declaration
    token: str


def token_from(message) -> str:
    match = LINK.search(message.body)
    assert match, message.body
    return match[1]


def code_from(message) -> str:
    match = CODE.search(message.body)
    assert match, message.body
    return match[1]


def make_request(
    world,
    capture,
    *,
    apprentice: Apprentice | None = None,
    period_end: dt.date | None = None,
    responsible: str = RESPONSIBLE,
    contacts: list[str] | None = None,
    team: str = "ASS-24",
    school: School | None = None,
) -> Made:
    """A request made through the service, as the create page does; the token is read from
    the e-mail (it is stored nowhere else)."""
    apprentice = apprentice or world.users["elev"].apprentice
    with capture(execute=True):
        declaration = services.declaration_create(
            apprentice=apprentice,
            acting_user=apprentice.user,
            training_type=Declaration.TrainingType.COMPANY,
            catalogue=sosu_catalogue(world),
            period_end=period_end or timezone.localdate() + dt.timedelta(days=14),
            main_course=2,
            school=school or world.schools["sosu"],
            team=team,
            responsible_email=responsible,
            school_emails=contacts or SCHOOL_CONTACTS,
            cvr=valid_cvr(world),
        )
    return Made(declaration=declaration, token=token_from(mail.outbox[-1]))


@pytest.fixture
def made(td_world, django_capture_on_commit_callbacks) -> Made:
    return make_request(td_world, django_capture_on_commit_callbacks)


def rating_post(declaration: Declaration, *, skip: set[int] = frozenset(), level: int = 2) -> dict:
    data = {
        "work_areas": "Hjemmeplejen, aftenvagt",
        "special_needs": "Ingen",
    }
    for goal in declaration.goals.all():
        if goal.position not in skip:
            data[f"goal_{goal.position}"] = str(level)
    return data
