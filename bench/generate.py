"""Deterministic bulk data for the scale benchmark (issue 10), called by `manage.py seed_scale`.

One `random.Random(seed)` drives everything, so the same seed gives the same rows. Ids are
assigned here (1, 2, 3, … per table) rather than by the database: foreign keys are then known
without reading anything back, and the big tables go in with one COPY each on PostgreSQL
(`cursor.copy()`, psycopg 3). SQLite (for `tiny`/`small` only) gets the same rows through
`bulk_create` in batches. Afterwards the sequences are moved past the ids used and every
table is VACUUM ANALYZEd (PostgreSQL), so plans and index-only scans are as in production.

Every generated row is recognisable: users end in @bench.test, CVR numbers start with 9
(companies.cvr.generated), schools have institution numbers 9xxxxx. `generate()` refuses a
database that holds anything else unless `force=True`.

Simplifications (documented in bench/README.md): declaration goal rows exist for one
declaration in ten; survey participants have no responses; the access log is unsealed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

from companies.cvr.generated import MAX_SEED, generated_cvr, generated_p_numbers

BENCH_PASSWORD = "bench-password-2026"  # noqa: S105 - known on purpose: loopback benchmark logins
BENCH_DOMAIN = "bench.test"
SCHOOL_USER = f"bench-school@{BENCH_DOMAIN}"
COMPANY_USER = f"bench-company@{BENCH_DOMAIN}"
ADMIN_USER = f"bench-admin@{BENCH_DOMAIN}"
SURVEY_USER = f"bench-survey@{BENCH_DOMAIN}"
# Not a user: the back office logs in by e-mail code; run.py makes its session directly.
TRAINING_RESPONSIBLE = f"bench-training@{BENCH_DOMAIN}"
BENCH_SELECTIONS = 50


@dataclass(frozen=True)
class Size:
    companies: int
    schools: int
    current: int  # current agreements; one apprentice each
    sosu_share: float
    past: int  # ended agreements; half to current apprentices, half to former ones
    assessments: int
    rejections: int
    declarations: int
    participants: int
    access_log: int
    school_staff_per_school: int


SIZES = {
    "national": Size(40_000, 100, 60_000, 0.2, 150_000, 1_000_000, 200_000, 300_000, 50_000,
                     5_000_000, 5),
    "small": Size(400, 10, 600, 0.2, 1_500, 10_000, 2_000, 3_000, 500, 50_000, 2),
    "tiny": Size(20, 3, 60, 1 / 3, 40, 200, 30, 30, 20, 200, 1),
}  # fmt: skip

FIRST = (
    "Anna",
    "Mette",
    "Sofie",
    "Emma",
    "Ida",
    "Laura",
    "Maja",
    "Freja",
    "Mikkel",
    "Jonas",
    "Lucas",
    "Oliver",
    "Ahmad",
    "Fatima",
    "Line",
    "Camilla",
    "Peter",
    "Hanne",
    "Jens",
    "Nora",
)
LAST = ("Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen",
        "Sørensen", "Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen",
        "Thomsen", "Poulsen", "Johansen", "Møller", "Mortensen", "Ali")  # fmt: skip
REGIONS = ("hovedstaden", "sjaelland", "syddanmark", "midtjylland", "nordjylland")
LEVELS = ("none", "low", "low", "medium", "medium", "high")
EDUCATIONS = (
    ("SOSU-ASS", "Social- og sundhedsassistent", True),
    ("SOSU-HJ", "Social- og sundhedshjælper", True),
    ("ELEK", "Elektriker", False),
    ("TOemrer", "Tømrer", False),
    ("KOK", "Kok", False),
    ("DETAIL", "Detailhandelsuddannelsen", False),
    ("PAED", "Pædagogisk assistent", False),
    ("MURER", "Murer", False),
)


class Refused(Exception):
    """The database holds data this generator did not make."""


# --- Writing rows ------------------------------------------------------------------------------


class Sink:
    """COPY on PostgreSQL, bulk_create elsewhere. Rows are tuples in `columns` order (field
    attnames, which are the column names here); fields not named get their model default."""

    def __init__(self, log: Callable[[str], None]) -> None:
        self.pg = connection.vendor == "postgresql"
        self.log = log
        self.counts: dict[str, int] = {}
        self.timings: list[tuple[str, int, float]] = []

    def write(self, model: type[models.Model], columns: Sequence[str], rows: Iterable[tuple]):
        started = time.perf_counter()
        extra_cols, extra_vals = _defaults(model, columns)
        cols = list(columns) + extra_cols
        count = 0
        if self.pg:
            sql = f"COPY {model._meta.db_table} ({', '.join(cols)}) FROM STDIN"
            with connection.cursor() as cursor, cursor.connection.cursor().copy(sql) as copy:
                for row in rows:
                    copy.write_row(row + extra_vals)
                    count += 1
        else:
            batch: list[models.Model] = []
            for row in rows:
                batch.append(model(**dict(zip(cols, row + extra_vals, strict=True))))
                count += 1
                if len(batch) == 2000:
                    model.objects.bulk_create(batch)
                    batch.clear()
            model.objects.bulk_create(batch)
        self._done(model._meta.db_table, count, started)

    def _done(self, table: str, count: int, started: float) -> None:
        seconds = time.perf_counter() - started
        self.counts[table] = self.counts.get(table, 0) + count
        self.timings.append((table, count, seconds))
        self.log(f"  {table:<44} {count:>10,} rows {seconds:7.1f} s")


def _defaults(model: type[models.Model], columns: Sequence[str]) -> tuple[list[str], tuple]:
    """The columns not given and their model defaults (COPY bypasses Django's defaults)."""
    names, values = [], []
    for field in model._meta.concrete_fields:
        if field.attname in columns or (field.primary_key and _is_auto(field)):
            continue
        value = field.get_default()
        if value is None and not field.null:
            raise ValueError(f"{model.__name__}.{field.attname} needs a value")
        names.append(field.attname)
        values.append(value)
    return names, tuple(values)


def _is_auto(field: models.Field) -> bool:
    return isinstance(field, models.AutoField | models.BigAutoField | models.SmallAutoField)


# --- Safety ------------------------------------------------------------------------------------


def check_target(*, force: bool) -> bool:
    """True when earlier benchmark data must be cleared first. Refuses foreign data."""
    from accounts.models import User
    from apprenticeship.models import Apprentice, School
    from companies.models import Company

    foreign = (
        User.objects.exclude(email__endswith="@" + BENCH_DOMAIN).exists()
        or Company.objects.exclude(cvr__startswith="9").exists()
        or School.objects.exclude(institution_number__startswith="9").exists()
    )
    if foreign and not force:
        raise Refused(
            "The database holds data that is not benchmark data (users outside @bench.test, "
            "companies or schools not generated). Use an empty database, or --force to wipe it."
        )
    return foreign or User.objects.exists() or Apprentice.objects.exists()


def _written_models() -> list[type[models.Model]]:
    from django.contrib.sessions.models import Session

    from accesslog.models import AccessLogEntry, AccessLogSeal
    from accounts.models import TermsAcceptance, User
    from apprenticeship.models import (
        Apprentice,
        Education,
        EducationAgreement,
        School,
        SchoolStaff,
        StaffSelection,
    )
    from companies.models import Company, CompanyStaff, Workplace
    from dropout_risk.models import Assessment, LatestAssessment
    from rejections.models import Rejection
    from surveys.models import (
        Organisation,
        Participant,
        Question,
        SurveyAdministrator,
        SurveyRound,
        TrainingCompany,
    )
    from training_declarations.models import (
        Declaration,
        DeclarationGoal,
        GoalCatalogue,
        TrainingGoal,
    )

    # Dependency order: referenced tables first.
    return [
        User, TermsAcceptance, Session, School, Education, Company, Workplace, CompanyStaff,
        SchoolStaff, Apprentice, EducationAgreement, StaffSelection, Assessment,
        LatestAssessment, Rejection, GoalCatalogue, TrainingGoal, Declaration, DeclarationGoal,
        Organisation, TrainingCompany, SurveyRound, Question, SurveyAdministrator, Participant,
        AccessLogEntry, AccessLogSeal,
    ]  # fmt: skip


def clear() -> None:
    """Empties the tables this generator writes (and what references them)."""
    written = _written_models()
    if connection.vendor == "postgresql":
        tables = ", ".join(m._meta.db_table for m in written)
        with connection.cursor() as cursor:
            # TRUNCATE is not caught by the append-only triggers (they are row triggers).
            cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA foreign_keys = OFF")
        for model in reversed(written):
            cursor.execute(f"DELETE FROM {model._meta.db_table}")  # noqa: S608 - model tables
        cursor.execute("PRAGMA foreign_keys = ON")


# --- Generation --------------------------------------------------------------------------------


def generate(
    size_name: str, seed: int, *, force: bool = False, log: Callable[[str], None] = print
) -> dict[str, int]:
    """Fills the database; returns the row count per table."""
    size = SIZES[size_name]
    started = time.perf_counter()
    if check_target(force=force):
        log("Clearing earlier benchmark data …")
        clear()
    sink = Sink(log)
    gen = _Generator(size, seed, sink)
    with transaction.atomic():
        gen.run()
        _reset_sequences()
    _analyze(log)
    log(f"Total: {time.perf_counter() - started:.1f} s")
    return sink.counts


def _reset_sequences() -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), _written_models())
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def _analyze(log: Callable[[str], None]) -> None:
    if connection.in_atomic_block:  # a test's transaction: VACUUM cannot run there
        return
    started = time.perf_counter()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for model in _written_models():
                # VACUUM sets the visibility map, so index-only scans work as in production.
                cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")
        else:
            cursor.execute("ANALYZE")
    log(f"  {'VACUUM ANALYZE':<44} {'':>10}      {time.perf_counter() - started:7.1f} s")


