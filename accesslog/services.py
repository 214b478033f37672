"""Writes to the access log: record a read, seal the chain, purge after retention.

`record()` is the API every view that shows apprentice data calls (DESIGN.md invariant 1).
It is one INSERT, in the request's transaction (ATOMIC_REQUESTS): if it fails, the page
fails and the read is rolled back with it. It takes no lock, so page views never queue
behind each other; the HMAC chain is added later by `entries_seal()` (invariant 2).

Call it as late as practical in the transaction. The sealer chains an entry only once its
transaction must have ended: ACCESS_LOG_SEAL_AFTER_SECONDS after accessed_at, and on
PostgreSQL not before the oldest open transaction either (see `_seal_cutoff`).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import logging
from collections.abc import Iterable

from django.conf import settings
from django.db import connection, models, transaction
from django.http import HttpRequest
from django.utils import timezone

from accesslog.chain import CHAIN_FIELDS, entry_mac, sealing_key
from accesslog.models import AccessLogEntry, AccessLogPurge, AccessLogSeal
from accesslog.selectors import chain_head
from accounts.client_ip import client_ip
from accounts.roles import Role, request_roles

logger = logging.getLogger(__name__)

# pg_advisory_xact_lock key shared by the sealer and the purge ("ACLG").
CHAIN_LOCK_KEY = 0x41434C47
SEAL_BATCH_SIZE = 5000
# Application servers' clocks (accessed_at) may differ this much from the database's.
CLOCK_SKEW_MARGIN = dt.timedelta(seconds=5)


def record(
    *,
    request: HttpRequest,
    purpose: str,
    apprentice_ids: Iterable[int],
    role: Role | None = None,
) -> AccessLogEntry | None:
    """Log that this response shows `apprentice_ids`, acting as `role` (default: the first
    of the user's roles). Returns None, writing nothing, when no apprentice is shown."""
    if settings.ACCESS_LOG_DISABLED_FOR_BENCHMARK:
        return None
    ids = _normalise_ids(apprentice_ids)
    if not ids:
        return None
    match = getattr(request, "resolver_match", None)
    return record_for_user(
        user=request.user,
        purpose=purpose,
        apprentice_ids=ids,
        role=role or _default_role(request),
        ip=client_ip(request),
        url_name=match.view_name if match else "",
    )


def record_for_user(
    *,
    user: object,
    purpose: str,
    apprentice_ids: Iterable[int],
    role: Role | None = None,
    ip: str | None = None,
    url_name: str = "",
) -> AccessLogEntry | None:
    """`record()` without a request: for tasks and exports built in the background."""
    if settings.ACCESS_LOG_DISABLED_FOR_BENCHMARK:
        return None
    ids = _normalise_ids(apprentice_ids)
    if not ids:
        return None
    authenticated = getattr(user, "is_authenticated", False)
    entry = AccessLogEntry(
        accessed_at=timezone.now(),
        user_id=getattr(user, "pk", None) if authenticated else None,
        user_name=getattr(user, "full_name", "") if authenticated else "",
        user_email=getattr(user, "email", "") if authenticated else "",
        role_kind=role.kind if role else "",
        organisation_type=role.organisation_type if role else "",
        organisation_id=role.organisation_id if role else None,
        organisation_name=role.organisation_name if role else "",
        purpose=purpose,
        apprentice_ids=ids,
        url_name=url_name or "",
        ip=_valid_ip(ip),
    )
    # Field checks only: unique/constraint validation would cost extra queries.
    entry.full_clean(validate_unique=False, validate_constraints=False)
    entry.save(force_insert=True)
    return entry


def _normalise_ids(apprentice_ids: Iterable[int]) -> list[int]:
    return sorted({int(i) for i in apprentice_ids})


def _default_role(request: HttpRequest) -> Role | None:
    roles = request_roles(request)
    return roles[0] if roles else None


def _valid_ip(value: str | None) -> str | None:
    # A malformed address (a unix socket, a misconfigured proxy) must not fail the page.
    try:
        return str(ipaddress.ip_address(value)) if value else None
    except ValueError:
        return None


# --- Sealing: chain new entries in id order, outside the page views' transactions -------


def entries_seal(*, now: dt.datetime | None = None, batch_size: int = SEAL_BATCH_SIZE) -> int:
    """Chain every entry older than ACCESS_LOG_SEAL_AFTER_SECONDS. Returns how many.

    Idempotent and safe to run concurrently: a second sealer finds the lock taken and
    returns 0; the unique prev_entry_id makes a fork impossible in any case.
    """
    cutoff = _seal_cutoff(now or timezone.now())
    total = 0
    while True:
        sealed = _seal_batch(cutoff, batch_size)
        total += sealed
        if sealed < batch_size:
            return total


def _seal_cutoff(now: dt.datetime) -> dt.datetime:
    """Entries before this moment can no longer be joined by a lower id that is still
    being written.

    The base rule is time (ACCESS_LOG_SEAL_AFTER_SECONDS). On PostgreSQL the sealer also
    waits for the oldest open client transaction in this database (less a margin for clock
    skew between servers), so a request or task that runs longer than that delays the
    sealing instead of leaving an unsealed entry behind the head. Sessions of other database
    roles are only visible with pg_read_all_stats; for them the time rule alone applies.
    """
    cutoff = now - dt.timedelta(seconds=settings.ACCESS_LOG_SEAL_AFTER_SECONDS)
    if connection.vendor != "postgresql":
        return cutoff
    with connection.cursor() as cursor:
        # Activity is snapshotted once per transaction; the sealer may run inside one.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT min(xact_start) FROM pg_stat_activity WHERE datname = current_database()"
            " AND backend_type = 'client backend' AND pid <> pg_backend_pid()"
        )
        oldest = cursor.fetchone()[0]
    return cutoff if oldest is None else min(cutoff, oldest - CLOCK_SKEW_MARGIN)


