"""Demo data: rejections registered by the municipality (Havnestad Kommune, the SOSU
employer), called from demo.services.seed_demo as `seed_demo_rejections(world)`.

Idempotent: nothing is added when the municipality already has rejections (the rows are
append-only, so there is no natural key to update by). Deterministic: the same rows every
time, spread over the last eleven months, with one registered late and one cancelled: enough
that the statistics show the common reasons and suppress the rare ones. Applicant names are
invented.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from companies.models import Workplace
from rejections.models import Cancellation, Rejection, RejectionReason
from rejections.regions import region_for_postal_code

# (code, text_da, text_en): the list of the data migration, for databases emptied by a
# flush (live-server tests) where the migration's rows are gone.
DEFAULT_REASONS = [
    ("adgangskrav", "Opfylder ikke adgangskrav", "Does not meet the entry requirements"),
    ("danskkundskaber", "Utilstrækkelige danskkundskaber", "Insufficient Danish language skills"),
    (
        "faglige-forudsaetninger",
        "Utilstrækkelige faglige forudsætninger",
        "Insufficient academic qualifications",
    ),
    (
        "personlige-sociale-kompetencer",
        "Vurdering af personlige og sociale kompetencer ved samtale",
        "Assessment of personal and social skills at the interview",
    ),
    (
        "udeblev-fra-samtale",
        "Ansøger udeblev fra samtale",
        "The applicant did not attend the interview",
    ),
    (
        "trak-tilbage-eller-takkede-nej",
        "Ansøger trak ansøgningen tilbage eller takkede nej",
        "The applicant withdrew the application or declined the offer",
    ),
    ("ingen-ledige-laerepladser", "Ingen ledige lærepladser", "No vacant training places"),
    (
        "straffe-eller-boerneattest",
        "Forhold vedrørende straffe- eller børneattest",
        "Matters concerning the criminal record or child protection certificate",
    ),
    ("andet", "Andet", "Other"),
]

# How often each reason is the primary one in the demo (weights, by code).
_WEIGHTS = {
    "ingen-ledige-laerepladser": 12,
    "personlige-sociale-kompetencer": 8,
    "danskkundskaber": 6,
    "trak-tilbage-eller-takkede-nej": 6,
    "udeblev-fra-samtale": 5,
    "adgangskrav": 4,
    "faglige-forudsaetninger": 3,
    "straffe-eller-boerneattest": 1,
    "andet": 2,
}
_FIRST = ["Amina", "Jonas", "Sara", "Mikkel", "Fatima", "Line", "Omar", "Nanna", "Kasper", "Zeynep"]
_LAST = ["Holm", "Berg", "Dahl", "Ali", "Friis", "Krogh", "Yilmaz", "Bech", "Lind", "Skov"]
COUNT = 200


def ensure_default_reasons() -> dict[str, RejectionReason]:
    for position, (code, text_da, text_en) in enumerate(DEFAULT_REASONS, start=1):
        RejectionReason.objects.get_or_create(
            code=code,
            defaults={"text_da": text_da, "text_en": text_en, "position": position * 10},
        )
    return {reason.code: reason for reason in RejectionReason.objects.all()}


@transaction.atomic
def seed_demo_rejections(world, *, today: dt.date | None = None) -> list[Rejection]:
    reasons = ensure_default_reasons()
    company = world.companies["kommune"]
    if Rejection.objects.filter(company=company).exists():
        return []
    today = today or timezone.localdate()
    rng = random.Random(115)  # noqa: S311 - demo data, deterministic on purpose
    workplaces = [w for w in world.workplaces["kommune"] if w.status == Workplace.Status.ACTIVE]
    registrars = [world.users["virksomhed"], world.users["leder"]]
    educations = [world.educations["SOSU-ASS"], world.educations["SOSU-HJ"]]
    codes = list(_WEIGHTS)
    created = []
    for number in range(COUNT):
        rejected_on = today - dt.timedelta(days=3 + rng.randrange(330))
        late = number == 5
        registered_on = rejected_on + dt.timedelta(days=20 if late else rng.randrange(10))
        registered_on = min(registered_on, today)
        primary = rng.choices(codes, weights=[_WEIGHTS[c] for c in codes])[0]
        secondary = rng.choice([None, None, *[c for c in codes if c != primary]])
        workplace = workplaces[number % len(workplaces)]
        created.append(
            Rejection.objects.create(
                company=company,
                workplace=workplace,
                education=educations[0 if rng.random() < 0.6 else 1],
                region=region_for_postal_code(workplace.postal_code or company.postal_code),
                rejected_on=rejected_on,
                primary_reason=reasons[primary],
                secondary_reason=reasons[secondary] if secondary else None,
                applicant_name=f"{rng.choice(_FIRST)} {rng.choice(_LAST)}",
                applicant_mobile=f"+45{rng.randrange(20, 32)}{rng.randrange(100000, 999999)}",
                registered_by=registrars[number % 2],
                registered_at=timezone.make_aware(
                    dt.datetime.combine(registered_on, dt.time(10, number % 60))
                ),
                is_late=(registered_on - rejected_on).days > 14,
            )
        )
    _cancel_one(created[7], world.users["leder"])
    return created


def _cancel_one(rejection: Rejection, user) -> None:
    Cancellation.objects.create(
        rejection=rejection,
        reason="Registreret to gange ved en fejl.",
        cancelled_by=user,
        cancelled_at=rejection.registered_at + dt.timedelta(hours=1),
    )
