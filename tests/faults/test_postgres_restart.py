"""PostgreSQL restarted under load: once it is back, the same web processes answer again
without a restart (CONN_HEALTH_CHECKS, issue 11 "Faults" c)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import requests

from tests.faults.services import (
    PortalClient,
    gunicorn,
    portal_env,
    prepare_demo,
    private_postgres,
)

ROLES = ["virksomhed", "skole", "elev", "fylke"]


def test_requests_succeed_again_after_a_postgres_restart(tmp_path: Path) -> None:
    with private_postgres() as postgres:
        env = portal_env(database_url=postgres.url)
        prepare_demo(env)
        with gunicorn(env, workers=2, log=tmp_path / "gunicorn.log") as web:
            clients = []
            for role in ROLES:
                client = PortalClient(web.url)
                client.login(role)
                clients.append((client, client.main_pages()))
            workers_before = _worker_pids(web.process.pid)

            results: list[tuple[float, int]] = []
            stop = threading.Event()

            def browse(client: PortalClient, pages: list[str]) -> None:
                while not stop.is_set():
                    for page in pages:
                        try:
                            status = client.get(page).status_code
                        except requests.RequestException:
                            status = 0
                        results.append((time.monotonic(), status))

            threads = [threading.Thread(target=browse, args=pair) for pair in clients]
            for thread in threads:
                thread.start()
            try:
                time.sleep(3)
                restart_started = time.monotonic()
                postgres.restart()  # pg_ctl restart -m fast, waits until it accepts again
                back = time.monotonic()
                time.sleep(6)
            finally:
                stop.set()
                for thread in threads:
                    thread.join()

            assert web.process.poll() is None, "gunicorn died"
            assert _worker_pids(web.process.pid) == workers_before, "web workers restarted"

        before = [status for at, status in results if at < restart_started]
        during = [status for at, status in results if restart_started <= at < back + 0.5]
        after = [status for at, status in results if at >= back + 0.5]
        print(
            f"before: {len(before)} requests, during the restart ({back - restart_started:.1f} "
            f"s): {len(during)} ({sum(s != 200 for s in during)} failed), after: {len(after)}"
        )
        assert before and set(before) == {200}, before
        assert len(after) >= 20, after
        assert set(after) == {200}, [s for s in after if s != 200]


def _worker_pids(master: int) -> set[int]:
    children = Path(f"/proc/{master}/task/{master}/children")
    return set(children.read_text().split())
