"""Periodic jobs of the rejections app (scheduled in settings.CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

import logging

from celery import shared_task

from rejections.services import applicant_data_erase_expired

logger = logging.getLogger(__name__)


@shared_task
def erase_expired_applicant_data() -> int:
    """Daily: erase the applicant's name, mobile number and address from rejections older
    than REJECTION_APPLICANT_RETENTION_DAYS; the statistical record stays.

    Idempotent: one conditional UPDATE of the rows not yet erased, so a retried, duplicated
    or concurrent run erases nothing twice and sends nothing.
    """
    erased = applicant_data_erase_expired()
    if erased:
        logger.info("Erased applicant data from %d rejections past retention.", erased)
    return erased
