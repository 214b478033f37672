"""Redis stopped: the portal keeps serving, and work that needs the broker is kept in
PostgreSQL and done once Redis is back (issue 11, "Faults" a)."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

from tests.faults.services import (
    ROLES,
    PortalClient,
    Worker,
    django_shell,
    gunicorn,
    portal_env,
    prepare_demo,
    private_postgres,
    private_redis,
)

# The demo's training responsible (oplaering@demo.test) is the responsible of the demo
# declarations, so the back office knows the address.
BACKOFFICE_EMAIL = "oplaering@demo.test"


def test_redis_down_pages_answer_and_queued_work_is_kept(tmp_path: Path) -> None:
    with private_postgres() as postgres, private_redis() as redis:
        prepare_demo(portal_env(database_url=postgres.url))  # tasks in-process while seeding
        env = portal_env(
            database_url=postgres.url, redis_url=redis.url, SURVEYS_RESUME_AFTER_SECONDS="0"
        )
        with gunicorn(env, log=tmp_path / "gunicorn.log") as web:
            redis.stop()

            # Every role logs in (sessions and rate limits are in PostgreSQL) and every
            # page its front page links to answers 200.
            visited = {}
            for role in ROLES:
                client = PortalClient(web.url)
                client.login(role)
                for path in client.main_pages():
                    response = client.get(path)
                    visited[f"{role} {path}"] = response.status_code
            failed = {page: status for page, status in visited.items() if status != 200}
            assert not failed, failed
            assert len(visited) >= 30, visited

            # The county sends its invitations: the job is stored with its chunks, the
            # person sees the job page (it runs once the broker is back), no 500.
            county = PortalClient(web.url)
            county.login("fylke")
            send_path = _invitation_form(county)
            started = time.monotonic()
            response = county.post_form(send_path, {}, page=send_path.rsplit("/", 2)[0] + "/")
            seconds = time.monotonic() - started
            assert response.status_code == 200, response.status_code
            assert "/utsendelser/" in response.url, response.url
            assert seconds < 10, f"sending took {seconds:.1f} s with the broker down"
            job_id = int(re.search(r"/utsendelser/(\d+)/", response.url).group(1))
            job = _job(env, job_id)
            assert job["status"] == "running" and job["processed"] == 0, job
            assert job["chunks_not_done"] > 0, job

            # The back office's one-time code: the person is waiting for it, so with the
            # broker down it is made and mailed in the request (one e-mail).
            visitor = PortalClient(web.url)
            response = visitor.post_form("/logbog/backend/login/", {"email": BACKOFFICE_EMAIL})
            assert response.status_code == 200, response.status_code
            assert "/logbog/backend/kode/" in response.url, response.url
            assert _codes_made(env, BACKOFFICE_EMAIL) == 1

            # Redis comes back: a worker and the resume task (beat, every 5 minutes) finish
            # the job; every participant gets exactly one invitation.
            redis.start()
            worker = Worker(env, concurrency=1)
            worker.start()
            try:
                django_shell(
                    env, "from surveys.tasks import resume_send_jobs; resume_send_jobs.delay()"
                )
                deadline = time.monotonic() + 120
                while (job := _job(env, job_id))["status"] == "running":
                    assert time.monotonic() < deadline, job
                    time.sleep(1)
            finally:
                worker.stop()
            assert job["status"] == "done", job
            assert job["processed"] == job["total"] > 0, job
            assert job["sent_rows"] == job["total"] and job["duplicates"] == 0, job
        log = (tmp_path / "gunicorn.log").read_text()
        assert "Internal Server Error" not in log, log[-3000:]


def _invitation_form(client: PortalClient) -> str:
    """The action of the county's "send invitations" form on this year's round."""
    home = client.get("/laerlingundersokelsen/")
    for dashboard in dict.fromkeys(
        re.findall(r'href="(/laerlingundersokelsen/runder/\d+/)', home.text)
    ):
        page = client.get(dashboard)
        match = re.search(
            r'action="(/laerlingundersokelsen/runder/\d+/invitasjoner/[^"]*)"', page.text
        )
        if match:
            return match.group(1).replace("&amp;", "&")
    raise AssertionError("the county has no round to send invitations in")


def _job(env: dict[str, str], job_id: int) -> dict[str, object]:
    code = f"""
import json
from django.db.models import Count
from surveys.models import OutgoingMessage, SendJob
job = SendJob.objects.get(pk={job_id})
rows = OutgoingMessage.objects.filter(job=job)
print(json.dumps({{
    "status": job.status, "processed": job.processed, "total": job.total,
    "chunks_not_done": job.chunks.filter(done=False).count(),
    "sent_rows": rows.filter(status="sent").values("participant_id").distinct().count(),
    "duplicates": OutgoingMessage.objects.values("participant_id", "channel", "number")
        .annotate(n=Count("pk")).filter(n__gt=1).count(),
}}))
"""
    return json.loads(django_shell(env, code).strip().splitlines()[-1])


def _codes_made(env: dict[str, str], email: str) -> int:
    code = f"""
from training_declarations.models import BackofficeLoginAttempt
print(BackofficeLoginAttempt.objects.filter(email={email!r}).exclude(code_hash="").count())
"""
    return int(django_shell(env, code).strip().splitlines()[-1])
