"""Benchmark: invitations through the real Celery worker and Redis (issue 8).

    .venv/bin/python bench/survey_send_bench.py [--participants 50000] [--concurrency 3]

Uses PostgreSQL (DATABASE_URL, default the throwaway database laereportal_survey_bench,
created and migrated here) and Redis (REDIS_URL, default redis://127.0.0.1:6379/5, queue
"survey-bench": no other worker takes its tasks). Settings: bench/survey_settings.py; e-mails
are not sent but recorded by bench/survey_backends.py, one line per delivery.

Run 1: N invitations (one chunk task of SURVEYS_SEND_CHUNK_SIZE participants each) through
`celery -A portal worker`; time from the click (job created) to the job's last chunk, and
messages per second (target ≥ 500/s).

Run 2: the same for a second organisation, but the worker is killed with SIGKILL (its whole
process group) once about a third is done, then started again, and every unfinished chunk is
enqueued again (what the resume task does; chunks still in the queue are thereby duplicated
on purpose). Then it checks: every participant has exactly one sent invitation row, no row
is left pending, the unique key holds (no duplicate rows), and counts the deliveries the
backend recorded: messages sent again because the worker died between sending and marking
(the protocol's at-least-once window, at most one claim batch per killed process).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.survey_settings"
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/laereportal_survey_bench")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/5")
LOG_DIR = Path(
    os.environ.setdefault("SURVEYS_DELIVERY_LOG_DIR", str(ROOT / "var" / "survey-bench"))
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=50_000)
    parser.add_argument("--concurrency", type=int, default=3)
    parser.add_argument("--kill-at", type=float, default=0.33)
    args = parser.parse_args()

    prepare_database()
    import django

    django.setup()
    from django.conf import settings

    print(f"database {settings.DATABASES['default']['NAME']}, broker {settings.CELERY_BROKER_URL}")
    purge_queue(settings)
    world = build_world(args.participants)

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    worker = start_worker(args.concurrency)
    try:
        sent, seconds = run_plain(world, "county")
        print(f"run 1: {sent} invitations in {seconds:.1f} s = {sent / seconds:.0f} messages/s")
        stop_worker(worker)  # a clean stop, so its CPU time is counted
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        print(
            f"run 1: worker CPU {cpu:.1f} s = {1000 * cpu / sent:.2f} ms per message "
            f"({sent / cpu:.0f} messages per worker CPU second; load average "
            f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)"
        )
        worker = start_worker(args.concurrency)
        worker = run_with_kill(world, "office", worker, args)
    finally:
        stop_worker(worker)


# --- Setup -------------------------------------------------------------------------------


def prepare_database() -> None:
    import psycopg

    url = os.environ["DATABASE_URL"]
    name = url.rsplit("/", 1)[1]
    assert "bench" in name, "the bench drops its database: its name must contain 'bench'"
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=ROOT,
        check=True,
        env=os.environ,
    )


def purge_queue(settings) -> None:
    import redis

    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    client.delete("survey-bench", "unacked", "unacked_index")
    for path in LOG_DIR.glob("deliveries-*.log"):
        path.unlink()


def build_world(n: int) -> dict[str, object]:
    from django.utils import timezone

    from accounts.models import User
    from surveys import links
    from surveys.models import (
        Organisation,
        Participant,
        SurveyAdministrator,
        SurveyRound,
        TrainingCompany,
    )

    def orgnr(seed: int) -> str:
        base = 930_000_00 + seed * 10
        while True:
            body = f"{base:08d}"
            weights = (3, 2, 7, 6, 5, 4, 3, 2)
            total = sum(int(d) * w for d, w in zip(body, weights, strict=True))
            check = (11 - total % 11) % 11
            if check != 10:
                return body + str(check)
            base += 1

    today = timezone.localdate()
    county = Organisation.objects.create(kind="county", orgnr=orgnr(1), name="Benchfylke")
    office = Organisation.objects.create(
        kind="training_office", orgnr=orgnr(2), name="Benchkontor", county=county
    )
    survey_round = SurveyRound.objects.create(
        year=2099,
        title="Bench",
        reference_date=today - dt.timedelta(days=10),
        correction_deadline=timezone.now() - dt.timedelta(days=11),
        extract_at=timezone.now() - dt.timedelta(days=10),
        opens_on=today - dt.timedelta(days=3),
        last_day=today + dt.timedelta(days=20),
        results_on=today + dt.timedelta(days=40),
        population_frozen_at=timezone.now() - dt.timedelta(days=10),
    )
    world: dict[str, object] = {"round": survey_round}
    for key, organisation in (("county", county), ("office", office)):
        user = User.objects.create_user(f"{key}@bench.test", None, full_name=key)
        SurveyAdministrator.objects.create(user=user, organisation=organisation)
        companies = [
            TrainingCompany.objects.create(
                orgnr=orgnr(100 + i + (0 if key == "county" else 500)),
                name=f"{key} {i}",
                county=county,
                training_office=office if key == "office" else None,
            )
            for i in range(100)
        ]
        started = time.perf_counter()
        rows = []
        for i in range(n):
            nonce, digest = links.new_nonce_and_hash()
            rows.append(
                Participant(
                    round=survey_round,
                    register_id=f"{key}-{i}",
                    kind="apprentice",
                    name=f"Lærling {i}",
                    email=f"{key}{i}@bench.test",
                    email_valid=True,
                    county=county,
                    training_office=office if key == "office" else None,
                    company=companies[i % 100],
                    contract_start=today - dt.timedelta(days=500),
                    contract_status="running",
                    in_population=True,
                    token_nonce=nonce,
                    token_hash=digest,
                )
            )
        Participant.objects.bulk_create(rows, batch_size=2000)
        print(f"{key}: {n} participants in {time.perf_counter() - started:.1f} s")
        world[key] = (organisation, user)
    return world


# --- The worker ----------------------------------------------------------------------------


def start_worker(concurrency: int) -> subprocess.Popen:
    command = [
        str(ROOT / ".venv" / "bin" / "celery"),
        "-A",
        "portal",
        "worker",
        "-Q",
        "survey-bench",
        f"--concurrency={concurrency}",
        "--loglevel=WARNING",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]
    worker = subprocess.Popen(command, cwd=ROOT, env=os.environ, start_new_session=True)
    from portal.celery import app

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if app.control.ping(timeout=1.0):
            return worker
    raise SystemExit("the worker did not start")


def stop_worker(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()


def kill_worker(worker: subprocess.Popen) -> None:
    os.killpg(worker.pid, signal.SIGKILL)  # the main process and its pool children at once
    worker.wait()


# --- Runs ----------------------------------------------------------------------------------


def start_job(world, key: str):
    from surveys import sending

    organisation, user = world[key]
    return sending.invitations_send(
        acting_user=user, survey_round=world["round"], organisation=organisation
    )


def wait_for(job, *, until_fraction: float = 1.0, timeout: float = 1800.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status != "running" or job.processed >= until_fraction * job.total:
            return
        time.sleep(0.2)
    raise SystemExit(f"job {job.pk} did not get there: {job.processed}/{job.total}")


def run_plain(world, key: str) -> tuple[int, float]:
    started = time.perf_counter()
    job = start_job(world, key)
    wait_for(job)
    seconds = time.perf_counter() - started
    assert job.status == "done", job.status
    return job.messages_sent, seconds


def run_with_kill(world, key: str, worker: subprocess.Popen, args) -> subprocess.Popen:
    from surveys import sending, tasks

    started = time.perf_counter()
    job = start_job(world, key)
    wait_for(job, until_fraction=args.kill_at)
    kill_worker(worker)
    job.refresh_from_db()
    print(f"run 2: worker killed (SIGKILL) at {job.processed}/{job.total}")
    worker = start_worker(args.concurrency)
    chunk_ids = sending.stalled_chunks(stale_after=dt.timedelta(0))
    for chunk_id in chunk_ids:
        tasks.send_chunk.delay(chunk_id)
    print(f"run 2: worker restarted, {len(chunk_ids)} unfinished chunks enqueued again")
    wait_for(job)
    seconds = time.perf_counter() - started
    verify(job, args.participants, seconds)
    return worker


def verify(job, expected: int, seconds: float) -> None:
    from django.db.models import Count

    from surveys.models import OutgoingMessage

    job.refresh_from_db()
    rows = OutgoingMessage.objects.filter(job=job)
    by_status = dict(rows.values_list("status").annotate(n=Count("pk")))
    duplicates = (
        OutgoingMessage.objects.values("participant_id", "channel", "number")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    participants = rows.filter(status="sent").values("participant_id").distinct().count()
    deliveries: Counter[str] = Counter()
    for path in LOG_DIR.glob("deliveries-*.log"):
        deliveries.update(line for line in path.read_text().splitlines() if line)
    job_ids = {str(pk) for pk in rows.values_list("pk", flat=True)}
    delivered = {k: v for k, v in deliveries.items() if k in job_ids}
    resent = sum(v - 1 for v in delivered.values())
    print(
        f"run 2: {job.status} in {seconds:.1f} s (including the restart and stale claims); "
        f"rows {by_status}; participants with a sent invitation {participants}/{expected}; "
        f"duplicate rows {duplicates}; delivered {len(delivered)} distinct messages, "
        f"{resent} delivered again after the kill"
    )
    ok = (
        job.status == "done"
        and by_status == {"sent": expected}
        and participants == expected
        and duplicates == 0
        and len(delivered) == expected
    )
    print("run 2: OK — no duplicate rows, no losses" if ok else "run 2: FAILED")
    if not ok:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
