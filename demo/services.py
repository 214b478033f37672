"""`seed_demo`: idempotent, deterministic demo data for the embedded default and the tests.

Running it twice changes nothing the second time (every row is keyed on a natural key:
CVR number, P-number, e-mail, institution number, education code).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from accounts.models import TermsVersion, User
from apprenticeship.models import (
    Apprentice,
    Education,
    EducationAgreement,
    School,
    SchoolStaff,
    Specialty,
    StaffSelection,
)
from companies.models import Company, CompanyStaff, Workplace
from demo import data
from demo.numbers import cvr_from_seed, orgnr_from_seed
from dropout_risk.demo import seed_demo_dropout_risk
from rejections.demo import seed_demo_rejections
from surveys.demo import seed_demo_surveys
from surveys.models import Organisation, SurveyAdministrator
from training_declarations.demo import seed_demo_training_declarations


@dataclass
class DemoWorld:
    companies: dict[str, Company] = field(default_factory=dict)
    workplaces: dict[str, list[Workplace]] = field(default_factory=dict)
    schools: dict[str, School] = field(default_factory=dict)
    educations: dict[str, Education] = field(default_factory=dict)
    specialties: dict[str, Specialty] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    apprentices: list[Apprentice] = field(default_factory=list)


def p_number_for(company_seed: int, index: int) -> str:
    return f"10{company_seed:05d}{index:03d}"


@transaction.atomic
def seed_demo(*, today: dt.date | None = None, features: bool = True) -> DemoWorld:
    """The shared world (terms, companies, schools, people, selection) and, unless
    features=False, each feature app's demo data on top. Tests of one feature start from the
    shared world so that other features' demo rows never show up in their counts."""
    today = today or timezone.localdate()
    world = DemoWorld()
    _seed_terms()
    _seed_companies(world)
    _seed_schools_and_educations(world)
    _seed_organisations(world)
    _seed_users(world)
    _seed_apprentices(world, today)
    _seed_selection(world)
    if not features:
        return world
    seed_demo_dropout_risk(world, today=today)
    seed_demo_rejections(world, today=today)
    seed_demo_training_declarations(world, today=today)
    seed_demo_surveys(world, today=today)
    return world


def _seed_terms() -> None:
    documents = [
        (TermsVersion.Kind.PORTAL_TERMS, data.TERMS_TITLE, data.TERMS_BODY),
        (TermsVersion.Kind.OBLIGATIONS, data.OBLIGATIONS_TITLE, data.OBLIGATIONS_BODY),
    ]
    for kind, title, body in documents:
        TermsVersion.objects.get_or_create(
            kind=kind,
            version=1,
            defaults={
                "title": title,
                "body": body,
                "published_at": timezone.now() - dt.timedelta(days=365),
            },
        )


def _seed_companies(world: DemoWorld) -> None:
    for spec in data.COMPANIES:
        company, _ = Company.objects.update_or_create(
            cvr=cvr_from_seed(spec["seed"]),
            defaults={
                "name": spec["name"],
                "address": spec["address"],
                "postal_code": spec["postal_code"],
                "city": spec["city"],
                "cvr_email": spec["cvr_email"],
                "last_synced_at": timezone.now(),
            },
        )
        world.companies[spec["key"]] = company
        world.workplaces[spec["key"]] = [
            Workplace.objects.get_or_create(
                p_number=p_number_for(spec["seed"], index),
                defaults={
                    "company": company,
                    "name": name,
                    "address": address,
                    "postal_code": spec["postal_code"],
                    "city": spec["city"],
                },
            )[0]
            for index, (name, address) in enumerate(spec["workplaces"], start=1)
        ]


def _seed_schools_and_educations(world: DemoWorld) -> None:
    for spec in data.SCHOOLS:
        values = {k: v for k, v in spec.items() if k not in {"key", "institution_number"}}
        world.schools[spec["key"]], _ = School.objects.update_or_create(
            institution_number=spec["institution_number"], defaults=values
        )
    for spec in data.EDUCATIONS:
        education, _ = Education.objects.update_or_create(
            code=spec["code"], defaults={"name": spec["name"], "is_sosu": spec["is_sosu"]}
        )
        world.educations[spec["code"]] = education
        for code, name in spec["specialties"]:
            world.specialties[code], _ = Specialty.objects.update_or_create(
                code=code, defaults={"name": name, "education": education}
            )


def _seed_organisations(world: DemoWorld) -> None:
    for spec in data.NORWEGIAN_ORGANISATIONS:
        county = world.organisations.get(spec.get("county", ""))
        world.organisations[spec["key"]], _ = Organisation.objects.update_or_create(
            orgnr=orgnr_from_seed(spec["seed"]),
            defaults={"kind": spec["kind"], "name": spec["name"], "county": county},
        )


