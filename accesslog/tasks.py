"""Periodic access-log jobs (scheduled in settings.CELERY_BEAT_SCHEDULE).

Both are idempotent (DESIGN.md invariant 6): a retried or duplicated run finds nothing left to
do. They take no arguments, so a late or doubled beat tick is harmless.
"""

from __future__ import annotations

from celery import shared_task

from accesslog import services


@shared_task
def seal_entries() -> int:
    """Chain entries older than ACCESS_LOG_SEAL_AFTER_SECONDS into the HMAC chain."""
    return services.entries_seal()


@shared_task
def purge_expired_entries() -> int:
    """Delete entries older than ACCESS_LOG_RETENTION_DAYS, as a logged purge."""
    purge = services.entries_purge(purged_by="task:accesslog.tasks.purge_expired_entries")
    return purge.entries_deleted if purge else 0
