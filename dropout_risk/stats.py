"""Statistics "Frafaldsrisikovurderinger": students by level per education, school or region,
per quarter or month. Aggregated only; no apprentice is named, so the page is no read of
student data.

What is counted: the students assessed in a period, each once, by the level of their last
assessment in that period (a student assessed "Middel" in January and "Høj" in March counts
once as "Høj" in Q1).

Small cells: counts are first taken per finest cell (period, school, education, level). A
finest cell below MIN_CELL is suppressed and left out of every sum shown, so no total, and
no comparison between the education, school and region views, can give it back. A shown cell
that lost such a part is marked (`partial`); a shown cell of 0 with a suppressed part is
shown as "<5".
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db.models import Case, Count, DateTimeField, Exists, OuterRef, Q, Value, When
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from apprenticeship.models import Education, Region, School
from dropout_risk.models import Assessment, RiskLevel

logger = logging.getLogger(__name__)
MIN_CELL = 5
LEVELS = RiskLevel.values  # column order: Ikke angivet, Lav, Middel, Høj
QUARTERS_SHOWN = 8
MONTHS_SHOWN = 12


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # exclusive
    label: str

    @property
    def end_at(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.end, dt.time.min))

    @property
    def start_at(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.start, dt.time.min))


@dataclass
class Cell:
    value: int = 0
    partial: bool = False  # a suppressed finest cell is left out of `value`

    @property
    def display(self) -> str:
        if self.value == 0 and self.partial:
            return f"<{MIN_CELL}"
        return f"{self.value}*" if self.partial else str(self.value)


@dataclass
class Row:
    period: Period
    cells: list[Cell]  # one per level, in LEVELS order

    @property
    def total(self) -> Cell:
        return Cell(sum(c.value for c in self.cells), any(c.partial for c in self.cells))


@dataclass
class Group:
    key: object
    label: str
    rows: list[Row] = field(default_factory=list)

    @property
    def has_data(self) -> bool:
        return any(row.total.value or row.total.partial for row in self.rows)


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def periods(kind: str, today: dt.date) -> list[Period]:
    """The last 8 quarters or 12 months, oldest first, the current one included."""
    if kind == "maaned":
        first = _add_months(today.replace(day=1), -(MONTHS_SHOWN - 1))
        starts = [_add_months(first, i) for i in range(MONTHS_SHOWN)]
        return [Period(s, _add_months(s, 1), date_format(s, "F Y")) for s in starts]
    quarter_start = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    first = _add_months(quarter_start, -3 * (QUARTERS_SHOWN - 1))
    starts = [_add_months(first, 3 * i) for i in range(QUARTERS_SHOWN)]
    return [Period(s, _add_months(s, 3), _("%(year)s K%(quarter)s") % _quarter(s)) for s in starts]


def _quarter(day: dt.date) -> dict[str, int]:
    return {"year": day.year, "quarter": (day.month - 1) // 3 + 1}


def finest_counts(spans: Sequence[Period]) -> dict[tuple[dt.date, int, int, str], int]:
    """(period start, school id, education id, level) → students, in one query: each
    assessment is given its period's end, and only the last one per apprentice before that
    end is kept."""
    period_end = Case(
        *(When(registered_at__lt=p.end_at, then=Value(p.end_at)) for p in spans),
        output_field=DateTimeField(),
    )
    later = Assessment.objects.filter(
        apprentice=OuterRef("apprentice"), registered_at__lt=OuterRef("period_end")
    ).filter(
        Q(registered_at__gt=OuterRef("registered_at"))
        | Q(registered_at=OuterRef("registered_at"), pk__gt=OuterRef("pk"))
    )
    rows = (
        Assessment.objects.filter(
            registered_at__gte=spans[0].start_at, registered_at__lt=spans[-1].end_at
        )
        .annotate(period_end=period_end)
        .filter(~Exists(later))
        .values("period_end", "school_id", "education_id", "level")
        .annotate(students=Count("pk"))
        .order_by()
    )
    start_by_end = {p.end_at: p.start for p in spans}
    return {
        (
            start_by_end[r["period_end"]],  # aware datetimes compare (and hash) across zones
            r["school_id"],
            r["education_id"],
            r["level"],
        ): r["students"]
        for r in rows
    }


def cached_finest_counts(kind: str, spans: Sequence[Period]) -> dict:
    """finest_counts, kept in the cache for DROPOUT_RISK_STATS_CACHE_SECONDS (default an
    hour): at national scale the query reads ~700,000 assessments (about a second), and every
    view of the page (education, school, region) is built from the same counts. A cache
    that is down only costs the recomputation."""
    try:
        counts = cache.get(_cache_key(kind, spans))
    except Exception:
        logger.warning("dropout_risk statistics: cache unavailable", exc_info=True)
        return finest_counts(spans)
    if counts is None:
        counts = finest_counts(spans)
        cache_finest_counts(kind, spans, counts)
    return counts


def cache_finest_counts(kind: str, spans: Sequence[Period], counts: dict) -> None:
    try:
        cache.set(
            _cache_key(kind, spans),
            counts,
            getattr(settings, "DROPOUT_RISK_STATS_CACHE_SECONDS", 3600),
        )
    except Exception:
        logger.warning("dropout_risk statistics: cache unavailable", exc_info=True)


def _cache_key(kind: str, spans: Sequence[Period]) -> str:
    return f"dropout_risk:stats:{kind}:{spans[0].start}:{spans[-1].end}"


def grouped(dimension: str, kind: str, today: dt.date | None = None) -> list[Group]:
    """The table/chart data for one view: groups (educations, schools or regions), each with
    one row per period and one suppressed-and-summed cell per level."""
    spans = periods(kind, today or timezone.localdate())
    counts = cached_finest_counts(kind, spans)
    key_of, groups = _dimension(dimension, {(k[1], k[2]) for k in counts})
    by_key = {group.key: group for group in groups}
    for group in groups:
        group.rows = [Row(p, [Cell() for _ in LEVELS]) for p in spans]
    index_of_period = {p.start: i for i, p in enumerate(spans)}
    for (start, school_id, education_id, level), students in counts.items():
        group = by_key[key_of(school_id, education_id)]
        cell = group.rows[index_of_period[start]].cells[LEVELS.index(level)]
        if students < MIN_CELL:
            cell.partial = True
        else:
            cell.value += students
    return [group for group in groups if group.has_data]


def _dimension(dimension: str, pairs: set[tuple[int, int]]):
    """(key function (school id, education id) → group key, the groups sorted by label)."""
    if dimension == "skole":
        schools = School.objects.filter(pk__in={s for s, _e in pairs}).order_by("name")
        return (lambda s, e: s), [Group(s.pk, s.name) for s in schools]
    if dimension == "region":
        region_of = dict(
            School.objects.filter(pk__in={s for s, _e in pairs}).values_list("pk", "region")
        )
        labels = dict(Region.choices)
        keys = sorted(set(region_of.values()), key=lambda r: str(labels.get(r, "")))
        groups = [Group(r, str(labels.get(r) or _("Uden region"))) for r in keys]
        return (lambda s, e: region_of[s]), groups
    educations = Education.objects.filter(pk__in={e for _s, e in pairs}).order_by("name")
    return (lambda s, e: e), [Group(e.pk, e.name) for e in educations]


def level_labels() -> list[str]:
    return [str(label) for label in RiskLevel.labels]


def suppressed_note() -> str:
    return _(
        "Tal under %(n)d vises ikke og indgår ikke i summerne. * betyder, at tallet mangler "
        "mindst én sådan lille gruppe."
    ) % {"n": MIN_CELL}


@dataclass(frozen=True)
class Bar:
    x: float
    width: float
    level: str
    title: str


@dataclass(frozen=True)
class ChartRow:
    y: float
    text_y: float
    label: str
    total_x: float
    total: str
    bars: list[Bar]


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bar_height: int
    axis_x: int
    rows: list[ChartRow]


CHART_WIDTH = 560
CHART_LABEL_WIDTH = 110
CHART_ROW_HEIGHT = 20
CHART_GAP = 8


def chart(group: Group) -> Chart:
    """Geometry of a horizontal stacked bar chart: one bar per period, one segment per level
    (suppressed parts are not drawn). Rendered as inline SVG by dropout_risk/chart.svg."""
    area = CHART_WIDTH - CHART_LABEL_WIDTH - 50
    largest = max((row.total.value for row in group.rows), default=0) or 1
    labels = level_labels()
    rows = []
    for index, row in enumerate(group.rows):
        y = 8 + index * (CHART_ROW_HEIGHT + CHART_GAP)
        x = float(CHART_LABEL_WIDTH)
        bars = []
        for level, label, cell in zip(LEVELS, labels, row.cells, strict=True):
            if cell.value:
                width = round(cell.value / largest * area, 1)
                bars.append(Bar(x, width, level, f"{row.period.label}, {label}: {cell.value}"))
                x += width
        rows.append(
            ChartRow(
                y, y + CHART_ROW_HEIGHT * 0.7, row.period.label, x + 6, row.total.display, bars
            )
        )
    height = 16 + len(rows) * (CHART_ROW_HEIGHT + CHART_GAP)
    return Chart(CHART_WIDTH, height, CHART_ROW_HEIGHT, CHART_LABEL_WIDTH, rows)
