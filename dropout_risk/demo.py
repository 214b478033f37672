"""Demo assessments: a history for the municipality's SOSU apprentices (call after
demo.services.seed_demo has built the world). Idempotent: an apprentice that already has
assessments is left alone."""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from apprenticeship.models import EducationAgreement
from dropout_risk.models import Assessment, RiskLevel
from dropout_risk.services import assessment_import

if TYPE_CHECKING:
    from demo.services import DemoWorld

L, M, H, N = RiskLevel.LOW, RiskLevel.MEDIUM, RiskLevel.HIGH, RiskLevel.NONE

# elev@demo.test (Sofie Nielsen, first in the world's list): two registrations by Karen Holm,
# the latest "Middel" 12 days ago, the earlier "Lav" 140 days ago.
ELEV_HISTORY = ((140, L), (12, M))
# The other nine apprentices Karen Holm has selected: (days ago, level), oldest first. Some are
# older than 90 days (the reminder task flags them); one was removed ("Ikke angivet").
SELECTED_HISTORIES = (
    ((300, L), (120, M)),
    ((60, H),),
    ((200, M), (100, H), (30, M)),
    ((45, L),),
    ((150, H), (95, N)),
    ((10, L),),
    ((400, M), (130, L)),
    (),
    ((20, H),),
)


@transaction.atomic
def seed_demo_dropout_risk(world: DemoWorld, *, today: dt.date | None = None) -> None:
    now = timezone.make_aware(dt.datetime.combine(today or timezone.localdate(), dt.time(10)))
    karen, peter = world.users["virksomhed"], world.users["leder"]
    sosu = [a for a in world.apprentices if _sosu_agreement(a, world) is not None]
    selected = world.apprentices[:10]
    _history(world, selected[0], ELEV_HISTORY, karen, now)
    for apprentice, history in zip(selected[1:], SELECTED_HISTORIES, strict=True):
        _history(world, apprentice, history, karen, now)
    # The rest of the municipality's SOSU apprentices, registered by the manager: enough in the
    # current quarter that the statistics show numbers next to their "<5" cells.
    rng = random.Random(5)  # noqa: S311 - demo data
    levels = (L, L, L, M, M, H)
    for apprentice in sosu:
        if apprentice in selected:
            continue
        history = (
            (rng.randrange(200, 400), rng.choice(levels)),
            (rng.randrange(1, 40), rng.choice(levels)),
        )
        _history(world, apprentice, history, peter, now)


def _sosu_agreement(apprentice, world: DemoWorld) -> EducationAgreement | None:
    return (
        EducationAgreement.objects.current()
        .filter(apprentice=apprentice, company=world.companies["kommune"], education__is_sosu=True)
        .select_related("education")
        .first()
    )


def _history(world, apprentice, history, user, now: dt.datetime) -> None:
    if not history or Assessment.objects.filter(apprentice=apprentice).exists():
        return
    agreement = _sosu_agreement(apprentice, world)
    if agreement is None:
        return
    for days_ago, level in history:
        assessment_import(
            apprentice=apprentice,
            level=level,
            registered_by=user,
            registered_at=now - dt.timedelta(days=days_ago),
            agreement=agreement,
        )