class _Generator:
    def __init__(self, size: Size, seed: int, sink: Sink) -> None:
        self.size = size
        self.seed = seed
        self.rng = random.Random(seed)
        self.sink = sink
        # Fixed reference moment (midnight today) so one seed gives the same rows all day.
        self.today = timezone.localdate()
        self.now = timezone.make_aware(dt.datetime.combine(self.today, dt.time()))

    def run(self) -> None:
        self.users()
        self.organisations()
        self.apprentices()
        self.selections()
        self.assessments()
        self.rejections()
        self.declarations()
        self.surveys()
        self.access_log()

    # -- people and organisations

    def users(self) -> None:
        from django.contrib.auth.hashers import make_password

        from accounts.models import TermsAcceptance, TermsVersion, User

        s = self.size
        password = make_password(BENCH_PASSWORD)
        unusable = make_password(None)
        # 1 admin, 2 school, 3 company, 4 survey; then school staff, then one per company.
        named = [
            (ADMIN_USER, "Bench Administrator", True),
            (SCHOOL_USER, "Bench Skolemedarbejder", False),
            (COMPANY_USER, "Bench Virksomhedsmedarbejder", False),
            (SURVEY_USER, "Bench Fylkesadministrator", False),
        ]
        rows: list[tuple] = [
            (i + 1, email, name, password, admin, admin, self.now)
            for i, (email, name, admin) in enumerate(named)
        ]
        self.school_user_base = len(rows)
        for school in range(1, s.schools + 1):
            for n in range(s.school_staff_per_school):
                rows.append(self._user(len(rows) + 1, f"skole{school}-{n}", unusable))
        self.company_user_base = len(rows)  # company c's staff user is base + c
        for company in range(1, s.companies + 1):
            rows.append(self._user(len(rows) + 1, f"virk{company}", unusable))
        self.user_count = len(rows)
        columns = ("id", "email", "full_name", "password", "is_staff", "is_superuser")
        self.sink.write(User, (*columns, "date_joined"), rows)
        versions = []
        for kind in TermsVersion.Kind.values:
            version = TermsVersion.objects.filter(kind=kind).order_by("-published_at").first()
            if version is None:
                version = TermsVersion.objects.create(
                    kind=kind,
                    version=1,
                    title="Vilkår (benchmark)",
                    body="…",
                    published_at=self.now - dt.timedelta(days=30),
                )
            versions.append(version.pk)
        # The benchmark logins accept the current terms; nobody else ever logs in.
        self.sink.write(
            TermsAcceptance,
            ("user_id", "terms_id", "accepted_at"),
            ((user, terms, self.now) for user in range(1, 5) for terms in versions),
        )

    def _user(self, pk: int, local: str, password: str) -> tuple:
        name = f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"
        return (pk, f"{local}@{BENCH_DOMAIN}", name, password, False, False, self.now)

    def organisations(self) -> None:
        from apprenticeship.models import Education, School, SchoolStaff
        from companies.models import Company, CompanyStaff, Workplace

        s, rng = self.size, self.rng
        self.sink.write(
            School,
            ("id", "name", "institution_number", "city", "region"),
            (
                (i, f"Erhvervsskole {i:03d}", f"{900000 + i}", "Byen", REGIONS[i % 5])
                for i in range(1, s.schools + 1)
            ),
        )
        self.sink.write(
            Education,
            ("id", "code", "name", "is_sosu"),
            [(i, *edu) for i, edu in enumerate(EDUCATIONS, start=1)],
        )
        self.sosu_educations = [i for i, e in enumerate(EDUCATIONS, 1) if e[2]]
        self.other_educations = [i for i, e in enumerate(EDUCATIONS, 1) if not e[2]]
        # Company id c has CVR seed c - 1 (national: seeds 0–39,999, so the four companies
        # with 500 workplaces are there); the smaller sizes skip seed 0's 500 units.
        self.first_seed = first_seed = 0 if s.companies >= 10_000 else 1
        seeds = range(first_seed, first_seed + s.companies)
        assert seeds[-1] <= MAX_SEED
        self.sink.write(
            Company,
            ("id", "cvr", "name", "city", "cvr_email", "status"),
            (
                (
                    n,
                    generated_cvr(seed),
                    f"Testvirksomhed {seed:05d} ApS",
                    "Aarhus C",
                    f"post@testvirksomhed{seed:05d}.example.dk",
                    "active",
                )
                for n, seed in enumerate(seeds, start=1)
            ),
        )
        self.workplaces: list[list[int]] = [[]]  # by company id
        rows = []
        for n, seed in enumerate(seeds, start=1):
            ids = []
            for index, p_number in enumerate(generated_p_numbers(seed), start=1):
                pk = len(rows) + 1
                ids.append(pk)
                status = "closed" if rng.random() < 0.05 else "active"
                name = f"Testvirksomhed {seed:05d} – afdeling {index}"
                rows.append((pk, n, p_number, name, "Aarhus C", status))
            self.workplaces.append(ids)
        self.sink.write(Workplace, ("id", "company_id", "p_number", "name", "city", "status"), rows)
        # Company 1's staff membership belongs to the benchmark company user (id 3) as well.
        self.sink.write(
            CompanyStaff,
            ("id", "user_id", "company_id", "role"),
            [(1, 3, 1, "training_responsible")]
            + [(c + 1, self.company_user_base + c, c, "staff") for c in range(1, s.companies + 1)],
        )
        school_staff = [(1, 2, 1)]
        for school in range(1, s.schools + 1):
            for n in range(s.school_staff_per_school):
                user = self.school_user_base + (school - 1) * s.school_staff_per_school + n + 1
                school_staff.append((len(school_staff) + 1, user, school))
        self.sink.write(SchoolStaff, ("id", "user_id", "school_id"), school_staff)

    def apprentices(self) -> None:
        from apprenticeship.models import Apprentice, EducationAgreement

        s, rng, today = self.size, self.rng, self.today
        former = s.past // 2
        total = s.current + former
        self.sink.write(
            Apprentice,
            ("id", "first_name", "last_name", "birth_date", "email", "city"),
            (
                (
                    pk,
                    rng.choice(FIRST),
                    rng.choice(LAST),
                    dt.date(1995, 1, 1) + dt.timedelta(days=rng.randrange(4000)),
                    f"elev{pk}@{BENCH_DOMAIN}",
                    "Byen",
                )
                for pk in range(1, total + 1)
            ),
        )
        sosu_count = round(s.current * s.sosu_share)
        # The benchmark company (id 1) gets enough SOSU apprentices for its selection.
        at_bench_company = min(BENCH_SELECTIONS + 10, sosu_count // 2)
        rows = []
        # (apprentice, company, workplace, education, school) of the current agreements
        self.current: list[tuple[int, int, int | None, int, int]] = []
        for pk in range(1, s.current + 1):
            sosu = pk <= sosu_count
            company = 1 if pk <= at_bench_company else rng.randrange(1, s.companies + 1)
            workplace = rng.choice(self.workplaces[company])
            education = rng.choice(self.sosu_educations if sosu else self.other_educations)
            school = rng.randrange(1, s.schools + 1)
            start = today - dt.timedelta(days=rng.randrange(0, 1000))
            end = start + dt.timedelta(days=rng.randrange(1100, 1500))
            team = f"H{school:03d}-{rng.randrange(8)}"
            rows.append((len(rows) + 1, pk, company, workplace, education, school, team, start,
                         end))  # fmt: skip
            self.current.append((pk, company, workplace, education, school))
        # Ended agreements: half to current apprentices (an earlier place), half to former.
        for n in range(s.past):
            pk = rng.randrange(1, s.current + 1) if n % 2 == 0 else s.current + 1 + n // 2
            company = rng.randrange(1, s.companies + 1)
            workplace = rng.choice(self.workplaces[company]) if rng.random() < 0.9 else None
            education = rng.choice(self.sosu_educations + self.other_educations)
            end = today - dt.timedelta(days=rng.randrange(1100, 3000))
            start = end - dt.timedelta(days=rng.randrange(300, 1400))
            school = rng.randrange(1, s.schools + 1)
            rows.append((len(rows) + 1, pk, company, workplace, education, school, "", start,
                         end))  # fmt: skip
        self.sosu_current = self.current[:sosu_count]
        self.sink.write(
            EducationAgreement,
            ("id", "apprentice_id", "company_id", "workplace_id", "education_id", "school_id",
             "team", "start_date", "end_date"),
            rows,
        )  # fmt: skip

    def selections(self) -> None:
        """Each company's staff user has selected every current apprentice of the company;
        the benchmark company user BENCH_SELECTIONS of company 1's SOSU apprentices."""
        from apprenticeship.models import StaffSelection

        bench = [a for a, company, *_ in self.sosu_current if company == 1][:BENCH_SELECTIONS]
        rows = [(n, 1, a, self.now) for n, a in enumerate(bench, start=1)]
        for apprentice, company, *_ in self.current:
            rows.append((len(rows) + 1, company + 1, apprentice, self.now))
        self.sink.write(StaffSelection, ("id", "staff_id", "apprentice_id", "selected_at"), rows)

    def assessments(self) -> None:
        """Histories at increasing times over three years for 85 % of the current SOSU
        apprentices, and the latest row exactly as services.assessment_register leaves it:
        the newest registration, absent when that one was "Ikke angivet"."""
        from dropout_risk.models import Assessment, LatestAssessment

        rng, now = self.rng, self.now
        assessed = [a for a in self.sosu_current if rng.random() < 0.85] or self.sosu_current
        counts = [0] * len(assessed)
        for _ in range(self.size.assessments):
            counts[rng.randrange(len(assessed))] += 1
        span = 3 * 365 * 24 * 3600
        rows: list[tuple] = []
        latest: list[tuple] = []
        for (apprentice, company, workplace, education, school), count in zip(
            assessed, counts, strict=True
        ):
            user = self.company_user_base + company
            name = f"Medarbejder {company}"
            last = None
            for offset in sorted(rng.sample(range(span), count)):
                pk = len(rows) + 1
                when = now - dt.timedelta(seconds=span - offset)
                level = rng.choice(LEVELS)
                rows.append((pk, apprentice, level, when, user, name, company, workplace,
                             education, school))  # fmt: skip
                last = (apprentice, pk, level, when, name, company, workplace)
            if last is not None and last[2] != "none":
                latest.append(last)
        self.sink.write(
            Assessment,
            ("id", "apprentice_id", "level", "registered_at", "registered_by_id",
             "registered_by_name", "company_id", "workplace_id", "education_id", "school_id"),
            rows,
        )  # fmt: skip
        self.sink.write(
            LatestAssessment,
            ("apprentice_id", "assessment_id", "level", "assessed_at", "registered_by_name",
             "company_id", "workplace_id"),
            latest,
        )  # fmt: skip

    def rejections(self) -> None:
        from rejections.models import Rejection, RejectionReason

        rng, s = self.rng, self.size
        reasons = list(RejectionReason.objects.order_by("pk").values_list("pk", flat=True))
        if not reasons:
            self.sink.log("  (no rejection reasons seeded by the migrations: skipped)")
            return

        def rows() -> Iterator[tuple]:
            for pk in range(1, s.rejections + 1):
                company = rng.randrange(1, s.companies + 1)
                primary = rng.choice(reasons)
                secondary = rng.choice(reasons) if rng.random() < 0.3 else None
                secondary = None if secondary == primary else secondary
                on = self.today - dt.timedelta(days=rng.randrange(0, 730))
                yield (pk, company, rng.choice(self.workplaces[company]),
                       rng.choice(self.sosu_educations), REGIONS[company % 5], on, primary,
                       secondary, f"Ansøger {pk}", f"+4520{pk % 1_000_000:06d}", "Vejen 1",
                       self.company_user_base + company,
                       timezone.make_aware(dt.datetime.combine(on, dt.time(12))))  # fmt: skip

        self.sink.write(
            Rejection,
            ("id", "company_id", "workplace_id", "education_id", "region", "rejected_on",
             "primary_reason_id", "secondary_reason_id", "applicant_name", "applicant_mobile",
             "applicant_address", "registered_by_id", "registered_at"),
            rows(),
        )  # fmt: skip

    def declarations(self) -> None:
        from training_declarations.models import (
            Declaration,
            DeclarationGoal,
            GoalCatalogue,
            TrainingGoal,
        )

        rng, s, now = self.rng, self.size, self.now
        goals_per_catalogue = 10
        educations = self.sosu_educations + self.other_educations
        self.sink.write(GoalCatalogue, ("id", "education_id"), [(e, e) for e in sorted(educations)])
        goal_text = {e: [f"Mål {n} for uddannelse {e}" for n in range(1, 11)] for e in educations}
        self.sink.write(
            TrainingGoal,
            ("catalogue_id", "code", "position", "text"),
            [
                (e, f"M{n}", n, goal_text[e][n - 1])
                for e in sorted(educations)
                for n in range(1, goals_per_catalogue + 1)
            ],
        )
        rows, goal_rows = [], []
        for pk in range(1, s.declarations + 1):
            apprentice, company, _workplace, education, school = rng.choice(self.current)
            created = now - dt.timedelta(days=rng.randrange(0, 700), seconds=rng.randrange(86400))
            status = rng.choice(("sent", "opened", "submitted", "submitted"))
            responsible = (
                TRAINING_RESPONSIBLE if pk % 1500 == 1 else f"ansvarlig{company}@{BENCH_DOMAIN}"
            )
            rows.append((pk, apprentice, "company", education, created.date() + dt.timedelta(
                days=120), 1 + pk % 4, school, f"H{school:03d}", responsible,
                generated_cvr(company - 1 + self.first_seed),
                f"Testvirksomhed {company}", status, created,
                created + dt.timedelta(days=1) if status != "sent" else None,
                created + dt.timedelta(days=3) if status == "submitted" else None,
                created + dt.timedelta(days=30)))  # fmt: skip
            if pk % 10 == 1:  # goal rows for one declaration in ten (see the module doc)
                for n in range(1, goals_per_catalogue + 1):
                    level = rng.randrange(0, 4) if status == "submitted" else None
                    goal_rows.append((pk, n, f"M{n}", goal_text[education][n - 1], level))
        self.sink.write(
            Declaration,
            ("id", "apprentice_id", "training_type", "catalogue_id", "period_end", "main_course",
             "school_id", "team", "responsible_email", "cvr", "company_name", "status",
             "created_at", "opened_at", "submitted_at", "link_expires_at"),
            rows,
        )  # fmt: skip
        self.sink.write(
            DeclarationGoal, ("declaration_id", "position", "code", "text", "level"), goal_rows
        )

    def surveys(self) -> None:
        from surveys.models import (
            Organisation,
            Participant,
            Question,
            SurveyAdministrator,
            SurveyRound,
            TrainingCompany,
        )

        rng, s, today = self.rng, self.size, self.today
        counties, offices = 10, 30
        orgs = [(i, "county", _orgnr(80_000_000 + 10 * i), f"Fylke {i}", None)
                for i in range(1, counties + 1)]  # fmt: skip
        orgs += [
            (counties + i, "training_office", _orgnr(81_000_000 + 10 * i), f"Opplæringskontor {i}",
             1 + i % counties)
            for i in range(1, offices + 1)
        ]  # fmt: skip
        self.sink.write(Organisation, ("id", "kind", "orgnr", "name", "county_id"), orgs)
        training_companies = max(10, s.participants // 25)
        self.sink.write(
            TrainingCompany,
            ("id", "orgnr", "name", "county_id", "training_office_id"),
            (
                (i, _orgnr(82_000_000 + 10 * i), f"Lærebedrift {i}", 1 + i % counties,
                 counties + 1 + i % offices if i % 2 else None)
                for i in range(1, training_companies + 1)
            ),
        )  # fmt: skip
        year = today.year
        self.sink.write(
            SurveyRound,
            ("id", "year", "title", "reference_date", "correction_deadline", "extract_at",
             "opens_on", "last_day", "results_on"),
            [(1, year, f"Lærlingundersøkelsen {year}", today - dt.timedelta(days=30),
              self.now - dt.timedelta(days=20), self.now - dt.timedelta(days=10),
              today - dt.timedelta(days=5), today + dt.timedelta(days=30),
              today + dt.timedelta(days=60))],
        )  # fmt: skip
        self.sink.write(
            Question,
            ("round_id", "position", "kind", "text", "low_label", "high_label"),
            [(1, n, "scale", f"Spørsmål {n}", "Helt uenig", "Helt enig") for n in range(1, 11)],
        )
        self.sink.write(SurveyAdministrator, ("user_id", "organisation_id"), [(4, 1)])

        def rows() -> Iterator[tuple]:
            for pk in range(1, s.participants + 1):
                company = rng.randrange(1, training_companies + 1)
                county = 1 + company % counties
                nonce = f"{rng.getrandbits(128):032x}"
                yield (pk, 1, f"R{pk:07d}", "apprentice" if pk % 5 else "candidate",
                       f"{rng.choice(FIRST)} {rng.choice(LAST)}", f"deltaker{pk}@{BENCH_DOMAIN}",
                       True, f"+479{pk:07d}", f"+479{pk:07d}", county,
                       counties + 1 + company % offices if company % 2 else None, company,
                       today - dt.timedelta(days=rng.randrange(60, 900)), "running", nonce,
                       hashlib.sha256(nonce.encode()).hexdigest(), rng.random() < 0.3)  # fmt: skip

        self.sink.write(
            Participant,
            ("id", "round_id", "register_id", "kind", "name", "email", "email_valid", "mobile",
             "mobile_e164", "county_id", "training_office_id", "company_id", "contract_start",
             "contract_status", "token_nonce", "token_hash", "has_answered"),
            rows(),
        )  # fmt: skip

    def access_log(self) -> None:
        """Unsealed entries over the last 200 days in time order (ids grow with time), as in
        bench/accesslog_bench.py; apprentice ids drawn from the generated apprentices."""
        from accesslog.models import AccessLogEntry

        rng, s = self.rng, self.size
        apprentices = s.current + s.past // 2
        span = dt.timedelta(days=200)
        start = self.now - span
        step = span / max(s.access_log, 1)
        purposes = (
            ("Elevprofil", "dropout_risk:student_profile"),
            ("Elevoversigt", "dropout_risk:school_overview"),
            ("Frafaldsrisiko", "dropout_risk:company_overview"),
            ("Lærlingeprofil", "apprenticeship:apprentice_detail"),
        )
        columns = ("accessed_at", "user_id", "user_name", "user_email", "role_kind",
                   "organisation_type", "organisation_id", "organisation_name", "purpose",
                   "apprentice_ids", "url_name", "ip")  # fmt: skip

        def rows() -> Iterator[tuple]:
            for n in range(s.access_log):
                company = rng.randrange(1, s.companies + 1)
                user = self.company_user_base + company
                roll = rng.random()
                if roll < 0.8:  # mostly one apprentice (a profile), some lists, few exports
                    ids = [rng.randrange(1, apprentices + 1)]
                else:
                    size = min(rng.randint(2, 50) if roll < 0.98 else 200, apprentices)
                    ids = sorted(rng.sample(range(1, apprentices + 1), size))
                purpose, url_name = purposes[n % len(purposes)]
                yield (start + step * n, user, f"Medarbejder {company}",
                       f"virk{company}@{BENCH_DOMAIN}", "company_staff", "company", company,
                       f"Testvirksomhed {company}", purpose, ids, url_name,
                       f"10.0.{n % 256}.{company % 250 + 1}")  # fmt: skip

        if self.sink.pg:
            with connection.cursor() as cursor:
                # One GIN build after the load is much faster than row-by-row maintenance.
                cursor.execute("DROP INDEX IF EXISTS accesslog_apprentice_ids_gin")
            self._access_log_in_sql(AccessLogEntry, columns, start, step, apprentices, purposes)
            started = time.perf_counter()
            with connection.cursor() as cursor:
                # The default 64 MB makes the 5,000,000-row GIN build spill and merge (295 s
                # measured on the loaded benchmark machine).
                cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
                cursor.execute(
                    "CREATE INDEX accesslog_apprentice_ids_gin ON accesslog_accesslogentry "
                    "USING gin (apprentice_ids)"
                )
            self.sink.log(f"  {'GIN index build':<44} {'':>10}      "
                          f"{time.perf_counter() - started:7.1f} s")  # fmt: skip
        else:
            self.sink.write(AccessLogEntry, columns, rows())

    def _access_log_in_sql(self, model, columns, start, step, apprentices, purposes) -> None:
        """PostgreSQL: the same distribution as rows(), drawn by the server. Formatting five
        million lines in Python for COPY took 727 s of the 27.5-minute national run; here
        the server generates them in one INSERT … SELECT. setseed() makes random()
        deterministic for one seed (the INSERT runs in one backend, without parallel
        workers, and the nested loop keeps generate_series' order, so ids still grow with
        time), so the data differs from the SQLite path but repeats itself."""
        s = self.size
        started = time.perf_counter()
        sql = f"""
            INSERT INTO {model._meta.db_table} ({", ".join(columns)})
            SELECT %(start)s::timestamptz + g.n * %(step)s::interval,
                   %(user_base)s + g.c, 'Medarbejder ' || g.c,
                   'virk' || g.c || '@' || %(domain)s, 'company_staff', 'company', g.c,
                   'Testvirksomhed ' || g.c,
                   (%(purposes)s::text[])[g.n %% 4 + 1], x.ids,
                   (%(url_names)s::text[])[g.n %% 4 + 1],
                   ('10.0.' || g.n %% 256 || '.' || (g.c %% 250 + 1))::inet
            FROM (
                SELECT n, floor(random() * %(companies)s)::int + 1 AS c, random() AS roll
                FROM generate_series(0, %(count)s - 1) AS n
            ) AS g
            CROSS JOIN LATERAL (
                -- mostly one apprentice (a profile), some lists, few exports
                SELECT CASE WHEN g.roll < 0.8
                    THEN ARRAY[floor(random() * %(apprentices)s)::int + 1]
                    ELSE ARRAY(
                        SELECT DISTINCT floor(random() * %(apprentices)s)::int + 1
                        FROM generate_series(
                            1, CASE WHEN g.roll < 0.98
                                    THEN 2 + floor(random() * 49)::int ELSE 200 END)
                        ORDER BY 1)
                    END AS ids
            ) AS x
        """  # noqa: S608 (table and column names are the model's own)
        with connection.cursor() as cursor:
            cursor.execute("SELECT setseed(%s)", [(self.seed % 1000) / 1000])
            cursor.execute(
                sql,
                {
                    "start": start,
                    "step": step,
                    "user_base": self.company_user_base,
                    "domain": BENCH_DOMAIN,
                    "purposes": [p for p, _ in purposes],
                    "url_names": [u for _, u in purposes],
                    "companies": s.companies,
                    "count": s.access_log,
                    "apprentices": apprentices,
                },
            )
        self.sink._done(model._meta.db_table, s.access_log, started)


def _orgnr(base: int) -> str:
    """A valid Norwegian organisation number near `base` (mod-11 check digit)."""
    weights = (3, 2, 7, 6, 5, 4, 3, 2)
    body = base
    while True:
        digits = f"{body:08d}"
        check = 11 - sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
        if check == 11:
            check = 0
        if check != 10:
            return f"{digits}{check}"
        body += 1


def describe(counts: dict[str, int]) -> str:
    return "\n".join(f"{table:<44} {count:>10,}" for table, count in sorted(counts.items()))
