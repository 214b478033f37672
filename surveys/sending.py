"""Invitations and reminders: jobs, chunks and the exactly-once message protocol.

A job fixes its recipients when it starts and splits them into chunks (one Celery task per
chunk). For each message a chunk task

1. inserts the OutgoingMessage row in its own transaction (the unique key
   participant + channel + number means a second task inserts nothing),
2. claims a batch of pending rows with a conditional UPDATE (a concurrent duplicate of the
   task claims none of them),
3. sends each message and marks it sent.

A crash between 1 and 3 leaves rows pending or claimed; the retry (or the resume task)
sends them once the claim is stale. A chunk's counts are added to its job by flipping
`SendChunk.done` with a conditional UPDATE, so they are added exactly once.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from surveys import links, selectors, sms
from surveys.models import (
    INVITATION,
    MAX_REMINDERS,
    Organisation,
    OutgoingMessage,
    Participant,
    SendChunk,
    SendJob,
    SurveyAdministrator,
    SurveyRound,
)

logger = logging.getLogger(__name__)
CLAIM_BATCH = 50


def chunk_size() -> int:
    return getattr(settings, "SURVEYS_SEND_CHUNK_SIZE", 500)


def claim_timeout() -> dt.timedelta:
    return dt.timedelta(seconds=getattr(settings, "SURVEYS_SEND_CLAIM_TIMEOUT", 600))


def sending_is_open(survey_round: SurveyRound, today: dt.date | None = None) -> bool:
    return survey_round.is_answerable_on(today or timezone.localdate())


# --- Starting a job --------------------------------------------------------------------


def invitations_send(
    *, acting_user: object, survey_round: SurveyRound, organisation: Organisation
) -> SendJob:
    return _job_start(
        acting_user=acting_user,
        survey_round=survey_round,
        organisation=organisation,
        number=INVITATION,
    )


def reminder_send(
    *, acting_user: object, survey_round: SurveyRound, organisation: Organisation, number: int
) -> SendJob:
    """Reminder `number` (1–3) to those who were invited and have not answered."""
    if not 1 <= number <= MAX_REMINDERS:
        raise ValidationError(_("Der kan højst sendes 3 purringer."))
    return _job_start(
        acting_user=acting_user, survey_round=survey_round, organisation=organisation, number=number
    )


@transaction.atomic
def _job_start(
    *, acting_user: object, survey_round: SurveyRound, organisation: Organisation, number: int
) -> SendJob:
    if not SurveyAdministrator.objects.filter(user=acting_user, organisation=organisation).exists():
        raise PermissionDenied
    today = timezone.localdate()
    if not survey_round.is_frozen:
        raise ValidationError(_("Populationen er ikke låst endnu."))
    if today < survey_round.opens_on:
        raise ValidationError(_("Udsendelsen åbner %(day)s.") % {"day": survey_round.opens_on})
    if today > survey_round.last_day:
        raise ValidationError(_("Sidste svardag er passeret; der kan ikke sendes mere."))
    state = selectors.job_state(survey_round, organisation)
    if state.running is not None:
        raise ValidationError(_("En udsendelse er allerede i gang."))
    if state.next_number != number:
        raise ValidationError(_("Siden var forældet. Se den nye status og prøv igen."))
    if number == INVITATION:
        recipients = selectors.invitation_recipients(survey_round, organisation)
    else:
        recipients = selectors.reminder_recipients(survey_round, organisation, number)
    ids = list(recipients.order_by("pk").values_list("pk", flat=True))
    if not ids:
        raise ValidationError(_("Der er ingen modtagere."))
    try:
        with transaction.atomic():
            job = SendJob.objects.create(
                round=survey_round,
                organisation=organisation,
                number=number,
                created_by=acting_user,
                created_at=timezone.now(),
                total=len(ids),
            )
    except IntegrityError as error:  # a double click raced us to the same number
        raise ValidationError(_("Denne udsendelse er allerede startet.")) from error
    size = chunk_size()
    SendChunk.objects.bulk_create(
        SendChunk(job=job, index=i // size, participant_ids=ids[i : i + size])
        for i in range(0, len(ids), size)
    )
    transaction.on_commit(lambda: _enqueue_dispatch(job.pk))
    return job


def _enqueue_dispatch(job_id: int) -> None:
    from surveys.tasks import dispatch_job

    try:
        dispatch_job.delay(job_id)
    except Exception:  # broker down: the resume task picks the job up
        logger.exception("could not enqueue survey job %s; the resume task will", job_id)


def job_dispatch(*, job_id: int) -> list[int]:
    """The ids of the job's chunks still to do, marked as enqueued now."""
    ids = list(
        SendChunk.objects.filter(job_id=job_id, done=False, job__status=SendJob.Status.RUNNING)
        .order_by("index")
        .values_list("pk", flat=True)
    )
    SendChunk.objects.filter(pk__in=ids).update(enqueued_at=timezone.now())
    return ids


