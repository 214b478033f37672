"""The HMAC chain: sealing, verification (ok, modified, deleted, reordered, unsealed), purge."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from accesslog.models import AccessLogEntry, AccessLogPurge, AccessLogSeal
from accesslog.services import CHAIN_LOCK_KEY, entries_purge, entries_seal
from tests.accesslog.conftest import without_append_only_triggers

pytestmark = pytest.mark.django_db
ENTRY, SEAL = "accesslog_accesslogentry", "accesslog_accesslogseal"
DAY = dt.timedelta(days=1)


def verify() -> str:
    from io import StringIO

    out = StringIO()
    call_command("verify_access_log", stdout=out, chunk_size=2)
    return out.getvalue()


def broken_at() -> str:
    with pytest.raises(CommandError) as failure:
        verify()
    assert failure.value.returncode == 1
    return str(failure.value)


@pytest.fixture
def sealed(make_entry) -> list[AccessLogEntry]:
    entries = [make_entry(apprentice_ids=[n, n + 1]) for n in range(1, 6)]
    assert entries_seal() == 5
    return entries


def test_a_sealed_log_verifies(sealed) -> None:
    assert "OK: 5 sealed entries" in verify()


def test_sealing_twice_seals_nothing_new(sealed) -> None:
    assert entries_seal() == 0
    assert AccessLogSeal.objects.count() == 5


def test_it_seals_in_id_order_and_stops_at_the_first_young_entry(make_entry, settings) -> None:
    settings.ACCESS_LOG_SEAL_AFTER_SECONDS = 60
    old = make_entry(age=dt.timedelta(minutes=5))
    make_entry(age=dt.timedelta(seconds=5))
    make_entry(age=dt.timedelta(minutes=5))  # older clock, higher id: must wait its turn
    assert entries_seal() == 1
    assert list(AccessLogSeal.objects.values_list("entry_id", flat=True)) == [old.pk]
    assert "2 not yet sealed" in verify()


def test_it_seals_in_batches(make_entry) -> None:
    for n in range(7):
        make_entry(apprentice_ids=[n + 1])
    assert entries_seal(batch_size=3) == 7
    assert "OK: 7" in verify()


def test_gaps_in_ids_verify_fine(make_entry) -> None:
    first = make_entry()
    make_entry(id=first.pk + 10)  # as after rolled-back inserts
    entries_seal()
    assert "OK: 2" in verify()


def test_a_modified_entry_is_named(sealed) -> None:
    without_append_only_triggers(ENTRY)
    AccessLogEntry.objects.filter(pk=sealed[2].pk).update(user_email="someone@else.dk")
    assert f"entry #{sealed[2].pk}: content was modified" in broken_at()


def test_a_modified_id_list_is_named(sealed) -> None:
    without_append_only_triggers(ENTRY)
    AccessLogEntry.objects.filter(pk=sealed[1].pk).update(apprentice_ids=[2])
    assert f"entry #{sealed[1].pk}" in broken_at()


def test_a_deleted_entry_names_the_next_one(sealed) -> None:
    without_append_only_triggers(ENTRY, SEAL)
    AccessLogSeal.objects.filter(entry_id=sealed[2].pk).delete()
    AccessLogEntry.objects.filter(pk=sealed[2].pk).delete()
    message = broken_at()
    assert f"entry #{sealed[3].pk}: previous entry #{sealed[2].pk} is missing" in message


def test_swapped_contents_are_named(sealed) -> None:
    without_append_only_triggers(ENTRY)
    a, b = sealed[1], sealed[2]
    AccessLogEntry.objects.filter(pk=a.pk).update(apprentice_ids=b.apprentice_ids)
    AccessLogEntry.objects.filter(pk=b.pk).update(apprentice_ids=a.apprentice_ids)
    assert f"entry #{a.pk}: content was modified" in broken_at()


def test_an_unsealed_entry_before_the_head_is_named(sealed) -> None:
    without_append_only_triggers(SEAL)
    AccessLogSeal.objects.filter(entry_id=sealed[1].pk).delete()
    assert f"entry #{sealed[1].pk}: missing seal" in broken_at()


def test_a_forked_chain_is_refused_by_the_database(sealed) -> None:
    extra = AccessLogEntry.objects.create(purpose="x", apprentice_ids=[1])
    with pytest.raises(IntegrityError), transaction.atomic():
        AccessLogSeal.objects.create(entry=extra, prev_entry_id=sealed[3].pk, mac="0" * 64)


def test_a_second_sealer_waits_its_turn(requires_postgres, make_entry) -> None:
    import psycopg

    make_entry()
    params = connection.get_connection_params()
    with psycopg.connect(**params) as other:
        other.execute("SELECT pg_advisory_lock(%s)", [CHAIN_LOCK_KEY])
        assert entries_seal() == 0
        other.execute("SELECT pg_advisory_unlock(%s)", [CHAIN_LOCK_KEY])
    assert entries_seal() == 1


def test_the_sealer_waits_for_an_open_transaction(requires_postgres, make_entry) -> None:
    import psycopg

    params = connection.get_connection_params()
    with psycopg.connect(**params) as other:
        other.execute("SELECT 1")  # a transaction that began before the entry below
        make_entry(age=dt.timedelta(0))
        later = timezone.now() + dt.timedelta(hours=1)
        assert entries_seal(now=later) == 0
        other.rollback()
    assert entries_seal(now=later) == 1


# --- Retention ------------------------------------------------------------------------------


def test_the_purge_keeps_the_boundary_and_the_chain(make_entry, settings) -> None:
    settings.ACCESS_LOG_RETENTION_DAYS = 30
    now = timezone.now()
    expired = make_entry(accessed_at=now - 30 * DAY - dt.timedelta(seconds=1))
    kept = make_entry(accessed_at=now - 30 * DAY + dt.timedelta(seconds=1))
    entries_seal(now=now)
    purge = entries_purge(now=now, purged_by="test")
    assert purge is not None
    assert list(AccessLogEntry.objects.values_list("pk", flat=True)) == [kept.pk]
    assert (purge.entries_deleted, purge.last_entry_id) == (1, expired.pk)
    assert purge.cutoff == now - 30 * DAY
    assert not AccessLogSeal.objects.filter(entry_id=expired.pk).exists()
    assert f"OK: 1 sealed entries verified after #{expired.pk}" in verify()


def test_the_purge_is_idempotent(make_entry, settings) -> None:
    settings.ACCESS_LOG_RETENTION_DAYS = 30
    make_entry(age=40 * DAY)
    make_entry(age=40 * DAY)
    entries_seal()
    assert entries_purge().entries_deleted == 2  # type: ignore[union-attr]
    assert entries_purge() is None
    assert AccessLogPurge.objects.count() == 1
    assert "OK: 0 sealed entries" in verify()


def test_the_purge_leaves_unsealed_entries(make_entry, settings) -> None:
    settings.ACCESS_LOG_RETENTION_DAYS = 30
    make_entry(age=40 * DAY)
    assert entries_purge() is None
    assert AccessLogEntry.objects.count() == 1


def test_later_entries_chain_onto_the_purge_anchor(make_entry, settings) -> None:
    settings.ACCESS_LOG_RETENTION_DAYS = 30
    make_entry(age=40 * DAY)
    entries_seal()
    entries_purge()
    make_entry(age=dt.timedelta(hours=1))
    assert entries_seal() == 1
    assert "OK: 1" in verify()


def test_the_tasks_run_the_services(make_entry, settings) -> None:
    from accesslog.tasks import purge_expired_entries, seal_entries

    settings.ACCESS_LOG_RETENTION_DAYS = 30
    make_entry(age=40 * DAY)
    assert seal_entries.delay().get() == 1
    assert purge_expired_entries.delay().get() == 1
    assert purge_expired_entries.delay().get() == 0
    assert AccessLogPurge.objects.get().purged_by.startswith("task:")
