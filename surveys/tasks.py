"""Survey tasks. Each takes ids, tolerates rows that vanished, and is idempotent: a retried
or duplicated run never sends a message twice (the OutgoingMessage unique key) and never
counts a chunk twice (SendChunk.done). No countdown exceeds the broker's visibility timeout.

Periodic (settings.CELERY_BEAT_SCHEDULE): `advance_rounds` (dates → freeze, close,
publish), `resume_send_jobs` (re-enqueue chunks lost with a worker or the broker),
`flush_all_responses` (mix pending answers into the results).
"""

from __future__ import annotations

import datetime as dt
import logging

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from surveys import answering, sending, services
from surveys.models import PendingResponse, SendJob, SurveyRound

logger = logging.getLogger(__name__)
# The Redis visibility timeout is 2 h: stay well below it.
MAX_COUNTDOWN = 60 * 60


@shared_task
def dispatch_job(job_id: int) -> int:
    """Enqueue one task per chunk of a job still to do."""
    chunk_ids = sending.job_dispatch(job_id=job_id)
    for chunk_id in chunk_ids:
        send_chunk.delay(chunk_id)
    return len(chunk_ids)


@shared_task(bind=True, max_retries=50)
def send_chunk(self, chunk_id: int) -> int:
    try:
        outcome = sending.chunk_send(chunk_id=chunk_id)
    except sending.RetryLater as later:
        if self.request.is_eager:  # in-process: the resume task or a new click retries
            logger.warning("survey chunk %s must be retried: %s", chunk_id, later)
            return 0
        raise self.retry(countdown=min(later.countdown, MAX_COUNTDOWN)) from later
    return outcome.sent


@shared_task
def resume_send_jobs() -> int:
    """Chunks not done long after they were enqueued: their task was lost (a worker killed
    outright keeps its task unacknowledged until the visibility timeout). Re-enqueueing a
    chunk that is merely slow is harmless: the second run sends nothing twice."""
    stale = dt.timedelta(seconds=getattr(settings, "SURVEYS_RESUME_AFTER_SECONDS", 15 * 60))
    chunk_ids = sending.stalled_chunks(stale_after=stale)
    for chunk_id in chunk_ids:
        send_chunk.delay(chunk_id)
    return len(chunk_ids)


@shared_task
def freeze_population(round_id: int) -> bool:
    survey_round = SurveyRound.objects.filter(pk=round_id).first()
    if survey_round is None:
        return False
    return services.population_freeze(survey_round=survey_round)


@shared_task
def flush_responses(round_id: int, force: bool = False) -> int:
    return answering.responses_flush(round_id=round_id, force=force)


@shared_task
def flush_all_responses() -> int:
    """Mix whatever is pending once a batch is big enough (all of it after the last day)."""
    moved = 0
    today = timezone.localdate()
    for round_id in PendingResponse.objects.values_list("round_id", flat=True).distinct():
        survey_round = SurveyRound.objects.filter(pk=round_id).first()
        force = survey_round is not None and today > survey_round.last_day
        moved += answering.responses_flush(round_id=round_id, force=force)
    return moved


@shared_task
def advance_rounds() -> list[str]:
    """Apply each round's dates: freeze the population at the extract time, close after the
    last day (stop running jobs, mix the last answers), publish on the results date."""
    done = []
    now, today = timezone.now(), timezone.localdate()
    for survey_round in SurveyRound.objects.filter(published_at__isnull=True):
        if not survey_round.is_frozen and now >= survey_round.extract_at:
            services.population_freeze(survey_round=survey_round, now=now)
            done.append(f"{survey_round.year}: frozen")
        if survey_round.closed_at is None and today > survey_round.last_day:
            round_close(survey_round, now)
            done.append(f"{survey_round.year}: closed")
        if survey_round.closed_at is not None and today >= survey_round.results_on:
            round_publish(survey_round, now)
            done.append(f"{survey_round.year}: published")
    return done


@transaction.atomic
def round_close(survey_round: SurveyRound, now: dt.datetime) -> None:
    for job in SendJob.objects.filter(round=survey_round, status=SendJob.Status.RUNNING):
        sending.job_stop(job=job)
    answering.responses_flush(round_id=survey_round.pk, force=True)
    SurveyRound.objects.filter(pk=survey_round.pk, closed_at__isnull=True).update(closed_at=now)
    survey_round.closed_at = now


@transaction.atomic
def round_publish(survey_round: SurveyRound, now: dt.datetime) -> None:
    answering.responses_flush(round_id=survey_round.pk, force=True)
    SurveyRound.objects.filter(pk=survey_round.pk, published_at__isnull=True).update(
        published_at=now
    )
    survey_round.published_at = now
