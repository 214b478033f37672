"""Fault tests (issue 11): each starts its own Redis, PostgreSQL cluster, gunicorn and Celery
worker as subprocesses and breaks them on purpose. They take minutes and need redis-server,
the PostgreSQL 15 binaries and the `load` extra (requests), so they are not part of
`make test`: without FAULTS=1 (`make faults` sets it) this directory is not even collected.

Why not `-m "not faults"` in addopts: a user's own `-m` would replace it and pull the fault
tests into an ordinary run. Ignoring the directory here needs nothing in the shared
conftest and keeps the default run free of their imports."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ENABLED = os.environ.get("FAULTS", "") == "1"

if not ENABLED:
    collect_ignore_glob = ["test_*.py", "services.py"]


def pytest_collection_modifyitems(config, items) -> None:
    for item in items:
        if HERE in Path(item.fspath).resolve().parents:
            item.add_marker(pytest.mark.faults)


@pytest.fixture(autouse=True)
def _fault_tools() -> None:
    from tests.faults.services import PG_BIN

    missing = [
        tool
        for tool, found in (
            ("redis-server", shutil.which("redis-server")),
            (f"{PG_BIN}/initdb", (PG_BIN / "initdb").exists()),
        )
        if not found
    ]
    if missing:
        pytest.fail(f"the fault tests need {', '.join(missing)}")
