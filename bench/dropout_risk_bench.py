"""Benchmark: the school's "Elevoversigt" at national scale (issue 5).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/laereportal \
        .venv/bin/python bench/dropout_risk_bench.py [--students 100000] [--schools 100] \
        [--assessments 1000000] [--requests 30] [--rebuild] [--explain]

Builds (once; reused while the sizes match, --rebuild forces it) a separate database,
`test_laereportal_dropout_risk_bench`, with the portal's migrations, then with COPY and a
fixed random seed: `--schools` SOSU schools (one staff user each), 1,000 companies with a
workplace and a staff user, `--students` apprentices with one current agreement each (80 %
on the two SOSU educations, 20 % on a third one; 10 % also have an ended agreement),
`--assessments` registrations over the last three years for 85 % of the SOSU students, and
the latest assessment derived from them. Then it times, through Django's test Client (the
full middleware stack, session, terms check, access-log INSERT and template), the median of
`--requests` requests per scenario as one school's staff member (students/schools current
students), and prints a table. The target is < 150 ms median for a filtered overview.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

SEED = 2026
# test_*: the append-only triggers of other apps let TRUNCATE through only in test databases;
# its own name: other benchmarks use their own databases on the same server.
BENCH_DB = "test_laereportal_dropout_risk_bench"
FIRST = [
    "Anna",
    "Sofie",
    "Emma",
    "Ida",
    "Freja",
    "Noah",
    "Lucas",
    "Oscar",
    "Emil",
    "William",
    "Ahmed",
    "Maja",
    "Laura",
    "Karl",
    "Mads",
    "Nanna",
    "Jonas",
    "Clara",
    "Yasmin",
    "Ali",
]
LAST = [
    "Nielsen",
    "Jensen",
    "Hansen",
    "Pedersen",
    "Andersen",
    "Christensen",
    "Larsen",
    "Sørensen",
    "Rasmussen",
    "Jørgensen",
    "Petersen",
    "Madsen",
    "Kristensen",
    "Olsen",
    "Thomsen",
    "Poulsen",
    "Johansen",
    "Møller",
    "Mortensen",
    "Kaya",
]
LEVELS = ["none", "low", "low", "low", "medium", "medium", "high"]
REGIONS = ["hovedstaden", "sjaelland", "syddanmark", "midtjylland", "nordjylland"]
COMPANIES = 1000


def main() -> None:
    args = parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL server (the benchmark is about PostgreSQL).")
    setup_test_environment()
    connection.settings_dict["TEST"]["NAME"] = BENCH_DB
    fingerprint = f"{args.students}/{args.schools}/{args.assessments}"
    started = time.perf_counter()
    # keepdb: migrations apply incrementally; --rebuild regenerates the data (TRUNCATE).
    connection.creation.create_test_db(verbosity=0, keepdb=True, serialize=False)
    if args.rebuild or stored_fingerprint() != fingerprint:
        generate(args)
        store_fingerprint(fingerprint)
        print(f"generated {fingerprint} in {time.perf_counter() - started:.1f} s")
    else:
        print(f"reusing {BENCH_DB} ({fingerprint})")
    print_sizes()
    if args.explain:
        explain()
    results = measure(args.requests)
    print_table(results, args)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=100_000)
    parser.add_argument("--schools", type=int, default=100)
    parser.add_argument("--assessments", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--explain", action="store_true", help="print the page query's plan")
    return parser.parse_args()


# --- data ---------------------------------------------------------------------------------


def stored_fingerprint() -> str:
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_meta (fingerprint text)")
        cursor.execute("SELECT fingerprint FROM bench_meta")
        row = cursor.fetchone()
    return row[0] if row else ""


def store_fingerprint(value: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM bench_meta")
        cursor.execute("INSERT INTO bench_meta VALUES (%s)", [value])


TABLES = [  # children first: emptied with one TRUNCATE ... CASCADE
    "dropout_risk_revisitreminderrecipient",
    "dropout_risk_revisitreminder",
    "dropout_risk_latestassessment",
    "dropout_risk_assessment",
    "apprenticeship_staffselection",
    "apprenticeship_schoolstaff",
    "apprenticeship_educationagreement",
    "apprenticeship_apprentice",
    "apprenticeship_specialty",
    "apprenticeship_education",
    "apprenticeship_school",
    "companies_companystaff",
    "companies_workplace",
    "companies_company",
    "accounts_termsacceptance",
    "accounts_termsversion",
    "django_session",
    "accounts_user",
]


def generate(args: argparse.Namespace) -> None:
    rng = random.Random(SEED)
    now = timezone.now().replace(microsecond=0)
    today = timezone.localdate()
    with connection.cursor() as cursor:
        # The assessment history is append-only (a trigger); TRUNCATE is not blocked.
        cursor.execute("TRUNCATE " + ", ".join(TABLES) + " RESTART IDENTITY CASCADE")
    t = time.perf_counter()
    # The small tables through the ORM (their defaults stay right as the models change);
    # the big ones through COPY below.
    from django.contrib.auth.hashers import make_password

    from accounts.models import User
    from apprenticeship.models import Education, School, SchoolStaff
    from companies.models import Company, CompanyStaff, Workplace

    unusable = make_password(None)
    User.objects.bulk_create(
        [
            User(
                email=f"skole{i}@bench.test", full_name=f"Skole Medarbejder {i}", password=unusable
            )
            for i in range(args.schools)
        ]
        + [
            User(
                email=f"virk{i}@bench.test",
                full_name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                password=unusable,
            )
            for i in range(COMPANIES)
        ],
        batch_size=1000,
    )
    School.objects.bulk_create(
        School(
            name=f"SOSU-skole {i:03d}", institution_number=f"{900000 + i}", region=REGIONS[i % 5]
        )
        for i in range(args.schools)
    )
    Education.objects.bulk_create(
        [
            Education(code="SOSU-ASS", name="Social- og sundhedsassistent", is_sosu=True),
            Education(code="SOSU-HJ", name="Social- og sundhedshjælper", is_sosu=True),
            Education(code="PAED", name="Pædagogisk assistent", is_sosu=False),
        ]
    )
    Company.objects.bulk_create(
        Company(cvr=f"{30000000 + i}", name=f"Kommune {i:04d}") for i in range(COMPANIES)
    )
    Workplace.objects.bulk_create(
        Workplace(company_id=i + 1, p_number=f"{1000000000 + i}", name=f"Plejecenter {i:04d}")
        for i in range(COMPANIES)
    )
    CompanyStaff.objects.bulk_create(
        CompanyStaff(user_id=args.schools + i + 1, company_id=i + 1) for i in range(COMPANIES)
    )
    SchoolStaff.objects.bulk_create(
        SchoolStaff(user_id=i + 1, school_id=i + 1) for i in range(args.schools)
    )
    students = []
    agreements = []
    sosu_students: list[tuple[int, int, int, int]] = []  # (apprentice, company, school, edu)
    for pk in range(1, args.students + 1):
        students.append(
            (
                rng.choice(FIRST),
                rng.choice(LAST),
                dt.date(2000, 1, 1) + dt.timedelta(days=rng.randrange(3000)),
                "",
                "",
                "",
                "",
                "",
            )
        )
        school = (pk - 1) % args.schools + 1
        company = rng.randrange(COMPANIES) + 1
        education = 3 if rng.random() < 0.2 else rng.choice((1, 2))
        start = today - dt.timedelta(days=rng.randrange(30, 1000))
        team = f"H{school:03d}-{rng.randrange(8)}"
        agreements.append(
            (pk, company, company, education, school, team, start, start + dt.timedelta(days=1200))
        )
        if rng.random() < 0.1:  # an earlier, ended agreement elsewhere
            agreements.append(
                (
                    pk,
                    rng.randrange(COMPANIES) + 1,
                    None,
                    education,
                    rng.randrange(args.schools) + 1,
                    "",
                    start - dt.timedelta(days=700),
                    start - dt.timedelta(days=1),
                )
            )
        if education != 3:
            sosu_students.append((pk, company, school, education))
    copy(
        "apprenticeship_apprentice",
        [
            "first_name",
            "last_name",
            "birth_date",
            "email",
            "phone",
            "address",
            "postal_code",
            "city",
        ],
        students,
    )
    copy(
        "apprenticeship_educationagreement",
        [
            "apprentice_id",
            "company_id",
            "workplace_id",
            "education_id",
            "school_id",
            "team",
            "start_date",
            "end_date",
        ],
        agreements,
    )
    print(f"  people, schools, companies, agreements: {time.perf_counter() - t:.1f} s")
    t = time.perf_counter()
    with connection.cursor() as cursor:
        # Generated rows are consistent by construction: skip the foreign-key triggers for
        # the bulk load (superuser only; the RI triggers are not ENABLE ALWAYS).
        cursor.execute("SET session_replication_role = replica")
    try:
        generate_assessments(rng, sosu_students, args.assessments, args.schools, now)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = origin")
    print(f"  {args.assessments:,} assessments + latest: {time.perf_counter() - t:.1f} s")
    terms(args.schools)
    t = time.perf_counter()
    with connection.cursor() as cursor:
        # VACUUM sets the visibility map, so index-only scans work as in production.
        for table in TABLES:
            cursor.execute(f"VACUUM ANALYZE {table}")
    print(f"  analyze: {time.perf_counter() - t:.1f} s")


def generate_assessments(rng, sosu_students, total: int, schools: int, now) -> None:
    """`total` registrations spread at random over 85 % of the SOSU students, at
    increasing times over the last three years; the latest derived as the service would
    have left it (no row when the last one was "Ikke angivet")."""
    span = 3 * 365 * 24 * 3600
    assessed = [s for s in sosu_students if rng.random() < 0.85]  # 15 % never assessed
    counts = [0] * len(assessed)
    for _ in range(total):
        counts[rng.randrange(len(assessed))] += 1
    rows, latest = [], []
    for (apprentice, company, school, education), count in zip(assessed, counts, strict=True):
        if not count:
            continue
        seconds = sorted(rng.sample(range(span), count))
        last = None
        for offset in seconds:
            when = now - dt.timedelta(seconds=span - offset)
            level = rng.choice(LEVELS)
            user = company + schools  # the company's staff user
            rows.append(
                (
                    apprentice,
                    level,
                    when,
                    user,
                    f"Medarbejder {company}",
                    company,
                    company,
                    education,
                    school,
                )
            )
            last = (apprentice, level, when, company)
        if last[1] != "none":
            latest.append(last)
        if len(rows) >= 200_000:
            flush_assessments(rows)
            rows = []
    flush_assessments(rows)
    # The latest rows point at their history row: look the ids up in one statement.
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE bench_latest (apprentice_id bigint, level text, "
            "assessed_at timestamptz, company_id bigint)"
        )
        with cursor.copy("COPY bench_latest FROM STDIN") as copy_:
            for row in latest:
                copy_.write_row(row)
        cursor.execute("""
            INSERT INTO dropout_risk_latestassessment
                (apprentice_id, assessment_id, level, assessed_at, registered_by_name,
                 company_id, workplace_id)
            SELECT l.apprentice_id, a.id, l.level, l.assessed_at, a.registered_by_name,
                   l.company_id, a.workplace_id
            FROM bench_latest l
            JOIN dropout_risk_assessment a
              ON a.apprentice_id = l.apprentice_id AND a.registered_at = l.assessed_at
        """)
        cursor.execute("DROP TABLE bench_latest")


def flush_assessments(rows: list[tuple]) -> None:
    copy(
        "dropout_risk_assessment",
        [
            "apprentice_id",
            "level",
            "registered_at",
            "registered_by_id",
            "registered_by_name",
            "company_id",
            "workplace_id",
            "education_id",
            "school_id",
        ],
        rows,
    )


def copy(table: str, columns: list[str], rows) -> None:
    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.copy(sql) as copy_:
        for row in rows:
            copy_.write_row(row)


def terms(schools: int) -> None:
    from accounts.models import TermsAcceptance, TermsVersion

    versions = [
        TermsVersion.objects.create(
            kind=kind,
            version=1,
            title="Vilkår",
            body="…",
            published_at=timezone.now() - dt.timedelta(days=1),
        )
        for kind in TermsVersion.Kind.values
    ]
    TermsAcceptance.objects.bulk_create(
        TermsAcceptance(user_id=user_id, terms=version)
        for user_id in range(1, schools + 1)
        for version in versions
    )


def print_sizes() -> None:
    with connection.cursor() as cursor:
        for table in (
            "apprenticeship_apprentice",
            "apprenticeship_educationagreement",
            "dropout_risk_assessment",
            "dropout_risk_latestassessment",
        ):
            cursor.execute(  # constant table names
                f"SELECT count(*), pg_size_pretty(pg_total_relation_size('{table}')) "  # noqa: S608
                f"FROM {table}"
            )
            count, size = cursor.fetchone()
            print(f"  {table:<36} {count:>10,} rows {size:>10}")


# --- timing -------------------------------------------------------------------------------


def timed(client: Client, url: str, params: dict, requests: int) -> tuple[float, float, float]:
    """(median wall ms, max wall ms, median CPU ms of this process): the CPU time is the
    Python side's own work, which other load on the machine inflates much less."""
    wall, cpu = [], []
    for _ in range(requests):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url, params)
        if response.streaming:
            b"".join(response.streaming_content)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return statistics.median(wall), max(wall), statistics.median(cpu)


