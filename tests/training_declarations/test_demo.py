"""The demo data: catalogues for snedker and SOSU, and requests for the back office."""

from __future__ import annotations

import pytest

from training_declarations.demo import DEMO_SCHOOL_CONTACT, seed_demo_training_declarations
from training_declarations.models import Declaration, GoalCatalogue, TrainingGoal

pytestmark = pytest.mark.django_db


def test_the_demo_has_snedker_and_sosu_catalogues(td_world) -> None:
    byg = GoalCatalogue.objects.get(specialty=td_world.specialties["SNED-BYG"])
    mob = GoalCatalogue.objects.get(specialty=td_world.specialties["SNED-MOB"])
    assert byg.goals.count() == mob.goals.count() == 12
    assert GoalCatalogue.objects.get(education=td_world.educations["SOSU-ASS"]).goals.exists()
    assert GoalCatalogue.objects.get(education=td_world.educations["SOSU-HJ"]).goals.exists()


def test_the_demo_requests_show_every_status(td_world) -> None:
    declarations = Declaration.objects.for_backoffice(DEMO_SCHOOL_CONTACT)
    assert {d.shown_status for d in declarations} == {"sent", "opened", "submitted", "expired"}
    for declaration in declarations:
        assert declaration.company_name == "Snedkeriet Ege & Søn ApS"


def test_seeding_twice_changes_nothing(td_world) -> None:
    counts = (Declaration.objects.count(), TrainingGoal.objects.count())
    seed_demo_training_declarations(td_world)
    assert (Declaration.objects.count(), TrainingGoal.objects.count()) == counts