def _seal_batch(cutoff: dt.datetime, batch_size: int) -> int:
    with transaction.atomic():
        if not _lock_chain(wait=False):
            return 0
        head_id, head_mac = chain_head()
        key_id, secret = sealing_key()
        rows = (
            AccessLogEntry.objects.filter(id__gt=head_id)
            .order_by("id")
            .values(*CHAIN_FIELDS)[:batch_size]
        )
        seals = []
        for row in rows:
            # Stop at the first entry too young to seal: one still being written by an open
            # transaction could get a lower id than a younger committed one.
            if row["accessed_at"] >= cutoff:
                break
            head_mac = entry_mac(head_mac, row, secret)
            seals.append(
                AccessLogSeal(
                    entry_id=row["id"], prev_entry_id=head_id, mac=head_mac, key_id=key_id
                )
            )
            head_id = row["id"]
        AccessLogSeal.objects.bulk_create(seals)
    if seals:
        # An external copy of the head: truncating the chain's tail is visible against it.
        logger.info("accesslog sealed %d entries, head #%d mac %s", len(seals), head_id, head_mac)
    return len(seals)


def _lock_chain(*, wait: bool) -> bool:
    """Serialise sealers and the purge (PostgreSQL advisory lock, released at commit).

    SQLite serialises writers by itself; there the unique prev_entry_id is the guard.
    """
    if connection.vendor != "postgresql":
        return True
    function = "pg_advisory_xact_lock" if wait else "pg_try_advisory_xact_lock"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {function}(%s)", [CHAIN_LOCK_KEY])
        return wait or bool(cursor.fetchone()[0])


# --- Retention: the one named, logged operation that deletes log rows ----------------------


def entries_purge(
    *, now: dt.datetime | None = None, purged_by: str = "system"
) -> AccessLogPurge | None:
    """Delete sealed entries older than ACCESS_LOG_RETENTION_DAYS, leaving an
    AccessLogPurge row that anchors the rest of the chain. Idempotent: nothing to purge
    writes nothing."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.ACCESS_LOG_RETENTION_DAYS)
    with transaction.atomic():
        _lock_chain(wait=True)
        last = _last_purgeable_seal(cutoff)
        if last is None:
            return None
        purge = AccessLogPurge(
            purged_by=purged_by,
            cutoff=cutoff,
            entries_deleted=AccessLogEntry.objects.filter(id__lte=last.entry_id).count(),
            last_entry_id=last.entry_id,
            last_entry_mac=last.mac,
            transaction_id=_transaction_id(),
        )
        purge.full_clean()
        purge.save()
        _allow_purge_delete()
        _delete_up_to(AccessLogSeal, "entry_id", last.entry_id)
        deleted = _delete_up_to(AccessLogEntry, "id", last.entry_id)
        if deleted != purge.entries_deleted:
            # The purge row must tell the truth; roll everything back and retry next run.
            raise RuntimeError(f"purge counted {purge.entries_deleted}, deleted {deleted}")
    logger.info(
        "accesslog purge: %d entries up to #%d (before %s) by %s",
        purge.entries_deleted,
        purge.last_entry_id,
        cutoff.isoformat(),
        purged_by,
    )
    return purge


def _last_purgeable_seal(cutoff: dt.datetime) -> AccessLogSeal | None:
    # Only sealed entries are purged, as a prefix in id order, so the remaining chain starts
    # cleanly at the anchor. (An entry a few milliseconds younger than the cutoff but with a
    # lower id, from clock skew between servers, goes with its neighbours.)
    newest_old = (
        AccessLogEntry.objects.filter(accessed_at__lt=cutoff)
        .order_by("-id")
        .values_list("id", flat=True)
        .first()
    )
    if newest_old is None:
        return None
    return AccessLogSeal.objects.filter(entry_id__lte=newest_old).order_by("-entry_id").first()


def _delete_up_to(model: type[models.Model], column: str, last_id: int) -> int:
    """One DELETE statement. QuerySet.delete() would load every row into memory as soon as
    any app registers a pre/post_delete receiver without a sender."""
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE {column} <= %s", [last_id])  # noqa: S608
        return cursor.rowcount


def _transaction_id() -> int | None:
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT txid_current()")
        return int(cursor.fetchone()[0])


def _allow_purge_delete() -> None:
    # The DELETE trigger accepts deletes only with this flag *and* this transaction's
    # AccessLogPurge row (migration 0002). SET LOCAL ends with the transaction.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL accesslog.purge = 'on'")
