"""Access-log tasks: the periodic jobs (scheduled in settings.CELERY_BEAT_SCHEDULE) and
the background export.

All are idempotent (DESIGN.md invariant 6): a retried or duplicated run finds nothing left to
do. The periodic ones take no arguments, so a late or doubled beat tick is harmless.
"""

from __future__ import annotations

from celery import shared_task

from accesslog import export_jobs, services


@shared_task
def seal_entries() -> int:
    """Chain entries older than ACCESS_LOG_SEAL_AFTER_SECONDS into the HMAC chain."""
    return services.entries_seal()


@shared_task
def purge_expired_entries() -> int:
    """Delete entries older than ACCESS_LOG_RETENTION_DAYS, as a logged purge."""
    purge = services.entries_purge(purged_by="task:accesslog.tasks.purge_expired_entries")
    return purge.entries_deleted if purge else 0


@shared_task(acks_late=True)
def export_entries(job_id: int) -> bool:
    """Write a large export's file (accesslog.export_jobs). A job that is done, failed or
    already running is left alone, so a redelivered or doubled task writes nothing."""
    return export_jobs.job_run(job_id)


@shared_task
def expire_exports() -> int:
    """Delete export files older than ACCESS_LOG_EXPORT_KEEP_HOURS (24) and mark their jobs."""
    return export_jobs.jobs_expire()
