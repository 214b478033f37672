"""Access-log benchmark: bulk load, "accesses to apprentice X", a 1,000,000-row export.

Needs PostgreSQL. It creates (drops and re-creates) its own throwaway database, whose name
must contain "bench", runs the migrations there, loads N entries with COPY (deterministic
seed; apprentice ids drawn from 1..60,000), runs ANALYZE, then measures:

- "every access to apprentice X in the last 6 months" through the real selector
  (accesslog.selectors.accesses_to_apprentice): median of 20 different X, plus EXPLAIN;
- record(): the cost of one log INSERT;
- the sealer: entries chained per second;
- an .xlsx export of 1,000,000 entries through the real writer (accesslog.exports), in a
  child process so its peak RSS is its own: wall time, peak RSS, file size.

Run from the repository root:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/laereportal_bench \\
        .venv/bin/python bench/accesslog_bench.py --entries 5000000

Smaller and quicker: --entries 500000 --export-rows 200000. Measure again on the loaded
database without reloading: --skip-load (add --export-rows 0 --seal-rows 0 for the query
alone). Targets: query median < 50 ms, export peak RSS < 200 MB. The database is left
behind for inspection; drop it with `dropdb -h 127.0.0.1 -U postgres laereportal_bench`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

APPRENTICES = 60_000
USERS = 5_000
COMPANIES = 500
SCHOOLS = 50
SPAN_DAYS = 200  # a little more than the 183-day retention
SEED = 2026
COLUMNS = (
    "accessed_at",
    "user_id",
    "user_name",
    "user_email",
    "role_kind",
    "organisation_type",
    "organisation_id",
    "organisation_name",
    "purpose",
    "apprentice_ids",
    "url_name",
    "ip",
)
# What the apprentice's "Hvem har set mine oplysninger" page reads of each entry.
WHO_SAW_ME_FIELDS = ("accessed_at", "organisation_name", "role_kind", "purpose")
PURPOSES = [
    ("apprenticeship.detail", "apprenticeship:apprentice_detail"),
    ("apprenticeship.selection", "apprenticeship:my_apprentices"),
    ("dropout_risk.overview", "dropout_risk:overview"),
    ("dropout_risk.assessment", "dropout_risk:assessment"),
    ("rejections.list", "rejections:list"),
    ("training_declarations.detail", "training_declarations:detail"),
]


def main() -> None:
    args = _arguments()
    if args.phase == "export":
        _export_phase(args.export_rows)
        return
    url = os.environ.get("DATABASE_URL", "")
    _check_target(url)
    results: list[tuple[str, str]] = []
    if not args.skip_load:
        _recreate_database(url)
    import django

    django.setup()
    from django.core.management import call_command

    if not args.skip_load:
        call_command("migrate", verbosity=0)
        results += _load(args.entries)
    results += _query(args.runs)
    results += _record_cost()
    if args.seal_rows:
        results += _seal_rate(args.seal_rows)
    if args.export_rows:
        results += _export(url, min(args.export_rows, args.entries))
    _print_table(_entry_count(), results)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=5_000_000)
    parser.add_argument("--export-rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--seal-rows", type=int, default=100_000)
    parser.add_argument("--phase", choices=["all", "export"], default="all")
    parser.add_argument(
        "--skip-load", action="store_true", help="measure again on the loaded bench database"
    )
    return parser.parse_args()


def _check_target(url: str) -> None:
    parsed = urlparse(url)
    if not parsed.scheme.startswith("postgres") or "bench" not in parsed.path:
        sys.exit("Set DATABASE_URL to a PostgreSQL database whose name contains 'bench'.")


def _recreate_database(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin_url = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


# --- Load --------------------------------------------------------------------------------------


def _lines(count: int) -> Iterator[str]:
    """Deterministic entries in time order (ids grow with time, as in production), as COPY
    text lines: formatting them here is several times faster than copy.write_row(), and
    none of the generated values needs escaping."""
    rng = random.Random(SEED)
    start = dt.datetime.now(dt.UTC) - dt.timedelta(days=SPAN_DAYS)
    step = dt.timedelta(days=SPAN_DAYS) / count
    for n in range(count):
        user = rng.randrange(1, USERS + 1)
        if user % 10 == 0:
            kind, org_type, org = "school_staff", "school", user % SCHOOLS + 1
        else:
            kind, org_type, org = "company_staff", "company", user % COMPANIES + 1
        purpose, url_name = PURPOSES[rng.randrange(len(PURPOSES))]
        ids = ",".join(map(str, _apprentice_ids(rng)))
        yield (
            f"{(start + step * n).isoformat()}\t{user}\tBruger {user}\tbruger{user}@bench.test\t"
            f"{kind}\t{org_type}\t{org}\tOrganisation {org}\t{purpose}\t{{{ids}}}\t"
            f"{url_name}\t10.{user % 256}.{n % 256}.{rng.randrange(1, 255)}\n"
        )


def _apprentice_ids(rng: random.Random) -> list[int]:
    # Mostly one apprentice (a detail page), some list pages, a few exports.
    roll = rng.random()
    size = 1 if roll < 0.80 else rng.randint(2, 50) if roll < 0.98 else rng.randint(51, 500)
    return sorted(rng.sample(range(1, APPRENTICES + 1), size))


def _load(count: int) -> list[tuple[str, str]]:
    from django.db import connection

    with connection.cursor() as cursor:
        # Building the GIN index once after the load is much faster than maintaining it
        # row by row; the result is the same index.
        cursor.execute("DROP INDEX accesslog_apprentice_ids_gin")
        started = time.perf_counter()
        sql = f"COPY accesslog_accesslogentry ({', '.join(COLUMNS)}) FROM STDIN"
        with cursor.connection.cursor().copy(sql) as copy:
            batch: list[str] = []
            for line in _lines(count):
                batch.append(line)
                if len(batch) == 10_000:
                    copy.write("".join(batch))
                    batch.clear()
            copy.write("".join(batch))
        loaded = time.perf_counter() - started
        started = time.perf_counter()
        cursor.execute(
            "CREATE INDEX accesslog_apprentice_ids_gin ON accesslog_accesslogentry "
            "USING gin (apprentice_ids)"
        )
        indexed = time.perf_counter() - started
        cursor.execute("ANALYZE accesslog_accesslogentry")
        cursor.execute("SELECT pg_size_pretty(pg_total_relation_size('accesslog_accesslogentry'))")
        size = cursor.fetchone()[0]
        cursor.execute("SELECT pg_size_pretty(pg_relation_size('accesslog_apprentice_ids_gin'))")
        gin = cursor.fetchone()[0]
    return [
        ("load: COPY", f"{loaded:.1f} s ({count / loaded:,.0f} rows/s)"),
        ("load: GIN index build", f"{indexed:.1f} s"),
        ("table + indexes on disk", f"{size} (GIN {gin})"),
    ]


# --- Query -------------------------------------------------------------------------------------


def _query(runs: int) -> list[tuple[str, str]]:
    """Three views of one question: the database's own execution time (EXPLAIN ANALYZE, no
    transfer), every entry with the fields "Hvem har set mine oplysninger" shows, and one
    page of the newest 50 of those."""
    from django.utils import timezone

    from accesslog.selectors import accesses_to_apprentice

    rng = random.Random(SEED + 1)
    since = timezone.now() - dt.timedelta(days=183)
    server, full, page, counts = [], [], [], []
    for apprentice in rng.sample(range(1, APPRENTICES + 1), runs):
        entries = accesses_to_apprentice(apprentice, since=since).only(*WHO_SAW_ME_FIELDS)
        server.append(_execution_ms(entries.explain(analyze=True)))
        full.append(_timed_ms(lambda q=entries: counts.append(len(list(q.all())))))
        page.append(_timed_ms(lambda q=entries: list(q.all()[:50])))
    plan = accesses_to_apprentice(rng.randrange(1, APPRENTICES + 1), since=since).explain(
        analyze=True, buffers=True
    )
    print("EXPLAIN (ANALYZE, BUFFERS) accesses_to_apprentice(x, since=6 months ago):")
    print(plan, end="\n\n")
    return [
        (f"apprentice X, last 6 months ({runs} X)", f"entries found: median {_median(counts)}"),
        ("  database execution (EXPLAIN ANALYZE)", _spread(server)),
        ("  through Django, every entry", _spread(full)),
        ("  through Django, newest 50 (a page)", _spread(page)),
    ]


def _timed_ms(action) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def _execution_ms(plan: str) -> float:
    line = next(x for x in plan.splitlines() if x.startswith("Execution Time:"))
    return float(line.split()[2])


def _median(values: list) -> str:
    return f"{statistics.median(values):.0f}"


def _spread(values: list[float]) -> str:
    return f"median {statistics.median(values):.1f} ms, max {max(values):.1f} ms"


def _entry_count() -> int:
    from accesslog.models import AccessLogEntry

    return AccessLogEntry.objects.count()


# --- record() and the sealer ------------------------------------------------------------------


def _record_cost(calls: int = 1000) -> list[tuple[str, str]]:
    from django.db import transaction

    from accesslog.services import record_for_user
    from accounts.roles import Role

    class BenchUser:
        pk, full_name, email, is_authenticated = 1, "Bench", "bench@bench.test", True

    role = Role(kind="company_staff", title="x", organisation_type="company", organisation_id=1)

    def one(n: int) -> None:
        ids = range(1, n % 50 + 2)  # a list page logs up to 50 ids in its one row
        record_for_user(user=BenchUser(), purpose="bench", apprentice_ids=ids, role=role)

    started, cpu = time.perf_counter(), _cpu_seconds()
    with transaction.atomic():  # as in a page: the INSERT joins the request's transaction
        for n in range(calls):
            one(n)
    in_page = (time.perf_counter() - started) * 1000 / calls
    python_ms = (_cpu_seconds() - cpu) * 1000 / calls
    started = time.perf_counter()
    for n in range(calls):
        with transaction.atomic():
            one(n)
    alone = (time.perf_counter() - started) * 1000 / calls
    return [
        (
            "record(): the INSERT in a transaction",
            f"{in_page:.2f} ms per call (Python CPU {python_ms:.2f} ms)",
        ),
        ("record(): INSERT + its own COMMIT", f"{alone:.2f} ms per call"),
    ]


def _seal_rate(rows: int) -> list[tuple[str, str]]:
    from django.utils import timezone

    from accesslog.services import SEAL_BATCH_SIZE, _seal_batch

    started, cpu = time.perf_counter(), _cpu_seconds()
    sealed = 0
    while sealed < rows:
        done = _seal_batch(timezone.now(), SEAL_BATCH_SIZE)
        sealed += done
        if done == 0:
            break
    elapsed, cpu = time.perf_counter() - started, _cpu_seconds() - cpu
    rate = f"{sealed:,} entries in {elapsed:.1f} s ({sealed / elapsed:,.0f}/s), CPU {cpu:.1f} s"
    return [("sealer (HMAC chain)", rate)]


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# --- Export (child process: its peak RSS is the export's own) --------------------------------


def _export(url: str, rows: int) -> list[tuple[str, str]]:
    output = subprocess.run(
        [sys.executable, __file__, "--phase", "export", "--export-rows", str(rows)],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "DATABASE_URL": url},
    ).stdout
    data = json.loads(output.strip().splitlines()[-1])
    return [
        (
            f"export {data['rows']:,} rows to xlsx",
            f"{data['seconds']:.1f} s "
            f"({data['rows'] / data['seconds']:,.0f} rows/s), CPU {data['cpu']:.0f} s, "
            f"{data['megabytes']:.1f} MB file",
        ),
        (
            "  export peak RSS",
            f"{data['peak_rss_mb']:.0f} MB (process after setup: {data['baseline_rss_mb']:.0f} MB)",
        ),
        ("  apprentice ids in the export", f"{data['ids']:,}"),
    ]


def _export_phase(rows: int) -> None:
    import django

    django.setup()
    from django.db import transaction

    from accesslog.exports import entries_to_xlsx
    from accesslog.models import AccessLogEntry
    from accesslog.selectors import entries_matching

    baseline = _peak_rss_mb()
    newest = AccessLogEntry.objects.order_by("-accessed_at").values_list("accessed_at", flat=True)
    since = newest[rows - 1]
    until = newest[0] + dt.timedelta(seconds=1)
    started, cpu = time.perf_counter(), _cpu_seconds()
    with transaction.atomic():  # server-side cursors live in a transaction
        file, ids = entries_to_xlsx(entries_matching(since=since, until=until))
    seconds, cpu = time.perf_counter() - started, _cpu_seconds() - cpu
    with file:
        size = file.seek(0, os.SEEK_END)
    print(
        json.dumps(
            {
                "rows": rows,
                "seconds": seconds,
                "cpu": cpu,
                "megabytes": size / 1e6,
                "peak_rss_mb": _peak_rss_mb(),
                "baseline_rss_mb": baseline,
                "ids": len(ids),
            }
        )
    )


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _print_table(entries: int, results: list[tuple[str, str]]) -> None:
    width = max(len(name) for name, _ in results)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"Access-log benchmark, {entries:,} entries (seed {SEED}), {os.cpu_count()} CPUs, "
        f"load average {load}"
    )
    print("-" * (width + 50))
    for name, value in results:
        print(f"{name.ljust(width)}  {value}")


if __name__ == "__main__":
    main()
