"""PostgreSQL refuses UPDATE, DELETE and TRUNCATE on the log tables, also as a replica."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from accesslog.models import AccessLogEntry, AccessLogPurge
from accesslog.services import entries_seal

TABLES = ["accesslog_accesslogentry", "accesslog_accesslogseal", "accesslog_accesslogpurge"]
STATEMENTS = {
    "update": "UPDATE {table} SET {column} = {column}",
    "delete": "DELETE FROM {table}",
    "truncate": "TRUNCATE {table} CASCADE",
}
COLUMN = {
    "accesslog_accesslogentry": "purpose",
    "accesslog_accesslogseal": "mac",
    "accesslog_accesslogpurge": "purged_by",
}


@pytest.fixture
def filled(requires_postgres, make_entry) -> None:
    make_entry()
    make_entry()
    entries_seal()
    AccessLogPurge.objects.create(
        purged_by="t",
        cutoff="2020-01-01T00:00Z",
        entries_deleted=0,
        last_entry_id=0,
        last_entry_mac="",
    )


def _refused(*statements: str) -> None:
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        for statement in statements:
            cursor.execute(statement)


@pytest.mark.parametrize("replica", [False, True], ids=["origin", "replica"])
@pytest.mark.parametrize("table", TABLES)
@pytest.mark.parametrize("operation", STATEMENTS)
def test_plain_sql_cannot_change_the_log(filled, table, operation, replica) -> None:
    # Deferred foreign-key checks would block TRUNCATE before the trigger is reached.
    setup = ["SET CONSTRAINTS ALL IMMEDIATE", "SET LOCAL accesslog.strict = 'on'"]
    if replica:
        setup.append("SET LOCAL session_replication_role = replica")
    sql = STATEMENTS[operation].format(table=table, column=COLUMN[table])
    _refused(*setup, sql)
    assert AccessLogEntry.objects.count() == 2


def test_the_purge_flag_alone_does_not_allow_a_delete(filled) -> None:
    _refused("SET LOCAL accesslog.purge = 'on'", "DELETE FROM accesslog_accesslogentry")
    assert AccessLogEntry.objects.count() == 2


def test_the_purge_table_is_never_deletable(filled) -> None:
    _refused("SET LOCAL accesslog.purge = 'on'", "DELETE FROM accesslog_accesslogpurge")


@pytest.mark.django_db(transaction=True)
def test_the_test_runner_can_still_empty_the_tables(make_entry) -> None:
    """Live-server (e2e) tests end with Django's flush, one TRUNCATE of every table; the
    trigger lets it through in test databases only (migration 0002). Failing here means the
    flush after this test failed."""
    assert not connection.in_atomic_block  # a transactional test: flushed afterwards
    make_entry()
    entries_seal()
    assert AccessLogEntry.objects.count() == 1
