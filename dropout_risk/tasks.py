"""Celery tasks of dropout_risk. They take ids, call services and are safe to run twice."""

from __future__ import annotations

import logging
import smtplib

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from dropout_risk import reminders, stats

logger = logging.getLogger(__name__)


@shared_task
def flag_stale_assessments() -> int:
    """Beat, daily: flag assessments older than DROPOUT_RISK_REVISIT_DAYS and queue one
    reminder e-mail per person with something pending (after the flags have committed)."""
    with transaction.atomic():
        user_ids = reminders.reminders_flag()
        for user_id in user_ids:
            transaction.on_commit(lambda uid=user_id: send_revisit_reminder.delay(uid), robust=True)
    logger.info("dropout_risk: %d people have assessments to revisit", len(user_ids))
    return len(user_ids)


@shared_task(bind=True, max_retries=5, default_retry_delay=15 * 60)
def send_revisit_reminder(self, user_id: int) -> bool:
    try:
        return reminders.reminder_email_send(user_id=user_id)
    except (smtplib.SMTPException, OSError) as error:
        raise self.retry(exc=error) from error


@shared_task
def warm_statistics() -> None:
    """Beat, hourly: compute the statistics' counts before anyone asks, so no viewer waits
    for the ~1 s national query (stats.cached_finest_counts keeps them for an hour)."""
    today = timezone.localdate()
    for kind in ("kvartal", "maaned"):
        spans = stats.periods(kind, today)
        stats.cache_finest_counts(kind, spans, stats.finest_counts(spans))