def scenarios() -> list[tuple[str, dict]]:
    before = (timezone.localdate() - dt.timedelta(days=90)).isoformat()
    return [
        ("no filter, page 1", {}),
        ("risk = Høj", {"risk": ["high"]}),
        ("risk = Ikke angivet", {"risk": ["none"]}),
        (
            "risk = Middel+Høj, older than 90 days",
            {"risk": ["medium", "high"], "registered_before": before},
        ),
        ("registered before (90 days)", {"registered_before": before}),
        ("name search 'sofie niel'", {"q": "sofie niel"}),
        ("education + risk = Lav", {"education": "2", "risk": ["low"]}),
        ("sorted by risk, descending", {"sort": "-risk"}),
        ("sorted by date, page 10", {"sort": "-registered", "page": "10"}),
    ]


def measure(requests: int) -> list[tuple[str, int, int, float, float, float]]:
    from django.core.cache import cache

    from accounts.models import User

    user = User.objects.get(email="skole1@bench.test")
    client = Client()
    client.force_login(user)
    # The framework floor under the same conditions: the front page (session, terms, roles,
    # menu), for comparison with the overview's figures.
    client.get("/")
    results = [("front page (framework floor)", -1, -1, *timed(client, "/", {}, requests))]
    url = reverse("dropout_risk:school_overview")
    for label, params in scenarios():
        response = client.get(url, params)  # warm-up (and a sanity check)
        assert response.status_code == 200, (label, response.status_code)
        rows = len(response.context["table"].page.object_list)
        total = response.context["table"].paginator.count
        results.append((label, total, rows, *timed(client, url, params, requests)))
    few = max(3, requests // 6)
    export = reverse("dropout_risk:school_export")
    params = {"risk": ["medium", "high"]}
    results.append(("xlsx export, risk = Middel+Høj", -1, -1, *timed(client, export, params, few)))
    stats_url = reverse("dropout_risk:statistics")
    for label, params in (
        ("statistics: education x quarter", {}),
        ("statistics: school x month", {"dimension": "skole", "period": "maaned"}),
    ):
        cache.clear()
        results.append((label + ", uncached", -1, -1, *timed(client, stats_url, params, 1)))
        results.append((label + ", cached", -1, -1, *timed(client, stats_url, params, few)))
    return results


def print_table(results, args: argparse.Namespace) -> None:
    print()
    print(
        f"Elevoversigt as one school's staff ({args.students // args.schools:,} current "
        f"students of {args.students:,}; {args.assessments:,} assessments), "
        f"median of {args.requests} requests through the test Client:"
    )
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"(load average {load} on {os.cpu_count()} CPUs while measuring)")
    print(
        f"{'scenario':<46} {'matches':>8} {'rows':>5} {'median ms':>10} {'max ms':>8} {'CPU ms':>7}"
    )
    for label, total, rows, median, worst, cpu in results:
        matches = f"{total:,}" if total >= 0 else ""
        shown = str(rows) if rows >= 0 else ""
        print(f"{label:<46} {matches:>8} {shown:>5} {median:>10.1f} {worst:>8.1f} {cpu:>7.1f}")


def explain() -> None:
    from accounts.models import User
    from dropout_risk.filters import StudentFilter
    from dropout_risk.selectors import school_students

    user = User.objects.get(email="skole1@bench.test")
    before = (timezone.localdate() - dt.timedelta(days=90)).isoformat()
    data = {"risk": ["medium", "high"], "registered_before": before}
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    for key, value in data.items():
        query.setlist(key, value if isinstance(value, list) else [value])
    qs = StudentFilter(query, queryset=school_students(user), user=user).qs[:50]
    print(qs.explain(analyze=True, buffers=True))


if __name__ == "__main__":
    main()