def _user(email: str, full_name: str, **extra: object) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, data.DEMO_PASSWORD, full_name=full_name, **extra)
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def _seed_users(world: DemoWorld) -> None:
    users = world.users
    users["admin"] = _user(
        "admin@demo.test", "Anne Administrator", is_staff=True, is_superuser=True
    )
    users["virksomhed"] = _user("virksomhed@demo.test", "Karen Holm")
    users["leder"] = _user("leder@demo.test", "Peter Lund")
    users["skole"] = _user("skole@demo.test", "Birgitte Skov")
    users["elev"] = _user("elev@demo.test", "Sofie Nielsen")
    users["fylke"] = _user("fylke@demo.test", "Ingrid Haugen")
    users["kontor"] = _user("kontor@demo.test", "Lars Berg")
    users["oplaering"] = _user("oplaering@demo.test", "Jens Ege")

    kommune, snedker = world.companies["kommune"], world.companies["snedker"]
    CompanyStaff.objects.get_or_create(
        user=users["virksomhed"], company=kommune, defaults={"role": CompanyStaff.Role.STAFF}
    )
    CompanyStaff.objects.get_or_create(
        user=users["leder"],
        company=kommune,
        defaults={"role": CompanyStaff.Role.MANAGER, "is_local_admin": True},
    )
    CompanyStaff.objects.get_or_create(
        user=users["oplaering"],
        company=snedker,
        defaults={"role": CompanyStaff.Role.TRAINING_RESPONSIBLE},
    )
    SchoolStaff.objects.get_or_create(user=users["skole"], school=world.schools["sosu"])
    SurveyAdministrator.objects.get_or_create(
        user=users["fylke"], organisation=world.organisations["fylke"]
    )
    SurveyAdministrator.objects.get_or_create(
        user=users["kontor"], organisation=world.organisations["kontor"]
    )


@dataclass(frozen=True)
class _Placement:
    company: str
    school: str
    education: str
    count: int
    specialties: tuple[str, ...] = ()


_PLACEMENTS = (
    _Placement("kommune", "sosu", "SOSU-ASS", 18),
    _Placement("kommune", "sosu", "SOSU-HJ", 12),
    _Placement("snedker", "teknisk", "SNEDKER", 10, ("SNED-BYG", "SNED-MOB")),
    _Placement("byg", "teknisk", "TOEMRER", 5),
)


def _seed_apprentices(world: DemoWorld, today: dt.date) -> None:
    rng = random.Random(2026)  # deterministic: the same demo every time
    number = 0
    for placement in _PLACEMENTS:
        for index in range(placement.count):
            number += 1
            first = data.FIRST_NAMES[(number * 7) % len(data.FIRST_NAMES)]
            last = data.LAST_NAMES[(number * 11) % len(data.LAST_NAMES)]
            email = f"elev{number:03d}@elev.demo.test"
            user = None
            if number == 1:
                # elev@demo.test is the first SOSU-assistant apprentice at the municipality.
                first, last, email, user = "Sofie", "Nielsen", "elev@demo.test", world.users["elev"]
            apprentice, _ = Apprentice.objects.update_or_create(
                email=email,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "birth_date": dt.date(
                        1990 + rng.randrange(16), rng.randrange(1, 13), 1 + rng.randrange(28)
                    ),
                    "phone": "+45 " + " ".join(str(rng.randrange(20, 99)) for _ in range(4)),
                    "address": f"{rng.choice(data.STREETS)} {1 + rng.randrange(120)}",
                    "postal_code": world.schools[placement.school].postal_code,
                    "city": world.schools[placement.school].city,
                    "user": user,
                },
            )
            world.apprentices.append(apprentice)
            _seed_agreement(world, apprentice, placement, index, today, rng)
    # Two former apprentices whose agreements have ended: they must not be visible to staff.
    for offset, company_key in enumerate(("kommune", "snedker"), start=1):
        placement = _PLACEMENTS[0] if company_key == "kommune" else _PLACEMENTS[2]
        apprentice, _ = Apprentice.objects.update_or_create(
            email=f"tidligere{offset}@elev.demo.test",
            defaults={
                "first_name": "Tidligere",
                "last_name": f"Elev {offset}",
                "birth_date": dt.date(1995, offset, 10),
            },
        )
        EducationAgreement.objects.update_or_create(
            apprentice=apprentice,
            company=world.companies[company_key],
            defaults={
                "workplace": world.workplaces[company_key][0],
                "education": world.educations[placement.education],
                "school": world.schools[placement.school],
                "start_date": today - dt.timedelta(days=900),
                "end_date": today - dt.timedelta(days=30),
            },
        )


def _seed_agreement(
    world: DemoWorld,
    apprentice: Apprentice,
    placement: _Placement,
    index: int,
    today: dt.date,
    rng: random.Random,
) -> None:
    workplaces = world.workplaces[placement.company]
    specialty = None
    if placement.specialties:
        specialty = world.specialties[placement.specialties[index % len(placement.specialties)]]
    start = today - dt.timedelta(days=60 + rng.randrange(500))
    EducationAgreement.objects.update_or_create(
        apprentice=apprentice,
        company=world.companies[placement.company],
        defaults={
            "workplace": workplaces[index % len(workplaces)],
            "education": world.educations[placement.education],
            "specialty": specialty,
            "school": world.schools[placement.school],
            "team": f"{placement.education[:4]}-{24 + index % 3}",
            "start_date": start,
            "end_date": start + dt.timedelta(days=3 * 365),
        },
    )


def _seed_selection(world: DemoWorld) -> None:
    """virksomhed@demo.test works with ten of the municipality's SOSU apprentices,
    elev@demo.test among them; the others are candidates on "Mine lærlinge"."""
    staff = CompanyStaff.objects.get(
        user=world.users["virksomhed"], company=world.companies["kommune"]
    )
    # The first placement is the municipality's SOSU assistants, elev@demo.test first.
    for apprentice in world.apprentices[:10]:
        StaffSelection.objects.get_or_create(staff=staff, apprentice=apprentice)
