"""Helpers for the access-log tests: entries with chosen times, and a chain to tamper with."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.db import connection
from django.utils import timezone

from accesslog.models import AccessLogEntry

MakeEntry = Callable[..., AccessLogEntry]


@pytest.fixture
def make_entry(db) -> MakeEntry:
    """make_entry(apprentice_ids=[1, 2], age=dt.timedelta(hours=1), **fields)."""

    def make(
        *,
        apprentice_ids: list[int] | None = None,
        age: dt.timedelta = dt.timedelta(hours=1),
        **fields: object,
    ) -> AccessLogEntry:
        values: dict[str, object] = {
            "accessed_at": timezone.now() - age,
            "user_id": 1,
            "user_name": "Test Bruger",
            "user_email": "test@demo.test",
            "role_kind": "company_staff",
            "organisation_type": "company",
            "organisation_id": 1,
            "organisation_name": "Testfirma",
            "purpose": "test.read",
            "apprentice_ids": apprentice_ids or [1],
            "url_name": "test:read",
            "ip": "127.0.0.1",
        }
        values.update(fields)
        return AccessLogEntry.objects.create(**values)

    return make


def without_append_only_triggers(*tables: str) -> None:
    """Tampering in a test on PostgreSQL: switch the triggers off inside the test's own
    transaction (rolled back afterwards). On SQLite there are none."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        # Django's foreign keys are deferred; ALTER TABLE refuses while checks are pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table in tables:
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {table}_append_only")
