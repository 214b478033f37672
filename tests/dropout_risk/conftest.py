"""Fixtures for dropout_risk: the demo world with its demo assessments."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from apprenticeship.models import (
    Apprentice,
    Education,
    EducationAgreement,
    School,
    StaffSelection,
)
from companies.models import CompanyStaff
from dropout_risk.demo import seed_demo_dropout_risk


@pytest.fixture
def risk_world(world):
    """The demo world plus seed_demo_dropout_risk (until seed_demo calls it itself)."""
    seed_demo_dropout_risk(world)
    return world


@pytest.fixture
def karen_staff(world) -> CompanyStaff:
    return CompanyStaff.objects.get(
        user=world.users["virksomhed"], company=world.companies["kommune"]
    )


def elev(world) -> Apprentice:
    return Apprentice.objects.get(user=world.users["elev"])


def unassessed(world) -> Apprentice:
    """One of Karen Holm's selected apprentices with no assessment in the demo data."""
    from dropout_risk.models import Assessment

    return next(
        a for a in world.apprentices[:10] if not Assessment.objects.filter(apprentice=a).exists()
    )


def unselected_sosu(world) -> Apprentice:
    """A municipality SOSU apprentice Karen Holm has not selected."""
    return world.apprentices[12]


def add_sosu_apprentices(
    world,
    count: int,
    *,
    select_for: CompanyStaff | None = None,
    school: School | None = None,
    education: Education | None = None,
) -> list[Apprentice]:
    """`count` more current SOSU apprentices at the municipality (at SOSU Havnestad on the
    SOSU helper education unless told otherwise)."""
    today = timezone.localdate()
    made = []
    for index in range(count):
        apprentice = Apprentice.objects.create(
            first_name="Ekstra", last_name=f"Elev {index:03d}", birth_date=dt.date(2000, 1, 1)
        )
        EducationAgreement.objects.create(
            apprentice=apprentice,
            company=world.companies["kommune"],
            workplace=world.workplaces["kommune"][0],
            education=education or world.educations["SOSU-HJ"],
            school=school or world.schools["sosu"],
            team="SOSU-99",
            start_date=today - dt.timedelta(days=30),
            end_date=today + dt.timedelta(days=700),
        )
        if select_for is not None:
            StaffSelection.objects.create(staff=select_for, apprentice=apprentice)
        made.append(apprentice)
    return made