def stalled_chunks(*, stale_after: dt.timedelta) -> list[int]:
    """Chunks of running jobs that were never enqueued or were enqueued long ago and are
    not done (a lost broker message, a worker killed outright)."""
    cutoff = timezone.now() - stale_after
    ids = list(
        SendChunk.objects.filter(done=False, job__status=SendJob.Status.RUNNING)
        .filter(Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=cutoff))
        .order_by("job_id", "index")
        .values_list("pk", flat=True)
    )
    SendChunk.objects.filter(pk__in=ids).update(enqueued_at=timezone.now())
    return ids


# --- Sending one chunk -----------------------------------------------------------------


class RetryLater(Exception):
    """Messages of the chunk are still claimed by another run, or the gateway failed for
    now: run the chunk again after `countdown` seconds."""

    def __init__(self, countdown: int) -> None:
        super().__init__(countdown)
        self.countdown = countdown


@dataclass
class ChunkOutcome:
    sent: int = 0
    failed: int = 0
    finished: bool = False


def chunk_send(*, chunk_id: int) -> ChunkOutcome:
    outcome = ChunkOutcome()
    chunk = SendChunk.objects.select_related("job__round").filter(pk=chunk_id).first()
    if chunk is None or chunk.done or chunk.job.status != SendJob.Status.RUNNING:
        return outcome  # vanished, or a duplicate of a finished run
    job = chunk.job
    if timezone.localdate() > job.round.last_day:
        job_stop(job=job)
        return outcome
    with _asynchronous_commits():
        _insert_messages(job, chunk.participant_ids)
        _send_claimed(job, chunk, outcome)
        if OutgoingMessage.objects.filter(
            job=job,
            participant_id__in=chunk.participant_ids,
            status=OutgoingMessage.Status.SENDING,
        ).exists():
            # Claimed by a run that died or still runs: look again when its claim is stale.
            raise RetryLater(int(claim_timeout().total_seconds()) + 5)
        outcome.finished = _chunk_finish(chunk)
    return outcome


@contextmanager
def _asynchronous_commits() -> Iterator[None]:
    """On PostgreSQL, don't wait for the WAL flush at each commit (the per-message mark
    would otherwise cost a disk flush each). A database crash can then lose only the last
    commits, in order: a lost "sent" mark means that message is sent again (the same
    at-least-once window as a worker crash between sending and marking); nothing is ever
    counted twice or skipped."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO DEFAULT")


def _send_claimed(job: SendJob, chunk: SendChunk, outcome: ChunkOutcome) -> None:
    templates = _Templates(job)
    mail_connection = mail.get_connection()
    while batch := _claim_batch(job, chunk.participant_ids):
        try:
            for message in batch:
                _deliver(message, templates, mail_connection, outcome)
        except RetryLater:
            # Hand the rest of the batch back at once rather than after the claim timeout.
            OutgoingMessage.objects.filter(
                pk__in=[m.pk for m in batch],
                claim=batch[0].claim,
                status=OutgoingMessage.Status.SENDING,
            ).update(status=OutgoingMessage.Status.PENDING, claim=None)
            raise


def _insert_messages(job: SendJob, participant_ids: list[int]) -> None:
    participants = Participant.objects.filter(pk__in=participant_ids, in_population=True)
    if job.is_reminder:
        participants = participants.filter(has_answered=False)
    rows = []
    for p in participants.only("pk", "email_valid", "mobile_e164"):
        if p.email_valid:
            rows.append(_message(job, p.pk, OutgoingMessage.Channel.EMAIL))
        if p.mobile_e164:
            rows.append(_message(job, p.pk, OutgoingMessage.Channel.SMS))
    with transaction.atomic():
        OutgoingMessage.objects.bulk_create(rows, ignore_conflicts=True)


def _message(job: SendJob, participant_id: int, channel: str) -> OutgoingMessage:
    return OutgoingMessage(
        job=job, participant_id=participant_id, channel=channel, number=job.number
    )


def _claim_batch(job: SendJob, participant_ids: list[int]) -> list[OutgoingMessage]:
    now = timezone.now()
    claimable = Q(status=OutgoingMessage.Status.PENDING) | Q(
        status=OutgoingMessage.Status.SENDING, claimed_at__lt=now - claim_timeout()
    )
    ours = OutgoingMessage.objects.filter(job=job, participant_id__in=participant_ids)
    if job.is_reminder:
        # Someone who answered since the job started gets no reminder.
        ours.filter(claimable, participant__has_answered=True).update(
            status=OutgoingMessage.Status.SKIPPED
        )
    ids = list(ours.filter(claimable).order_by("pk").values_list("pk", flat=True)[:CLAIM_BATCH])
    if not ids:
        return []
    claim = uuid.uuid4()
    OutgoingMessage.objects.filter(claimable, pk__in=ids).update(
        status=OutgoingMessage.Status.SENDING,
        claim=claim,
        claimed_at=now,
        attempts=F("attempts") + 1,
    )
    return list(
        OutgoingMessage.objects.filter(pk__in=ids, claim=claim)
        .select_related("participant")
        .only(
            "channel",
            "number",
            "claim",
            "participant__name",
            "participant__email",
            "participant__mobile_e164",
            "participant__token_nonce",
        )
    )


def _deliver(
    message: OutgoingMessage,
    templates: _Templates,
    mail_connection: object,
    outcome: ChunkOutcome,
) -> None:
    mine = OutgoingMessage.objects.filter(pk=message.pk, claim=message.claim)
    try:
        if message.channel == OutgoingMessage.Channel.EMAIL:
            _send_email(message, templates, mail_connection)
        else:
            _send_sms(message, templates)
    except (sms.SmsError, smtplib.SMTPRecipientsRefused) as error:
        mine.update(status=OutgoingMessage.Status.FAILED, error=str(error)[:300])
        outcome.failed += 1
        return
    except (sms.SmsTemporaryError, smtplib.SMTPException, OSError) as error:
        mine.update(status=OutgoingMessage.Status.PENDING, claim=None, error=str(error)[:300])
        raise RetryLater(60) from error
    _mark_sent(message)
    outcome.sent += 1


_MARK_SENT = (
    "UPDATE surveys_outgoingmessage SET status = %s, sent_at = %s WHERE id = %s AND claim = %s"
)


def _mark_sent(message: OutgoingMessage) -> None:
    """One statement per message, its own commit: the hot path of a 50,000-message job, so
    plain SQL rather than the ORM's per-call query building (a third of the CPU)."""
    claim = message.claim if connection.vendor == "postgresql" else message.claim.hex
    with connection.cursor() as cursor:
        cursor.execute(_MARK_SENT, [OutgoingMessage.Status.SENT, timezone.now(), message.pk, claim])


