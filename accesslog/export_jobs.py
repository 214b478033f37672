"""Large access-log exports as background jobs, downloaded by their owner only.

An export with more than ACCESS_LOG_EXPORT_INLINE_MAX_ROWS rows (default 10,000) is not
written in the request: `job_create()` stores the filter in an `ExportJob` and enqueues
`accesslog.tasks.export_entries`, which writes the .xlsx with the same code as the inline
export (`exports.write_xlsx`: formula-safe, flat memory) into ACCESS_LOG_EXPORT_DIR
(default BASE_DIR/var/exports), a directory no URL serves. The owner downloads it through
`views.export_download`, which checks their permission again and logs the download like the
inline export. `jobs_expire()` (periodic) deletes files after ACCESS_LOG_EXPORT_KEEP_HOURS.

The task is idempotent (DESIGN.md invariant 6): it claims the job with a conditional UPDATE,
so a done job is never written again, and a duplicate delivery while it runs does nothing. A
job left "running" for longer than STALE_AFTER (its worker died; acks_late redelivers it) is
claimed again and rewritten from the start.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
from collections.abc import Iterable, Iterator
from contextlib import closing
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from accesslog import exports, selectors
from accesslog.models import AccessLogEntry, ExportJob

logger = logging.getLogger(__name__)

# Longer than any export takes (1,000,000 rows: about 6 minutes).
STALE_AFTER = dt.timedelta(hours=1)
DATETIME_KEYS = ("since", "until")


def inline_max_rows() -> int:
    return settings.ACCESS_LOG_EXPORT_INLINE_MAX_ROWS


def keep_for() -> dt.timedelta:
    return dt.timedelta(hours=settings.ACCESS_LOG_EXPORT_KEEP_HOURS)


def export_dir() -> Path:
    return Path(settings.ACCESS_LOG_EXPORT_DIR)


def too_large_for_inline(entries: QuerySet[AccessLogEntry]) -> bool:
    """More rows than the inline limit? Counts at most limit + 1 rows, never the whole log."""
    limit = inline_max_rows()
    return entries.order_by().values("pk")[: limit + 1].count() > limit


# --- Creating a job (in the request) -----------------------------------------------------


def job_create(*, owner: object, kind: str, search: dict[str, object]) -> ExportJob:
    """A job for this owner and filter, enqueued when the request's transaction commits.

    A second click on the same export while the first still runs returns the first job.
    """
    parameters = _to_json(search)
    active = ExportJob.objects.filter(
        owner_id=getattr(owner, "pk", None),
        kind=kind,
        status__in=[ExportJob.Status.QUEUED, ExportJob.Status.RUNNING],
    ).only("pk", "parameters")
    for job in active:
        if job.parameters == parameters:
            return job
    job = ExportJob.objects.create(owner=owner, kind=kind, parameters=parameters)
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> None:
    from accesslog.tasks import export_entries

    try:
        export_entries.delay(job_id)
    except Exception:  # broker down: jobs_expire() re-enqueues queued jobs
        logger.exception("could not enqueue access-log export job %s", job_id)


def _to_json(search: dict[str, object]) -> dict[str, object]:
    return {
        key: value.isoformat() if isinstance(value, dt.datetime) else value
        for key, value in search.items()
    }


def search_of(job: ExportJob) -> dict[str, object]:
    """The selector's keyword arguments back from the stored filter."""
    search = dict(job.parameters)
    for key in DATETIME_KEYS:
        if search.get(key):
            search[key] = dt.datetime.fromisoformat(str(search[key]))
    return search


def job_entries(job: ExportJob) -> QuerySet[AccessLogEntry]:
    search = search_of(job)
    if job.kind == ExportJob.Kind.ADMIN:
        return selectors.entries_matching(**search)  # type: ignore[arg-type]
    return selectors.entries_for_organisation(**search)  # type: ignore[arg-type]


def job_path(job: ExportJob) -> Path | None:
    # file_name is written only by job_run (a generated bare name); refuse anything else.
    name = job.file_name
    if not name or Path(name).name != name:
        return None
    return export_dir() / name


# --- Running a job (in the worker) -------------------------------------------------------


