"""Scale benchmark (issue 10): page throughput and latency under wrk, access-log overhead,
exports and the "accesses to apprentice X" query, against data from `manage.py seed_scale`.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/laereportal_scale_national \\
        .venv/bin/python bench/run.py --duration 15

Starts gunicorn (sync workers, loopback, a free port, DEBUG off, CONN_MAX_AGE=600), logs the
benchmark users in through /konto/login/ with `requests`, and runs wrk (8 connections, at most
60 s per page) with bench/wrk/cookie.lua. A second gunicorn with
ACCESS_LOG_DISABLED_FOR_BENCHMARK=1, running alongside, gives the access log's cost. Both
are stopped at the end, also on errors. Every loop is bounded in time.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import re
import resource
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

from bench.generate import (  # noqa: E402
    ADMIN_USER,
    BENCH_PASSWORD,
    COMPANY_USER,
    SCHOOL_USER,
    SURVEY_USER,
    TRAINING_RESPONSIBLE,
)

LUA = ROOT / "bench" / "wrk" / "cookie.lua"
MAX_DURATION = 60
SERVER_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "bench-secret-key-not-for-production-0123456789abcdef",
    "ACCESS_LOG_HMAC_KEY": "bench-hmac-key-not-for-production-0123456789",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "0",
    "SECURE_COOKIES": "0",
    "SECURE_HSTS_SECONDS": "0",
    "MFA_REQUIRED_FOR_ADMINS": "0",
    "CONN_MAX_AGE": "600",
}


def main() -> None:
    args = _arguments()
    if "DATABASE_URL" not in os.environ:
        sys.exit("Set DATABASE_URL to the benchmark database (see bench/README.md).")
    os.environ.update({k: v for k, v in SERVER_ENV.items() if k != "DEBUG"})
    os.environ["DEBUG"] = "0"
    import django

    django.setup()
    fixtures = _fixtures()
    report: dict = {"fixtures": fixtures, "args": vars(args)}
    # Both servers run from the start, and the access log's pages alternate between them
    # (on, off, off, on): started one after the other, the second server's figures were
    # better or worse by up to 30 % whatever it did (bench/RESULTS.md, sessions 2-4).
    no_log = {"ACCESS_LOG_DISABLED_FOR_BENCHMARK": "1"}
    with (
        _gunicorn(args.workers, {}, args.server_venv) as base,
        _gunicorn(args.workers, no_log, args.server_venv) as base_off,
    ):
        cookies = _logins(base, fixtures)
        report["pages"] = _pages(base, cookies, fixtures, args)
        report["exports"] = [_http_export(base, cookies["school"], fixtures["export_path"])]
        servers = {"on": (base, cookies), "off": (base_off, _logins(base_off, fixtures))}
        report["access_log_on_off"] = _on_off(servers, fixtures, args)
    report["accesses_to_x"] = _accesses_to_x(args.query_runs)
    if args.accesslog_export_rows:
        report["exports"].append(_accesslog_export(args.accesslog_export_rows))
    _print(report)
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(report, indent=2, default=str))


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=15, help="seconds per page (≤ 60)")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--query-runs", type=int, default=20)
    parser.add_argument(
        "--accesslog-export-rows",
        type=int,
        default=1_000_000,
        help="rows for the in-process access-log xlsx export (0 skips it)",
    )
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument(
        "--server-venv",
        default=str(ROOT / ".venv"),
        help="the virtualenv whose gunicorn serves the pages (e.g. one made with the "
        "system's optimised Python, bench/README.md)",
    )
    args = parser.parse_args()
    args.duration = max(1, min(args.duration, MAX_DURATION))
    return args


# --- What to request ---------------------------------------------------------------------------


def _fixtures() -> dict:
    """Ids the pages need, read from the generated data."""
    from django.utils import timezone

    from apprenticeship.models import EducationAgreement, StaffSelection
    from dropout_risk.models import LatestAssessment

    today = timezone.localdate()
    selected = (
        StaffSelection.objects.filter(staff__user__email=COMPANY_USER)
        .order_by("apprentice_id")
        .values_list("apprentice_id", flat=True)
    )
    school_student = (
        EducationAgreement.objects.current()
        .filter(school__staff__user__email=SCHOOL_USER, education__is_sosu=True)
        .filter(apprentice__in=LatestAssessment.objects.values("apprentice"))
        .order_by("apprentice_id")
        .values_list("apprentice_id", flat=True)
        .first()
    )
    before = (today - dt.timedelta(days=180)).isoformat()
    filters = f"?risk=high&risk=medium&registered_before={before}"
    return {
        "school_student": school_student,
        "company_student": selected.first(),
        "selected": selected.count(),
        "filters": filters,
        "export_path": "/frafaldsrisiko/elevoversigt/udtraek.xlsx" + filters,
    }


# (label, user, path). The floor first: every ratio is to it.
def _page_list(fx: dict) -> list[tuple[str, str, str]]:
    return [
        ("floor: /ping/ (trivial authenticated view)", "school", "/ping/"),
        ("front page", "school", "/"),
        ("Elevoversigt (school, no filter)", "school", "/frafaldsrisiko/elevoversigt/"),
        ("Elevoversigt (risk high+medium, >180 d)", "school", "/frafaldsrisiko/elevoversigt/"
         + fx["filters"]),
        ("Frafaldsrisiko SOSU (company, 50 selected)", "company", "/frafaldsrisiko/"),
        ("student profile (school)", "school", f"/frafaldsrisiko/elev/{fx['school_student']}/"),
        ("apprentice page (company, selected)", "company",
         f"/laerlinge/{fx['company_student']}/"),
        ("workplace list (company with 500 units)", "company", "/virksomhed/arbejdssteder/"),
        ("training declarations back office", "backoffice", "/logbog/backend/"),
        ("survey round dashboard (50,000 participants)", "survey",
         "/laerlingundersokelsen/runder/1/"),
    ]  # fmt: skip


# Pages that write an access-log row, measured again with the log switched off.
LOGGED_PAGES = (
    "floor: /ping/ (trivial authenticated view)",
    "Elevoversigt (school, no filter)",
    "student profile (school)",
    "Frafaldsrisiko SOSU (company, 50 selected)",
)


# --- gunicorn and logins -----------------------------------------------------------------------


@contextlib.contextmanager
def _gunicorn(workers: int, extra_env: dict[str, str], venv: str) -> Iterator[str]:
    port = _free_port()
    env = {**os.environ, **SERVER_ENV, **extra_env}
    command = [
        str(Path(venv) / "bin" / "gunicorn"),
        "portal.wsgi",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        "--worker-class=sync",
        "--timeout=300",
        "--log-level=warning",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, process)
        yield base
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(base: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited during start-up")
        with contextlib.suppress(requests.RequestException):
            if requests.get(base + "/konto/login/", timeout=5).status_code == 200:
                return
        time.sleep(0.5)
    raise RuntimeError("gunicorn did not answer within 60 s")


def _logins(base: str, fx: dict) -> dict[str, str]:
    cookies = {
        "school": _login(base, SCHOOL_USER),
        "company": _login(base, COMPANY_USER),
        "admin": _login(base, ADMIN_USER),
        "survey": _login(base, SURVEY_USER),
        "backoffice": _backoffice_session(),
    }
    return cookies


def _login(base: str, email: str) -> str:
    """allauth's login form, as a browser would: CSRF cookie, POST, the session cookie."""
    session = requests.Session()
    page = session.get(base + "/konto/login/", timeout=30)
    token = session.cookies.get("csrftoken") or re.search(
        r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text
    ).group(1)
    response = session.post(
        base + "/konto/login/",
        data={"login": email, "password": BENCH_PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Referer": base + "/konto/login/"},
        timeout=30,
    )
    if "sessionid" not in session.cookies:
        raise RuntimeError(f"login failed for {email}: {response.status_code} {response.url}")
    check = session.get(base + "/ping/", timeout=30, allow_redirects=False)
    if check.status_code != 200:
        raise RuntimeError(f"{email} is not let through to /ping/: {check.status_code}")
    return f"sessionid={session.cookies['sessionid']}"


def _backoffice_session() -> str:
    """The back office logs in by a code e-mailed to the training responsible; the benchmark
    skips the e-mail and stores the session that backoffice.session_login() would leave."""
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from training_declarations import backoffice

    store = SessionStore()
    store[backoffice.SESSION_EMAIL] = TRAINING_RESPONSIBLE
    store[backoffice.SESSION_EXPIRES] = (timezone.now() + dt.timedelta(hours=4)).timestamp()
    store.create()
    return f"sessionid={store.session_key}"


# --- Measuring ---------------------------------------------------------------------------------


def _pages(base: str, cookies: dict, fx: dict, args: argparse.Namespace) -> list:
    results = []
    for label, who, path in _page_list(fx):
        status = requests.get(
            base + path, headers={"Cookie": cookies[who]}, timeout=120, allow_redirects=False
        ).status_code
        if status != 200:
            results.append({"page": label, "path": path, "status": status})
            print(f"  {label}: HTTP {status}, not measured", flush=True)
            continue
        result = _wrk(base + path, cookies[who], args)
        result.update(page=label, path=path, status=status)
        print(f"  {label}: {result['rps']:.0f} req/s, p50 {result['p50_ms']:.1f} ms, "
              f"p95 {result['p95_ms']:.1f} ms", flush=True)  # fmt: skip
        results.append(result)
    return results


def _on_off(servers: dict, fx: dict, args: argparse.Namespace) -> list:
    """Each logged page on the server with the access log and on the one without, in the
    order on, off, off, on (half the duration each), so that a drift over time counts
    against both equally. Returns per page the mean req/s and p50 of each side."""
    half = argparse.Namespace(**{**vars(args), "duration": max(5, args.duration // 2)})
    results = []
    for label, who, path in _page_list(fx):
        if label not in LOGGED_PAGES:
            continue
        runs: dict[str, list[dict]] = {"on": [], "off": []}
        for side in ("on", "off", "off", "on"):
            base, cookies = servers[side]
            runs[side].append(_wrk(base + path, cookies[who], half))
        row = {"page": label, "path": path}
        for side, measured in runs.items():
            row[f"rps_{side}"] = statistics.mean(r["rps"] for r in measured)
            row[f"p50_{side}_ms"] = statistics.mean(r["p50_ms"] for r in measured)
        print(f"  {label}: log on {row['rps_on']:.0f} req/s, p50 {row['p50_on_ms']:.1f} ms; "
              f"off {row['rps_off']:.0f} req/s, p50 {row['p50_off_ms']:.1f} ms",
              flush=True)  # fmt: skip
        results.append(row)
    return results


def _wrk(url: str, cookie: str, args: argparse.Namespace) -> dict:
    command = ["wrk", f"-c{args.connections}", "-t2", f"-d{args.duration}s", "--timeout=30s",
               "--latency", "-s", str(LUA), url]  # fmt: skip
    output = subprocess.run(
        command,
        env={**os.environ, "BENCH_COOKIE": cookie},
        capture_output=True,
        text=True,
        timeout=args.duration + 60,
        check=True,
    ).stdout
    line = next(x for x in output.splitlines() if x.startswith("BENCH_JSON "))
    data = json.loads(line.removeprefix("BENCH_JSON "))
    seconds = data["duration_us"] / 1e6
    return {
        "requests": data["requests"],
        "rps": data["requests"] / seconds,
        "p50_ms": data["p50"] / 1000,
        "p95_ms": data["p95"] / 1000,
        "p99_ms": data["p99"] / 1000,
        "non_2xx": data["non_2xx"],
        "errors": data["socket_errors"],
    }


def _http_export(base: str, cookie: str, path: str) -> dict:
    """Time to first byte and total for one export over HTTP, and the peak RSS (VmHWM) of the
    gunicorn workers afterwards (the worker that served it has the highest)."""
    started = time.perf_counter()
    response = requests.get(base + path, headers={"Cookie": cookie}, stream=True, timeout=300)
    first = None
    size = 0
    for chunk in response.iter_content(65536):
        first = first or time.perf_counter()
        size += len(chunk)
    total = time.perf_counter() - started
    return {
        "export": "Elevoversigt xlsx (filtered), HTTP",
        "status": response.status_code,
        "ttfb_s": (first or time.perf_counter()) - started,
        "seconds": total,
        "bytes": size,
        "peak_rss_mb": _workers_peak_rss_mb(),
    }


def _workers_peak_rss_mb() -> float:
    peak = 0
    for status in Path("/proc").glob("[0-9]*/status"):
        with contextlib.suppress(OSError):
            text = status.read_text()
            if "gunicorn" in (status.parent / "cmdline").read_text():
                peak = max(peak, int(re.search(r"VmHWM:\s+(\d+)", text).group(1)))
    return peak / 1024


def _accesses_to_x(runs: int) -> dict:
    """accesslog.selectors.accesses_to_apprentice over the whole log, 6 months, 20 X."""
    import random

    from django.utils import timezone

    from accesslog.selectors import accesses_to_apprentice
    from apprenticeship.models import Apprentice

    rng = random.Random(7)
    top = Apprentice.objects.order_by("-pk").values_list("pk", flat=True).first()
    since = timezone.now() - dt.timedelta(days=183)
    timings, counts = [], []
    for apprentice in rng.sample(range(1, top + 1), runs):
        started = time.perf_counter()
        counts.append(len(list(accesses_to_apprentice(apprentice, since=since))))
        timings.append((time.perf_counter() - started) * 1000)
    return {
        "median_ms": statistics.median(timings),
        "max_ms": max(timings),
        "median_entries": statistics.median(counts),
    }


def _accesslog_export(rows: int) -> dict:
    """The admin's access-log export through the real writer, in a child process so the peak
    RSS is its own (as bench/accesslog_bench.py does)."""
    output = subprocess.run(
        [sys.executable, __file__, "--export-phase", str(rows)],
        capture_output=True,
        text=True,
        timeout=1800,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def _export_phase(rows: int) -> None:
    import django

    django.setup()
    from django.db import transaction

    from accesslog.exports import entries_to_xlsx
    from accesslog.models import AccessLogEntry
    from accesslog.selectors import entries_matching

    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    newest = AccessLogEntry.objects.order_by("-accessed_at").values_list("accessed_at", flat=True)
    since, until = newest[rows - 1], newest[0] + dt.timedelta(seconds=1)
    started = time.perf_counter()
    with transaction.atomic():  # server-side cursors live in a transaction
        file, _ids = entries_to_xlsx(entries_matching(since=since, until=until))
    seconds = time.perf_counter() - started
    with file:
        size = file.seek(0, os.SEEK_END)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    label = f"access log xlsx, {rows:,} rows, in-process"
    result = {"export": label, "seconds": seconds, "bytes": size, "peak_rss_mb": peak}
    print(json.dumps({**result, "baseline_rss_mb": baseline}))


# --- Output ------------------------------------------------------------------------------------


def _print(report: dict) -> None:
    pages = [p for p in report["pages"] if "rps" in p]
    floor = pages[0]["rps"] if pages else 1
    print("\n| page | req/s | p50 ms | p95 ms | % of floor | p95 < 100 ms | ≥ 10 % floor |")
    print("|---|---:|---:|---:|---:|:-:|:-:|")
    for p in report["pages"]:
        if "rps" not in p:
            print(f"| {p['page']} | HTTP {p['status']} | | | | | |")
            continue
        share = 100 * p["rps"] / floor
        print(f"| {p['page']} | {p['rps']:.0f} | {p['p50_ms']:.1f} | {p['p95_ms']:.1f} | "
              f"{share:.0f} % | {_ok(p['p95_ms'] < 100)} | {_ok(share >= 10)} |")  # fmt: skip
    print("\nAccess log on and off (ACCESS_LOG_DISABLED_FOR_BENCHMARK=1; on, off, off, on):")
    print("| page | p50 on | p50 off | Δ p50 ms | req/s on | req/s off | Δ 1/throughput ms |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for p in report["access_log_on_off"]:
        # What the log costs the machine per request: the difference in the time each
        # request occupies it (1 / throughput), before any queueing.
        cost = 1000 / p["rps_on"] - 1000 / p["rps_off"]
        print(f"| {p['page']} | {p['p50_on_ms']:.1f} | {p['p50_off_ms']:.1f} | "
              f"{p['p50_on_ms'] - p['p50_off_ms']:+.1f} | {p['rps_on']:.0f} | "
              f"{p['rps_off']:.0f} | {cost:+.2f} |")  # fmt: skip
    q = report["accesses_to_x"]
    print(f"\nAccesses to apprentice X, 6 months: median {q['median_ms']:.1f} ms, max "
          f"{q['max_ms']:.1f} ms, median {q['median_entries']:.0f} entries")  # fmt: skip
    for e in report["exports"]:
        print(f"Export {e['export']}: {e['seconds']:.1f} s, {e['bytes'] / 1e6:.1f} MB, "
              f"peak RSS {e['peak_rss_mb']:.0f} MB" + (f", TTFB {e['ttfb_s']:.1f} s" if
              "ttfb_s" in e else ""))  # fmt: skip
    print("\nFixtures:", report["fixtures"])


def _ok(value: bool) -> str:
    return "yes" if value else "**no**"


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--export-phase":
        _export_phase(int(sys.argv[2]))
    else:
        main()
