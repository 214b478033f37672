"""Periodic jobs of the companies app (scheduled in settings.CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

import logging

from celery import shared_task

from companies.services import companies_sync_all

logger = logging.getLogger(__name__)


@shared_task
def sync_all_companies() -> dict[str, int]:
    """Nightly: refresh every company from CVR.

    Idempotent by construction (a second run finds nothing to change), so a retried or
    duplicated run is harmless. Failed companies are logged with their reason and stay as
    they were; the next night tries them again.
    """
    report = companies_sync_all()
    for cvr, reason in report.failed.items():
        logger.error("CVR sync failed for %s: %s", cvr, reason)
    return report.counts()
