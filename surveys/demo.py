"""Demo data for the survey: `seed_demo_surveys(world)`, called by demo.seed_demo after the
organisations and users exist. Idempotent: a round that exists is left as it is.

Three rounds, dated around today so every page has something to show:
- last year's round: closed and published, with results (one small company suppressed);
- this year's round: population frozen, distribution open; the training office has sent
  invitations and some have answered, the county has not sent yet;
- next year's round: register imported but not frozen (import and data quality).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from accounts.models import User
from surveys import answering, links, sending, services
from surveys.models import (
    Answer,
    Organisation,
    OrganisationMember,
    Participant,
    Question,
    Response,
    SendJob,
    SurveyAdministrator,
    SurveyRound,
    TrainingCompany,
)

QUESTIONS = [
    ("Jeg trives godt på arbeidsplassen.", "Helt uenig", "Helt enig"),
    ("Jeg får god veiledning av instruktøren min.", "Helt uenig", "Helt enig"),
    ("Arbeidsoppgavene mine passer til læreplanen.", "Helt uenig", "Helt enig"),
    ("Jeg vet hva som kreves til fag- eller svenneprøven.", "Helt uenig", "Helt enig"),
    ("Jeg blir behandlet med respekt på arbeidsplassen.", "Helt uenig", "Helt enig"),
    ("Opplæringen i bedriften er godt organisert.", "Helt uenig", "Helt enig"),
    ("Alt i alt er jeg fornøyd med læretiden.", "Svært misfornøyd", "Svært fornøyd"),
]
FREE_TEXT = "Er det noe mer du vil fortelle om læretiden din?"

FIRST = ["Ola", "Kari", "Emma", "Noah", "Nora", "Jakob", "Ingrid", "Lukas", "Sara", "Filip"]
LAST = ["Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Berg"]

# key, name, seed, county key, office key or "", people per round
COMPANIES = [
    ("bakeri", "Vestkyst Bakeri AS", 101, "fylke", "", 12),
    ("elektro", "Fjordbyen Elektro AS", 102, "fylke", "", 8),
    ("frisor", "Havblikk Frisør", 103, "fylke", "", 3),
    ("betong", "Bygg og Betong Vestkyst AS", 104, "fylke", "kontor", 10),
    ("tomrer", "Tømrermester Olsen AS", 105, "fylke", "kontor", 6),
    ("anlegg", "Innland Anlegg AS", 106, "innland", "kontor", 7),
    ("innelektro", "Innland Elektro AS", 107, "innland", "innlandkontor", 5),
    ("kafe", "Innland Kafé AS", 108, "innland", "", 4),
]


@dataclass
class SurveyDemo:
    organisations: dict[str, Organisation] = field(default_factory=dict)
    companies: dict[str, TrainingCompany] = field(default_factory=dict)
    rounds: dict[str, SurveyRound] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)


def orgnr_for(seed: int) -> str:
    """A valid Norwegian organisation number (mod 11) for demo seed `seed`."""
    base = 910_000_00 + seed * 13
    while True:
        body = f"{base:08d}"
        weights = (3, 2, 7, 6, 5, 4, 3, 2)
        check = (11 - sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11) % 11
        if check != 10:
            return f"{body}{check}"
        base += 1


@transaction.atomic
def seed_demo_surveys(world: object, *, today: dt.date | None = None) -> SurveyDemo:
    today = today or timezone.localdate()
    demo = SurveyDemo()
    _organisations(world, demo)
    _members(world, demo)
    _companies(demo)
    rounds = {
        "previous": today - dt.timedelta(days=420),
        "current": today - dt.timedelta(days=11),
        "next": today + dt.timedelta(days=60),
    }
    for key, reference in rounds.items():
        year = today.year + {"previous": -1, "current": 0, "next": 1}[key]
        survey_round, created = _round(year, reference)
        demo.rounds[key] = survey_round
        if created:
            _populate(demo, survey_round, key)
    return demo


def _organisations(world: object, demo: SurveyDemo) -> None:
    orgs = demo.organisations
    orgs["fylke"] = world.organisations["fylke"]
    orgs["kontor"] = world.organisations["kontor"]
    orgs["innland"], _ = Organisation.objects.get_or_create(
        orgnr=orgnr_for(1),
        defaults={"kind": Organisation.Kind.COUNTY, "name": "Innland fylkeskommune"},
    )
    orgs["innlandkontor"], _ = Organisation.objects.get_or_create(
        orgnr=orgnr_for(2),
        defaults={
            "kind": Organisation.Kind.TRAINING_OFFICE,
            "name": "Opplæringskontoret for elektrofag Innland",
            "county": orgs["innland"],
        },
    )


def _members(world: object, demo: SurveyDemo) -> None:
    """fylke@ and kontor@ are registered under their organisation and manage its access
    (so the access page can be tried); each organisation has a colleague without the role."""
    users = world.users
    demo.users["fylke"], demo.users["kontor"] = users["fylke"], users["kontor"]
    for key, email, name in (
        ("fylke", "fylke.kollega@demo.test", "Marit Solberg"),
        ("kontor", "kontor.kollega@demo.test", "Erik Dahl"),
    ):
        colleague = User.objects.filter(email=email).first() or User.objects.create_user(
            email, None, full_name=name
        )
        demo.users[f"{key}_kollega"] = colleague
        organisation = demo.organisations[key]
        OrganisationMember.objects.get_or_create(
            user=users[key], organisation=organisation, defaults={"is_access_manager": True}
        )
        OrganisationMember.objects.get_or_create(user=colleague, organisation=organisation)
        SurveyAdministrator.objects.get_or_create(user=users[key], organisation=organisation)


def _companies(demo: SurveyDemo) -> None:
    for key, name, seed, county, office, _size in COMPANIES:
        demo.companies[key], _ = TrainingCompany.objects.get_or_create(
            orgnr=orgnr_for(seed),
            defaults={
                "name": name,
                "county": demo.organisations[county],
                "training_office": demo.organisations.get(office),
            },
        )


def _round(year: int, reference: dt.date) -> tuple[SurveyRound, bool]:
    existing = SurveyRound.objects.filter(year=year).first()
    if existing is not None:
        return existing, False
    noon = dt.time(12, 0)
    survey_round = SurveyRound.objects.create(
        year=year,
        title=f"Lærlingundersøkelsen {year}",
        reference_date=reference,
        correction_deadline=timezone.make_aware(
            dt.datetime.combine(reference - dt.timedelta(days=1), noon)
        ),
        extract_at=timezone.make_aware(dt.datetime.combine(reference, dt.time(6, 0))),
        opens_on=reference + dt.timedelta(days=6),
        last_day=reference + dt.timedelta(days=31),
        results_on=reference + dt.timedelta(days=57),
    )
    for position, (text, low, high) in enumerate(QUESTIONS, start=1):
        Question.objects.create(
            round=survey_round, position=position, text=text, low_label=low, high_label=high
        )
    Question.objects.create(
        round=survey_round, position=len(QUESTIONS) + 1, kind=Question.Kind.TEXT, text=FREE_TEXT
    )
    return survey_round, True


def _populate(demo: SurveyDemo, survey_round: SurveyRound, key: str) -> None:
    rng = random.Random(survey_round.year)  # noqa: S311 (deterministic demo data)
    _participants(demo, survey_round, rng)
    if key == "next":
        return
    services.population_freeze(
        survey_round=survey_round,
        now=timezone.make_aware(dt.datetime.combine(survey_round.reference_date, dt.time(6))),
    )
    if key == "current":
        _current_round_activity(demo, survey_round, rng)
    else:
        _previous_round_results(demo, survey_round, rng)


def _participants(demo: SurveyDemo, survey_round: SurveyRound, rng: random.Random) -> None:
    reference, rows, number = survey_round.reference_date, [], 0
    for key, _name, _seed, county, office, size in COMPANIES:
        for index in range(size + 2):
            number += 1
            nonce, digest = links.new_nonce_and_hash()
            first, last = FIRST[number % len(FIRST)], LAST[(number * 3) % len(LAST)]
            # Two extra people per company who are not in the population: one started
            # too recently, one whose contract has ended.
            recent, ended = index == size, index == size + 1
            start = reference - dt.timedelta(days=100 if recent else 400 + rng.randrange(500))
            email = f"{first.lower()}.{last.lower()}{number}@elev.demo.test"
            mobile = f"9{rng.randrange(10**7):07d}"
            if number % 9 == 0:
                email = email.replace("@", "(at)")  # a typo the data-quality page shows
            if number % 7 == 0:
                mobile = "12345"
            rows.append(
                Participant(
                    round=survey_round,
                    register_id=f"{survey_round.year}{number:05d}",
                    kind=Participant.Kind.CANDIDATE
                    if number % 8 == 0
                    else Participant.Kind.APPRENTICE,
                    name=f"{first} {last}",
                    email=email,
                    email_valid="@" in email,
                    mobile=mobile,
                    mobile_e164=f"+47{mobile}" if len(mobile) == 8 else "",
                    county=demo.organisations[county],
                    training_office=demo.organisations.get(office),
                    company=demo.companies[key],
                    contract_start=start,
                    contract_status=(
                        Participant.ContractStatus.ENDED
                        if ended
                        else Participant.ContractStatus.RUNNING
                    ),
                    token_nonce=nonce,
                    token_hash=digest,
                )
            )
    Participant.objects.bulk_create(rows)


def _current_round_activity(
    demo: SurveyDemo, survey_round: SurveyRound, rng: random.Random
) -> None:
    """The training office has sent its invitations (quietly) and 40 % have answered."""
    job = _send_now(demo.users["kontor"], survey_round, demo.organisations["kontor"])
    invited = Participant.objects.filter(
        round=survey_round, training_office=demo.organisations["kontor"], last_message_number=0
    ).order_by("pk")
    questions = list(survey_round.questions.all())
    for participant in invited:
        if rng.random() < 0.4:
            answering.response_submit(
                participant=participant, answers=_random_answers(questions, rng)
            )
    answering.responses_flush(round_id=survey_round.pk, force=True)
    return job


def _send_now(user: User, survey_round: SurveyRound, organisation: Organisation) -> SendJob:
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend", SURVEYS_SMS_BACKEND="null"
    ):
        job = sending.invitations_send(
            acting_user=user, survey_round=survey_round, organisation=organisation
        )
        for chunk in job.chunks.all():
            sending.chunk_send(chunk_id=chunk.pk)
    return job


def _random_answers(
    questions: list[Question], rng: random.Random
) -> dict[int, tuple[int | None, str]]:
    answers: dict[int, tuple[int | None, str]] = {}
    for question in questions:
        if rng.random() < 0.1:
            continue  # skipped
        if question.kind == Question.Kind.SCALE:
            answers[question.pk] = (min(5, max(1, round(rng.gauss(3.8, 1.0)))), "")
        elif rng.random() < 0.5:
            answers[question.pk] = (None, rng.choice(["Bra læretid.", "Mer veiledning, takk."]))
    return answers


def _previous_round_results(
    demo: SurveyDemo, survey_round: SurveyRound, rng: random.Random
) -> None:
    """Last year's round, done: invitations, two reminders, answers, published."""
    population = Participant.objects.filter(round=survey_round, in_population=True)
    questions = list(survey_round.questions.all())
    responses, answers, answered = [], [], []
    for participant in population.select_related("company"):
        if rng.random() >= 0.75:
            continue
        answered.append(participant.pk)
        company_size = sum(
            1 for c in COMPANIES if demo.companies[c[0]].pk == participant.company_id and c[5] >= 5
        )
        response = Response(
            round=survey_round,
            organisation_id=participant.training_office_id or participant.county_id,
            company_id=participant.company_id if company_size else None,
            answered_on=survey_round.opens_on + dt.timedelta(days=rng.randrange(20)),
        )
        responses.append(response)
        for question_id, (value, text) in _random_answers(questions, rng).items():
            answers.append(
                Answer(response=response, question_id=question_id, value=value, text=text)
            )
    rng.shuffle(responses)
    Response.objects.bulk_create(responses)
    Answer.objects.bulk_create(answers)
    population.update(last_message_number=2)
    population.filter(pk__in=answered).update(has_answered=True)
    now = timezone.now()
    for key in ("fylke", "kontor"):
        organisation = demo.organisations[key]
        total = population.filter(
            **(
                {"county": organisation, "training_office": None}
                if key == "fylke"
                else {"training_office": organisation}
            )
        ).count()
        for number in (0, 1, 2):
            SendJob.objects.get_or_create(
                round=survey_round,
                organisation=organisation,
                number=number,
                defaults={
                    "created_at": now - dt.timedelta(days=400 - number * 7),
                    "finished_at": now - dt.timedelta(days=400 - number * 7),
                    "status": SendJob.Status.DONE,
                    "total": total,
                    "processed": total,
                    "messages_sent": total,
                },
            )
    closed = timezone.make_aware(
        dt.datetime.combine(survey_round.last_day + dt.timedelta(days=1), dt.time(1))
    )
    published = timezone.make_aware(dt.datetime.combine(survey_round.results_on, dt.time(1)))
    SurveyRound.objects.filter(pk=survey_round.pk).update(closed_at=closed, published_at=published)
    survey_round.closed_at, survey_round.published_at = closed, published
