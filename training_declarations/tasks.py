"""Celery tasks of the training declarations. They take ids, call services and are safe to
run twice: reminders are claimed by a unique (declaration, number) row, a back-office code by
a conditional UPDATE."""

from __future__ import annotations

import logging

from celery import shared_task

from training_declarations import backoffice, services

logger = logging.getLogger(__name__)


@shared_task
def send_declaration_reminders() -> int:
    """Beat: remind training responsibles of open requests before and after the period's
    end date (DECLARATION_REMINDER_OFFSETS_DAYS), at most three times, never after
    submission."""
    sent = services.reminders_send()
    logger.info("training_declarations: %d reminders sent", sent)
    return sent


@shared_task
def send_backoffice_code(attempt_id: int) -> bool:
    """Make and mail the code of one back-office login attempt (nothing for an unknown
    address). Not retried: a second try would find the code claimed, and the user can ask
    for a new code at once."""
    return backoffice.code_send(attempt_id=attempt_id)


@shared_task
def purge_backoffice_login_rows() -> tuple[int, int]:
    """Beat, daily: drop login attempts older than two days and failures past retention."""
    return backoffice.login_rows_purge()
