"""Answering through a personal link, anonymously.

Submitting does two things in one transaction: it flips the participant's `has_answered`
(a conditional UPDATE, so a second answer through the same link is refused) and stores the
answers in `PendingResponse`, which has no reference to the participant and only the day.
`responses_flush` later moves pending answers in batches, shuffled, into `Response` and
`Answer` (random UUID keys), so the stored order and the writing transaction of an answer
say nothing about whose it is.
"""

from __future__ import annotations

import random

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from surveys import links
from surveys.models import (
    Answer,
    Participant,
    PendingResponse,
    Question,
    Response,
    SurveyRound,
)
from surveys.services import min_group_size

_shuffle = random.SystemRandom().shuffle


class AlreadyAnswered(Exception):
    pass


def mix_batch() -> int:
    return getattr(settings, "SURVEYS_RESPONSE_MIX_BATCH", 20)


def participant_for_token(token: str) -> Participant | None:
    """The invited participant a link belongs to, or None (unknown, or not invited)."""
    if not token or len(token) > 128:
        return None
    return (
        Participant.objects.select_related("round")
        .filter(token_hash=links.token_hash(token), in_population=True)
        .exclude(last_message_number__isnull=True)
        .first()
    )


def response_submit(
    *, participant: Participant, answers: dict[int, tuple[int | None, str]]
) -> None:
    """Store one participant's answers. `answers` maps question id → (value 1–5 or None,
    free text); a skipped question is simply absent or (None, "")."""
    survey_round = participant.round
    today = timezone.localdate()
    if not survey_round.is_answerable_on(today):
        raise ValidationError(
            _("Undersøgelsen er lukket. Sidste svardag var %(day)s.")
            % {"day": survey_round.last_day}
        )
    stored = _clean_answers(survey_round, answers)
    with transaction.atomic():
        claimed = Participant.objects.filter(
            pk=participant.pk, has_answered=False, in_population=True
        ).update(has_answered=True)
        if not claimed:
            raise AlreadyAnswered
        PendingResponse.objects.create(
            round=survey_round,
            organisation_id=participant.training_office_id or participant.county_id,
            company_id=_group_company_id(participant),
            answered_on=today,
            answers=stored,
        )
    transaction.on_commit(lambda: _enqueue_flush(survey_round.pk))


def _clean_answers(
    survey_round: SurveyRound, answers: dict[int, tuple[int | None, str]]
) -> list[list[object]]:
    questions = {q.pk: q for q in survey_round.questions.all()}
    stored: list[list[object]] = []
    for question_id, (value, text) in answers.items():
        question = questions.get(question_id)
        if question is None:
            continue
        if question.kind == Question.Kind.SCALE and value is not None:
            if value not in (1, 2, 3, 4, 5):
                raise ValidationError(_("Svar med et tal fra 1 til 5."))
            stored.append([question_id, value, ""])
        elif question.kind == Question.Kind.TEXT and text.strip():
            stored.append([question_id, None, text.strip()[:4000]])
    return stored


def _group_company_id(participant: Participant) -> int | None:
    """The company is kept with the answer only if the company's population reaches the
    minimum group size; smaller companies are pooled, so no answer points at a company of
    one or two people."""
    if participant.company_id is None:
        return None
    size = Participant.objects.filter(
        round_id=participant.round_id, in_population=True, company_id=participant.company_id
    ).count()
    return participant.company_id if size >= min_group_size() else None


def _enqueue_flush(round_id: int) -> None:
    from surveys.tasks import flush_responses

    if PendingResponse.objects.filter(round_id=round_id).count() >= mix_batch():
        try:
            flush_responses.delay(round_id)
        except Exception:  # broker down: the periodic flush does it
            return


@transaction.atomic
def responses_flush(*, round_id: int, force: bool = False) -> int:
    """Move pending answers into Response/Answer in random order. Without `force`, waits
    until a batch is big enough to mix. Idempotent: rows are deleted as they are moved."""
    pending = list(
        PendingResponse.objects.select_for_update(skip_locked=True).filter(round_id=round_id)
    )
    if not pending or (not force and len(pending) < mix_batch()):
        return 0
    _shuffle(pending)
    responses, answers = [], []
    for item in pending:
        response = Response(
            round_id=item.round_id,
            organisation_id=item.organisation_id,
            company_id=item.company_id,
            answered_on=item.answered_on,
        )
        responses.append(response)
        answers += [
            Answer(response=response, question_id=qid, value=value, text=text or "")
            for qid, value, text in item.answers
        ]
    _shuffle(answers)
    Response.objects.bulk_create(responses)
    Answer.objects.bulk_create(answers, batch_size=1000)
    PendingResponse.objects.filter(pk__in=[p.pk for p in pending]).delete()
    return len(responses)