def job_run(job_id: int, *, chunk_size: int = 2000) -> bool:
    """Write the job's file. Returns False, writing nothing, when the job is done, failed,
    expired, missing, or already running elsewhere."""
    started = timezone.now()
    claimable = Q(status=ExportJob.Status.QUEUED) | Q(
        status=ExportJob.Status.RUNNING, started_at__lt=started - STALE_AFTER
    )
    claimed = ExportJob.objects.filter(claimable, pk=job_id).update(
        status=ExportJob.Status.RUNNING, started_at=started
    )
    if not claimed:
        return False
    mine = ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.RUNNING, started_at=started)
    job = mine.defer("apprentice_ids").get()
    directory = export_dir()
    name = f"adgangslog-{job.pk}-{secrets.token_hex(8)}.xlsx"
    partial = directory / f"{name}.part"
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        ids, count = _write(job_entries(job), partial, chunk_size)
        os.replace(partial, directory / name)
    except Exception as error:
        partial.unlink(missing_ok=True)
        logger.exception("access-log export job %s failed", job_id)
        mine.update(
            status=ExportJob.Status.FAILED,
            finished_at=timezone.now(),
            error=f"{type(error).__name__}: {error}"[:500],
        )
        return False
    done = mine.update(
        status=ExportJob.Status.DONE,
        finished_at=timezone.now(),
        row_count=count,
        apprentice_ids=sorted(ids),
        file_name=name,
    )
    if not done:  # claimed again meanwhile as stale: that run's file counts
        (directory / name).unlink(missing_ok=True)
    return bool(done)


def _write(entries: QuerySet[AccessLogEntry], path: Path, chunk_size: int) -> tuple[set[int], int]:
    counted = [0]

    def counting(rows: Iterable[tuple]) -> Iterator[tuple]:
        for row in rows:
            counted[0] += 1
            yield row

    # One snapshot for the whole file; closing() ends the server-side cursor also on error.
    with transaction.atomic():
        rows = entries.values_list(*exports.EXPORT_FIELDS).iterator(chunk_size=chunk_size)
        with closing(rows), open(path, "wb") as target:
            os.chmod(path, 0o600)
            ids = exports.write_xlsx(counting(rows), target)
    return ids, counted[0]


# --- Expiry (periodic) -------------------------------------------------------------------


def jobs_expire(*, now: dt.datetime | None = None) -> int:
    """Delete files older than ACCESS_LOG_EXPORT_KEEP_HOURS and mark their jobs "expired";
    give up on jobs that never finished in that time; re-enqueue queued jobs the broker
    lost. Returns how many jobs expired. Safe to run twice."""
    now = now or timezone.now()
    cutoff = now - keep_for()
    expired = 0
    old = ExportJob.objects.filter(
        status__in=[ExportJob.Status.DONE, ExportJob.Status.FAILED], finished_at__lt=cutoff
    ).exclude(status=ExportJob.Status.FAILED, file_name="")
    for job in old.only("pk", "status", "file_name"):
        path = job_path(job)
        if path is not None:
            path.unlink(missing_ok=True)
        status = ExportJob.Status.EXPIRED if job.status == ExportJob.Status.DONE else job.status
        ExportJob.objects.filter(pk=job.pk).update(status=status, file_name="", apprentice_ids=[])
        expired += status == ExportJob.Status.EXPIRED
    ExportJob.objects.filter(
        status__in=[ExportJob.Status.QUEUED, ExportJob.Status.RUNNING], created_at__lt=cutoff
    ).update(status=ExportJob.Status.FAILED, finished_at=now, error="not finished in time")
    _remove_orphans(cutoff)
    lost = ExportJob.objects.filter(
        status=ExportJob.Status.QUEUED, created_at__lt=now - dt.timedelta(minutes=10)
    ).values_list("pk", flat=True)
    for job_id in lost:
        _enqueue(job_id)
    return expired


def _remove_orphans(cutoff: dt.datetime) -> None:
    """Files no job points to any more (a worker killed mid-write leaves a .part file)."""
    directory = export_dir()
    if not directory.is_dir():
        return
    limit = cutoff.timestamp()
    for path in directory.iterdir():
        if path.is_file() and path.name.startswith("adgangslog-") and path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)
