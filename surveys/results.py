"""Results per question, with small groups suppressed.

Within a question the groups are the organisation's training companies (companies below the
minimum size are pooled in "other companies" when answers are stored) and the total. A
group with fewer answers than the minimum is suppressed, and so is enough else that no
suppressed number can be worked out from the total minus the shown groups (complementary
suppression): the suppressed groups together must hold at least the minimum, or the total
is hidden too.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext as _

from surveys.models import Answer, Organisation, Question, SurveyRound, TrainingCompany
from surveys.services import min_group_size

SCALE = (1, 2, 3, 4, 5)


@dataclass
class Group:
    key: int | None  # company id; None = other companies; "total" has is_total
    label: str
    counts: dict[int, int] = field(default_factory=dict)
    is_total: bool = False
    suppressed: bool = False
    # Hidden although large enough, so that a small hidden group cannot be worked out.
    protective: bool = False

    @property
    def n(self) -> int:
        return sum(self.counts.values())

    @property
    def mean(self) -> float | None:
        return sum(v * c for v, c in self.counts.items()) / self.n if self.n else None

    @property
    def shares(self) -> list[tuple[int, int, float]]:
        """(value, count, percent) for the chart and the table."""
        n = self.n or 1  # an empty group shows 0 % everywhere
        return [(v, self.counts.get(v, 0), 100 * self.counts.get(v, 0) / n) for v in SCALE]

    @property
    def bars(self) -> list[tuple[int, int, float, float]]:
        """(value, count, x offset %, width %) of a stacked bar."""
        offset, out = 0.0, []
        for value, count, percent in self.shares:
            out.append((value, count, offset, percent))
            offset += percent
        return out


@dataclass
class QuestionResult:
    question: Question
    groups: list[Group]  # the total first


def suppress(groups: list[Group], total: Group, minimum: int) -> None:
    """Mark groups (and the total if needed) suppressed. Groups with no answers show 0
    and never protect anything."""
    for group in groups:
        group.suppressed = 0 < group.n < minimum
    hidden = [g for g in groups if g.suppressed]
    while hidden and sum(g.n for g in hidden) < minimum:
        candidates = sorted((g for g in groups if not g.suppressed and g.n > 0), key=lambda g: g.n)
        if not candidates:
            total.suppressed = True
            total.protective = total.n >= minimum
            return
        candidates[0].suppressed = candidates[0].protective = True
        hidden.append(candidates[0])
    total.suppressed = 0 < total.n < minimum


def round_results(survey_round: SurveyRound, organisation: Organisation) -> list[QuestionResult]:
    """One query for all counts of the organisation's scale answers."""
    rows = (
        Answer.objects.filter(
            response__round=survey_round,
            response__organisation=organisation,
            question__kind=Question.Kind.SCALE,
            value__isnull=False,
        )
        .values("question_id", "response__company_id", "value")
        .annotate(n=Count("pk"))
    )
    counts: dict[int, dict[int | None, dict[int, int]]] = defaultdict(lambda: defaultdict(dict))
    for row in rows:
        counts[row["question_id"]][row["response__company_id"]][row["value"]] = row["n"]
    company_ids = {c for per_q in counts.values() for c in per_q if c is not None}
    names = dict(TrainingCompany.objects.filter(pk__in=company_ids).values_list("pk", "name"))
    minimum = min_group_size()
    results = []
    for question in survey_round.questions.filter(kind=Question.Kind.SCALE):
        per_company = counts.get(question.pk, {})
        groups = [
            Group(key, names.get(key, "") if key else _("Øvrige lærebedrifter"), dict(c))
            for key, c in sorted(
                per_company.items(), key=lambda kv: (kv[0] is None, names.get(kv[0] or 0, ""))
            )
        ]
        total_counts: dict[int, int] = defaultdict(int)
        for group in groups:
            for value, n in group.counts.items():
                total_counts[value] += n
        total = Group(None, _("I alt"), dict(total_counts), is_total=True)
        suppress(groups, total, minimum)
        results.append(QuestionResult(question, [total, *groups]))
    return results


def free_texts(survey_round: SurveyRound, organisation: Organisation) -> dict[int, list[str]]:
    """Free-text answers per question, only where at least the minimum answered it; in a
    fixed but meaningless order (by the random answer id)."""
    texts: dict[int, list[str]] = defaultdict(list)
    for question_id, text in (
        Answer.objects.filter(
            response__round=survey_round,
            response__organisation=organisation,
            question__kind=Question.Kind.TEXT,
        )
        .exclude(text="")
        .order_by("pk")
        .values_list("question_id", "text")
    ):
        texts[question_id].append(text)
    return {q: t for q, t in texts.items() if len(t) >= min_group_size()}
