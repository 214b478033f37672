"""Demo data for the training declarations: goal catalogues for snedker (bygningssnedker,
møbelsnedker) and SOSU, and a few requests of the snedker apprentices at Snedkeriet Ege & Søn
so the back office has something to show. Idempotent; sends no e-mail.

Called from demo.services.seed_demo as `seed_demo_training_declarations(world)`.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from apprenticeship.models import Apprentice, EducationAgreement
from training_declarations import tokens
from training_declarations.models import (
    Declaration,
    DeclarationContact,
    DeclarationGoal,
    DeclarationLink,
    GoalCatalogue,
    TrainingGoal,
)

# The school contact and training responsible on the demo requests: both can log in to the
# back office with a code (the code is printed with the e-mail on the console).
DEMO_SCHOOL_CONTACT = "logbog@erhvervsskolen-midt.demo.test"
DEMO_RESPONSIBLE = "oplaering@demo.test"

_SNEDKER_COMMON = [
    "Lærlingen kan planlægge og tilrettelægge egne arbejdsopgaver ud fra tegninger og "
    "arbejdsbeskrivelser.",
    "Lærlingen kan anvende og vedligeholde håndværktøj og håndholdt el-værktøj sikkert.",
    "Lærlingen kan betjene stationære træbearbejdningsmaskiner efter gældende sikkerhedsregler.",
    "Lærlingen kan vælge og anvende træsorter og pladematerialer ud fra deres egenskaber.",
]
_SNEDKER_END = [
    "Lærlingen kan arbejde efter reglerne for arbejdsmiljø og sikkerhed på værksted og byggeplads.",
    "Lærlingen kan udføre kvalitetskontrol af eget arbejde og dokumentere det.",
]
CATALOGUES: dict[tuple[str, str | None], tuple[str, list[str]]] = {
    ("SNEDKER", "SNED-BYG"): (
        "BYG",
        [
            *_SNEDKER_COMMON,
            "Lærlingen kan udføre opmåling og afsætning på byggepladsen.",
            "Lærlingen kan fremstille og montere døre og karme.",
            "Lærlingen kan fremstille og montere vinduer, herunder tætning og fugning.",
            "Lærlingen kan fremstille og montere trapper efter opmåling.",
            "Lærlingen kan montere indvendige beklædninger, lofter og skillevægge.",
            "Lærlingen kan overfladebehandle bygningsdele.",
            *_SNEDKER_END,
        ],
    ),
    ("SNEDKER", "SNED-MOB"): (
        "MOB",
        [
            *_SNEDKER_COMMON,
            "Lærlingen kan tegne et enkelt møbel og beregne materialeforbruget.",
            "Lærlingen kan programmere og betjene en CNC-maskine til enkle emner.",
            "Lærlingen kan fremstille møbler i massivt træ med traditionelle samlinger.",
            "Lærlingen kan fremstille kassemøbler i pladematerialer med beslag og skuffer.",
            "Lærlingen kan finere og lime emner, herunder vælge lim og presning.",
            "Lærlingen kan slibe og overfladebehandle møbler med lak, olie og bejdse.",
            *_SNEDKER_END,
        ],
    ),
    ("SOSU-ASS", None): (
        "ASS",
        [
            "Eleven kan udføre sygepleje til borgere med akutte og kroniske sygdomme.",
            "Eleven kan observere, dokumentere og reagere på ændringer i borgerens tilstand.",
            "Eleven kan håndtere medicin efter gældende regler og instrukser.",
            "Eleven kan udføre rehabiliterende arbejde sammen med borgeren.",
            "Eleven kan kommunikere professionelt med borgere, pårørende og kolleger.",
            "Eleven kan arbejde med hygiejne og forebygge smitte.",
            "Eleven kan indgå i tværfagligt og tværsektorielt samarbejde.",
            "Eleven kan anvende velfærdsteknologi og digital dokumentation.",
        ],
    ),
    ("SOSU-HJ", None): (
        "HJ",
        [
            "Eleven kan udføre personlig og praktisk hjælp med respekt for borgerens ressourcer.",
            "Eleven kan observere og rapportere ændringer i borgerens tilstand.",
            "Eleven kan arbejde forebyggende og sundhedsfremmende.",
            "Eleven kan anvende forflytningsteknikker og hjælpemidler sikkert.",
            "Eleven kan arbejde efter reglerne for hygiejne.",
            "Eleven kan kommunikere med borgere og pårørende i hverdagssituationer.",
        ],
    ),
}


@transaction.atomic
def seed_demo_training_declarations(world, *, today: dt.date | None = None) -> None:
    today = today or timezone.localdate()
    catalogues = _seed_catalogues(world)
    _seed_declarations(world, catalogues, today)


def _seed_catalogues(world) -> dict[str, GoalCatalogue]:
    result = {}
    for (education_code, specialty_code), (prefix, texts) in CATALOGUES.items():
        catalogue, _ = GoalCatalogue.objects.get_or_create(
            education=world.educations[education_code],
            specialty=world.specialties[specialty_code] if specialty_code else None,
        )
        if not catalogue.goals.exists():
            TrainingGoal.objects.bulk_create(
                TrainingGoal(catalogue=catalogue, code=f"{prefix}-{n:02d}", position=n, text=text)
                for n, text in enumerate(texts, start=1)
            )
        result[specialty_code or education_code] = catalogue
    return result


# (apprentice e-mail, days from today to the period's end, state)
_REQUESTS = (
    ("elev031@elev.demo.test", -20, "submitted"),
    ("elev032@elev.demo.test", 10, "opened"),
    ("elev033@elev.demo.test", 14, "sent"),
    ("elev034@elev.demo.test", -40, "expired"),
)


def _seed_declarations(world, catalogues: dict[str, GoalCatalogue], today: dt.date) -> None:
    now = timezone.now()
    for email, days, state in _REQUESTS:
        apprentice = Apprentice.objects.filter(email=email).first()
        agreement = (
            EducationAgreement.objects.filter(apprentice=apprentice)
            .select_related("company", "specialty", "education")
            .first()
        )
        if apprentice is None or agreement is None:
            continue
        period_end = today + dt.timedelta(days=days)
        if Declaration.objects.filter(apprentice=apprentice, period_end=period_end).exists():
            continue
        catalogue = catalogues[agreement.specialty.code if agreement.specialty else "SNEDKER"]
        created = now + dt.timedelta(days=min(days, 0) - 14)
        expires = created + dt.timedelta(days=30)
        declaration = Declaration.objects.create(
            apprentice=apprentice,
            training_type=Declaration.TrainingType.COMPANY,
            catalogue=catalogue,
            period_end=period_end,
            main_course=2,
            school=agreement.school,
            team=agreement.team or "SNED-24",
            responsible_email=DEMO_RESPONSIBLE,
            cvr=agreement.company.cvr,
            company_name=agreement.company.name,
            created_at=created,
            link_expires_at=expires,
            status={
                "submitted": Declaration.Status.SUBMITTED,
                "opened": Declaration.Status.OPENED,
            }.get(state, Declaration.Status.SENT),
            opened_at=created + dt.timedelta(days=1) if state in {"submitted", "opened"} else None,
            submitted_at=created + dt.timedelta(days=3) if state == "submitted" else None,
            work_areas=(
                "Produktion af døre og vinduer på værkstedet; montage af trapper hos kunder."
                if state == "submitted"
                else ""
            ),
            special_needs="Ingen." if state == "submitted" else "",
        )
        DeclarationContact.objects.create(declaration=declaration, email=DEMO_SCHOOL_CONTACT)
        goals = list(catalogue.goals.order_by("position"))
        DeclarationGoal.objects.bulk_create(
            DeclarationGoal(
                declaration=declaration,
                position=goal.position,
                code=goal.code,
                text=goal.text,
                level=_demo_level(goal.position, state),
            )
            for goal in goals
        )
        # A link whose token is thrown away: the demo's requests are answered through
        # "Forny" (new link by e-mail) or left as they are.
        DeclarationLink.objects.create(
            declaration=declaration,
            token_hash=tokens.new_token()[1],
            kind=DeclarationLink.Kind.REQUEST,
            created_at=created,
            expires_at=expires,
        )


def _demo_level(position: int, state: str) -> int | None:
    if state == "submitted":
        return (position * 7) % 4
    if state == "opened" and position <= 5:
        return 1 + position % 3
    return None