class _Templates:
    """The job's texts, rendered once per chunk with placeholders for the person's name
    and link (rendering per message cost more than everything else together). Survey
    participants are Norwegian: their messages are in bokmål."""

    NAME, FIRST, LINK = "__SURVEY_NAME__", "__SURVEY_FIRST_NAME__", "__SURVEY_LINK__"

    def __init__(self, job: SendJob) -> None:
        context = {
            "name": self.NAME,
            "first_name": self.FIRST,
            "round": job.round,
            "last_day": job.round.last_day,
            "link": self.LINK,
            "is_reminder": job.number > INVITATION,
        }
        with translation.override("nb"):
            self.subject = render_to_string("surveys/email/message-subject.txt", context).strip()
            self.body = render_to_string("surveys/email/message-body.txt", context)
            self.html = render_to_string("surveys/email/message-body.html", context)
            self.sms = render_to_string("surveys/email/message-sms.txt", context).strip()

    def fill(self, text: str, participant: Participant, link: str, *, html: bool = False) -> str:
        values = {
            self.NAME: participant.name,
            self.FIRST: participant.name.split(" ")[0],
            self.LINK: link,
        }
        for placeholder, value in values.items():
            text = text.replace(placeholder, escape(value) if html else value)
        return text


def _send_email(message: OutgoingMessage, templates: _Templates, mail_connection: object) -> None:
    participant = message.participant
    link = links.answer_url(participant.token_nonce)
    email = mail.EmailMultiAlternatives(
        subject=templates.subject,
        body=templates.fill(templates.body, participant, link),
        to=[participant.email],
        connection=mail_connection,
        headers={"X-Survey-Message": str(message.pk)},
    )
    html = templates.fill(templates.html, participant, link, html=True)
    email.attach_alternative(html, "text/html")
    email.send()


def _send_sms(message: OutgoingMessage, templates: _Templates) -> None:
    link = links.answer_url(message.participant.token_nonce)
    body = templates.fill(templates.sms, message.participant, link)
    sms.send_sms(to=message.participant.mobile_e164, body=body, key=f"survey-message-{message.pk}")


def _chunk_finish(chunk: SendChunk) -> bool:
    """Add the chunk's counts to its job exactly once; finish the job with its last chunk."""
    job_id, number, ids = chunk.job_id, chunk.job.number, chunk.participant_ids
    with transaction.atomic():
        job = SendJob.objects.select_for_update().get(pk=job_id)
        if not SendChunk.objects.filter(pk=chunk.pk, done=False).update(done=True):
            return False
        messages = OutgoingMessage.objects.filter(job_id=job_id, participant_id__in=ids)
        sent = messages.filter(status=OutgoingMessage.Status.SENT)
        failed = messages.filter(status=OutgoingMessage.Status.FAILED).count()
        Participant.objects.filter(pk__in=sent.values("participant_id")).filter(
            Q(last_message_number__isnull=True) | Q(last_message_number__lt=number)
        ).update(last_message_number=number)
        job.processed = F("processed") + len(ids)
        job.messages_sent = F("messages_sent") + sent.count()
        job.messages_failed = F("messages_failed") + failed
        fields = ["processed", "messages_sent", "messages_failed"]
        if not SendChunk.objects.filter(job_id=job_id, done=False).exists():
            job.status, job.finished_at = SendJob.Status.DONE, timezone.now()
            fields += ["status", "finished_at"]
        job.save(update_fields=fields)
    return True


def job_stop(*, job: SendJob) -> None:
    """After the last day nothing more is sent: the rest of a running job is dropped."""
    SendJob.objects.filter(pk=job.pk, status=SendJob.Status.RUNNING).update(
        status=SendJob.Status.STOPPED, finished_at=timezone.now()
    )
