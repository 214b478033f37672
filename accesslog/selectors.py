"""Reads of the access log, as querysets (newest first)."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from accesslog.models import AccessLogEntry

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
