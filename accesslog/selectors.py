"""Reads of the access log, as querysets (newest first)."""

from __future__ import annotations

import datetime as dt

from django.db.models import F, QuerySet

from accesslog.chain import CHAIN_FIELDS, GENESIS_MAC
from accesslog.models import AccessLogEntry, AccessLogPurge, AccessLogSeal

NEWEST_FIRST = ("-accessed_at", "-id")


def accesses_to_apprentice(
    apprentice_id: int, *, since: dt.datetime | None = None, until: dt.datetime | None = None
) -> QuerySet[AccessLogEntry]:
    """Every entry that showed apprentice X ("Hvem har set mine oplysninger").

    On PostgreSQL `apprentice_ids @> ARRAY[x]` uses the GIN index; on SQLite the lookup
    falls back to json_each() (accesslog.fields).
    """
    entries = AccessLogEntry.objects.filter(apprentice_ids__contains=[int(apprentice_id)])
    return _in_period(entries, since, until).order_by(*NEWEST_FIRST)


def entries_matching(
    *,
    since: dt.datetime,
    until: dt.datetime,
    apprentice_id: int | None = None,
    user_email: str = "",
    organisation_type: str = "",
    organisation_id: int | None = None,
) -> QuerySet[AccessLogEntry]:
    """The portal admin's search: a period plus any of apprentice, user and organisation."""
    entries = _in_period(AccessLogEntry.objects.all(), since, until)
    if apprentice_id is not None:
        entries = entries.filter(apprentice_ids__contains=[int(apprentice_id)])
    if user_email:
        entries = entries.filter(user_email=user_email.strip().lower())
    if organisation_type:
        entries = entries.filter(organisation_type=organisation_type)
    if organisation_id is not None:
        entries = entries.filter(organisation_id=organisation_id)
    return entries.order_by(*NEWEST_FIRST)


def entries_for_organisation(
    *, organisation_type: str, organisation_id: int, since: dt.datetime, until: dt.datetime
) -> QuerySet[AccessLogEntry]:
    """Entries made while acting for one organisation (the management's export)."""
    entries = AccessLogEntry.objects.filter(
        organisation_type=organisation_type, organisation_id=organisation_id
    )
    return _in_period(entries, since, until).order_by(*NEWEST_FIRST)


def _in_period(
    entries: QuerySet[AccessLogEntry], since: dt.datetime | None, until: dt.datetime | None
) -> QuerySet[AccessLogEntry]:
    if since is not None:
        entries = entries.filter(accessed_at__gte=since)
    if until is not None:
        entries = entries.filter(accessed_at__lt=until)
    return entries


def chain_head() -> tuple[int, str]:
    """The last sealed entry (id, mac), or the last purge's anchor, or the genesis."""
    seal = AccessLogSeal.objects.order_by("-entry_id").values_list("entry_id", "mac").first()
    anchor = chain_anchor()
    if seal is None or seal[0] < anchor[0]:
        return anchor
    return seal


def chain_anchor() -> tuple[int, str]:
    """Where verification starts: the last purged entry, or the genesis."""
    purge = (
        AccessLogPurge.objects.order_by("-last_entry_id")
        .values_list("last_entry_id", "last_entry_mac")
        .first()
    )
    return purge if purge is not None else (0, GENESIS_MAC)


def chain_rows(after_id: int, *, chunk_size: int = 2000):
    """Entries after `after_id` in id order with their seal (None when unsealed), streamed
    from a server-side cursor so verifying millions of rows keeps memory flat."""
    return (
        AccessLogEntry.objects.filter(id__gt=after_id)
        .order_by("id")
        .values(
            *CHAIN_FIELDS,
            seal_prev=F("seal__prev_entry_id"),
            seal_mac=F("seal__mac"),
            seal_key=F("seal__key_id"),
        )
        .iterator(chunk_size=chunk_size)
    )
