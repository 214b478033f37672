"""Where one page's time goes, in-process (issue 10): wall time per request, time in SQL,
query count, and the functions that cost most (cProfile).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/laereportal_scale_bench \\
        .venv/bin/python bench/profile_page.py school /frafaldsrisiko/elevoversigt/ --runs 30

The user is one of the benchmark users of bench/generate.py (school, company, admin, survey,
backoffice). Settings are the benchmark server's (DEBUG off). Requests go through Django's
test client, so the whole middleware stack runs, but not gunicorn or the socket.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("who", choices=["school", "company", "admin", "survey", "backoffice"])
    parser.add_argument("path")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sort", default="tottime", choices=["tottime", "cumulative"])
    parser.add_argument("--queries", action="store_true", help="print each query of one request")
    parser.add_argument(
        "--by-package", action="store_true", help="sum the profile's own time per package"
    )
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="count the Django process's instructions for --runs requests under callgrind "
        "(repeatable whatever else the machine does; about 50 times slower)",
    )
    parser.add_argument(
        "--access-log-cost",
        action="store_true",
        help="the same page with the access log on and off, alternating in batches of --runs "
        "requests (ten batches each): what the log adds per request, without queueing",
    )
    args = parser.parse_args()
    if "DATABASE_URL" not in os.environ:
        sys.exit("Set DATABASE_URL to the benchmark database (see bench/README.md).")

    from bench.run import SERVER_ENV

    os.environ.update(SERVER_ENV)
    os.environ["ALLOWED_HOSTS"] = "testserver"
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    client = _client(args.who, Client)
    response = client.get(args.path)
    if response.status_code != 200:
        sys.exit(f"{args.path}: HTTP {response.status_code}")

    if args.instructions:
        _count_instructions(client, args.path, args.runs)
        return
    if args.access_log_cost:
        _access_log_cost(client, args.path, args.runs)
        return
    sql = {"time": 0.0, "count": 0}
    if args.queries:
        _print_queries(client, args.path)

    def timed(execute, query, params, many, context):
        start = time.perf_counter()
        try:
            return execute(query, params, many, context)
        finally:
            sql["time"] += time.perf_counter() - start
            sql["count"] += 1

    walls = []
    backend = _backend_pid(connection)
    cpu_start, pg_start = time.process_time(), _cpu_seconds(backend)
    with connection.execute_wrapper(timed):
        for _ in range(args.runs):
            start = time.perf_counter()
            client.get(args.path)
            walls.append(time.perf_counter() - start)
    runs = args.runs
    cpu = (time.process_time() - cpu_start) / runs * 1000
    pg_cpu = (_cpu_seconds(backend) - pg_start) / runs * 1000
    print(f"{args.path} as {args.who}: {runs} requests, {len(response.content):,} bytes")
    print(
        f"  wall median {statistics.median(walls) * 1000:.1f} ms, "
        f"min {min(walls) * 1000:.1f} ms; SQL {sql['time'] / runs * 1000:.1f} ms in "
        f"{sql['count'] / runs:.0f} queries per request"
    )
    # CPU is what limits throughput on a busy machine, and it varies less than wall time
    # when neighbours steal the CPU.
    print(f"  CPU per request: Django {cpu:.1f} ms + PostgreSQL {pg_cpu:.1f} ms")
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(runs):
        client.get(args.path)
    profiler.disable()
    if args.by_package:
        _print_by_package(pstats.Stats(profiler), runs)
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(args.sort).print_stats(args.top)
    print(out.getvalue())


def _count_instructions(client, path: str, runs: int) -> None:
    """Re-runs this script under callgrind with collection off, and switches it on (with
    callgrind_control) only around the requests."""
    if "CALLGRIND_CHILD" not in os.environ:
        out = Path(tempfile.mkdtemp()) / "callgrind.out"
        command = [
            "valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}",
            sys.executable, *sys.argv,
        ]  # fmt: skip
        subprocess.run(command, env={**os.environ, "CALLGRIND_CHILD": "1"}, check=True,
                       stderr=subprocess.DEVNULL)  # fmt: skip
        totals = next(line for line in out.read_text().splitlines() if line.startswith("totals:"))
        instructions = int(totals.split()[1])
        print(f"{path}: {instructions / runs / 1e6:.1f} million instructions per request "
              f"(Django process, {runs} requests)")  # fmt: skip
        return
    client.get(path)  # warm, outside the count
    subprocess.run(["callgrind_control", "-i", "on", str(os.getpid())], check=True,
                   capture_output=True)  # fmt: skip
    for _ in range(runs):
        client.get(path)
    subprocess.run(["callgrind_control", "-i", "off", str(os.getpid())], check=True,
                   capture_output=True)  # fmt: skip


def _access_log_cost(client, path: str, runs: int, batches: int = 10) -> None:
    """Wall time, Django CPU and PostgreSQL CPU per request with the access log on and off
    (ACCESS_LOG_DISABLED_FOR_BENCHMARK), in alternating batches so that drift counts
    against both. Under wrk the difference is multiplied by the queue (bench/run.py)."""
    from django.db import connection
    from django.test import override_settings

    backend = _backend_pid(connection)
    sides = {
        "on": {"walls": [], "cpu": 0.0, "pg": 0.0},
        "off": {"walls": [], "cpu": 0.0, "pg": 0.0},
    }
    for batch in range(batches * 2):
        side = ("on", "off")[(batch + batch // 2) % 2]  # on, off, off, on, on, off, ...
        measured = sides[side]
        with override_settings(ACCESS_LOG_DISABLED_FOR_BENCHMARK=side == "off"):
            cpu_start, pg_start = time.process_time(), _cpu_seconds(backend)
            for _ in range(runs):
                start = time.perf_counter()
                client.get(path)
                measured["walls"].append(time.perf_counter() - start)
            measured["cpu"] += time.process_time() - cpu_start
            measured["pg"] += _cpu_seconds(backend) - pg_start
    count = runs * batches
    figures = {}
    for side, measured in sides.items():
        figures[side] = (
            statistics.median(measured["walls"]) * 1000,
            measured["cpu"] / count * 1000,
            measured["pg"] / count * 1000,
        )
        wall, cpu, pg = figures[side]
        print(f"{path}, access log {side:3}: wall median {wall:.2f} ms, CPU per request "
              f"Django {cpu:.2f} ms + PostgreSQL {pg:.2f} ms ({count} requests)")  # fmt: skip
    wall, cpu, pg = (a - b for a, b in zip(figures["on"], figures["off"], strict=True))
    print(f"  the log adds: wall {wall:+.2f} ms, CPU Django {cpu:+.2f} ms + PostgreSQL "
          f"{pg:+.2f} ms = {cpu + pg:+.2f} ms per request")  # fmt: skip


def _print_by_package(stats: pstats.Stats, runs: int) -> None:
    """Own time per package (django.template, django.db, psycopg, the portal's apps...)."""
    totals: dict[str, float] = {}
    for (filename, _line, _name), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():
        parts = Path(filename).parts
        if "site-packages" in parts:
            rest = parts[parts.index("site-packages") + 1 :]
            key = "/".join(rest[:2]) if rest and rest[0] == "django" else rest[0]
        elif str(ROOT) in filename:
            key = "portal: " + Path(filename).relative_to(ROOT).parts[0]
        else:
            key = "python: " + (parts[-1] if parts else filename)
        totals[key] = totals.get(key, 0.0) + tottime
    print("  own time per package, ms per request (under the profiler):")
    for key, seconds in sorted(totals.items(), key=lambda kv: -kv[1])[:25]:
        print(f"    {seconds / runs * 1000:7.2f}  {key}")


def _backend_pid(connection) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _cpu_seconds(pid: int) -> float:
    """User + system CPU of a local process (the PostgreSQL backend), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _print_queries(client, path: str) -> None:
    from django.db import connection

    def timed(execute, query, params, many, context):
        start = time.perf_counter()
        try:
            return execute(query, params, many, context)
        finally:
            elapsed = (time.perf_counter() - start) * 1000
            print(f"  {elapsed:6.2f} ms  {query[:400]}")

    with connection.execute_wrapper(timed):
        client.get(path)


def _client(who: str, client_class):
    from bench.generate import ADMIN_USER, COMPANY_USER, SCHOOL_USER, SURVEY_USER

    client = client_class()
    if who == "backoffice":
        from bench.run import _backoffice_session

        client.cookies["sessionid"] = _backoffice_session().split("=", 1)[1]
        return client
    from accounts.models import User

    email = {
        "school": SCHOOL_USER,
        "company": COMPANY_USER,
        "admin": ADMIN_USER,
        "survey": SURVEY_USER,
    }[who]
    client.force_login(User.objects.get(email=email))
    return client


if __name__ == "__main__":
    main()
