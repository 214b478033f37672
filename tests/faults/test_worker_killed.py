"""A Celery worker killed with SIGKILL in the middle of a survey send, then started again,
finishes the job: every participant has exactly one invitation row and nothing is lost
(issue 11, "Faults" b). It runs bench/survey_send_bench.py (issue 8) at a small size against
a private Redis and PostgreSQL: run 1 sends without trouble, run 2 kills the worker's whole
process group at a third and starts a new one."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from surveys.sending import CLAIM_BATCH
from tests.faults.services import ROOT, portal_env, private_postgres, private_redis

PARTICIPANTS = 2000
CONCURRENCY = 2


def test_worker_killed_mid_send_finishes_without_duplicates(tmp_path: Path) -> None:
    with private_postgres() as postgres, private_redis() as redis:
        env = portal_env(
            database_url=postgres.url.rsplit("/", 1)[0] + "/laereportal_faults_bench",
            redis_url=redis.url,
            SURVEYS_DELIVERY_LOG_DIR=str(tmp_path / "deliveries"),
            # 20 chunk tasks of 100, so the kill lands with chunks running and queued.
            SURVEYS_SEND_CHUNK_SIZE="100",
            SURVEYS_SEND_CLAIM_TIMEOUT="5",
        )
        os.makedirs(tmp_path / "deliveries")
        result = subprocess.run(
            [
                sys.executable,
                "bench/survey_send_bench.py",
                "--participants",
                str(PARTICIPANTS),
                "--concurrency",
                str(CONCURRENCY),
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    output = result.stdout + result.stderr
    print(result.stdout)
    assert result.returncode == 0, output[-5000:]
    assert "worker killed (SIGKILL)" in output, output
    assert "run 2: OK" in output, output
    killed_at = re.search(r"worker killed \(SIGKILL\) at (\d+)/(\d+)", output)
    assert 0 < int(killed_at.group(1)) < PARTICIPANTS, killed_at.group(0)
    summary = re.search(
        r"participants with a sent invitation (\d+)/(\d+); duplicate rows (\d+); "
        r"delivered (\d+) distinct messages, (\d+) delivered again after the kill",
        output,
    )
    assert summary, output
    sent, expected, duplicate_rows, distinct, again = map(int, summary.groups())
    assert sent == expected == distinct == PARTICIPANTS
    assert duplicate_rows == 0
    # Exactly-once rows; delivery is at-least-once only in the window between sending a
    # message and marking it sent: at most one claim batch per pool process killed.
    assert again <= CLAIM_BATCH * CONCURRENCY, again
