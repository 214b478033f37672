"""Aggregated statistics of rejection reasons: by education, region and quarter.

Only aggregates ever leave this module. Each rejection counts once, under its primary
reason; cancelled rejections are left out.

Small numbers are suppressed on the page everyone can see (`suppress=True`). The three tables
share their rows (the reasons): each table splits the same rejections of a reason in another
way, so a reason's total can be worked out from any table, and a hidden number in one table
could be worked out from the others (a total of 44 shown as 40 + "<5" in one table and as
43 + "<5" in another gives 4 and 1). The rules therefore look at the three tables together:

1. A cell of 1–4 is shown as "<5". Zero is shown: it says nothing about anyone.
2. A reason with a "<5" anywhere on the page is *sensitive*: all its non-zero cells in all
   three tables are hidden ("<5" or "≥5"), and so is its total. Every table then gives only
   "the hidden cells of this row add up to the reason's (hidden) total".
3. Those equations plus the bounds (1–4, at least 5) could still pin a number in rare
   constellations (a row of four "<5" in one table and a single "<5" in another makes all
   four 1). Each sensitive row is checked exactly for that, and if anything is pinned, its
   cells are shown only as "skjult" (no bound given).
4. A column total or the grand total is shown only when every cell it adds up is shown.

So every number shown is either a cell of 5 or more, or a sum of shown cells; hidden cells
are tied together only within their own row, and rule 3 makes sure no row's equations
determine a hidden cell. Some harmless numbers are hidden too: that is the price of a rule
that needs no trust in the reader.

The admin's view (`suppress=False`) shows the exact numbers.
"""

from __future__ import annotations

import enum
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count
from django.db.models.functions import ExtractQuarter, ExtractYear
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from apprenticeship.models import Education, Region
from rejections.models import Rejection, RejectionReason

MIN_SHOWN = 5
UNKNOWN_REGION = ""


class Shown(enum.Enum):
    EXACT = "exact"
    SMALL = "small"  # 1–4, shown as "<5"
    LARGE = "large"  # 5 or more, hidden to protect a small number elsewhere: "≥5"
    HIDDEN = "hidden"  # hidden without a bound ("skjult"), or a hidden total ("–")


@dataclass(frozen=True)
class Cell:
    value: int
    shown: Shown = Shown.EXACT

    @property
    def hidden(self) -> bool:
        return self.shown is not Shown.EXACT

    @property
    def text(self) -> str:
        if self.shown is Shown.EXACT:
            return number_format(self.value, force_grouping=True)
        if self.shown is Shown.SMALL:
            return f"<{MIN_SHOWN}"
        if self.shown is Shown.LARGE:
            return f"≥{MIN_SHOWN}"
        return _("skjult")


@dataclass(frozen=True)
class Row:
    label: str
    cells: list[Cell]
    total: Cell


@dataclass
class CrossTable:
    """Reasons (rows) by one dimension (columns), with totals."""

    key: str
    title: str
    dimension: str
    columns: list[str]
    rows: list[Row] = field(default_factory=list)
    column_totals: list[Cell] = field(default_factory=list)
    grand_total: Cell = Cell(0)

    @property
    def has_hidden(self) -> bool:
        cells = [c for row in self.rows for c in [*row.cells, row.total]]
        return any(c.hidden for c in [*cells, *self.column_totals, self.grand_total])

    @property
    def max_shown(self) -> int:
        return max((c.value for row in self.rows for c in row.cells if not c.hidden), default=0)


@dataclass(frozen=True)
class RawTable:
    """Exact counts: grid[row][column], rows being the shared reasons."""

    key: str
    title: str
    dimension: str
    columns: list[str]
    grid: list[list[int]]


def protect(raws: list[RawTable], row_labels: list[str], *, suppress: bool) -> list[CrossTable]:
    """The tables as shown: the module docstring's rules applied to all of them together."""
    states = [[[Shown.EXACT for _v in row] for row in raw.grid] for raw in raws]
    sensitive = [False] * len(row_labels)
    if suppress:
        sensitive = [
            any(0 < v < MIN_SHOWN for raw in raws for v in raw.grid[i])
            for i in range(len(row_labels))
        ]
        for i in (i for i, flag in enumerate(sensitive) if flag):
            _hide_row(raws, states, i)
    return [
        _shown_table(raw, state, row_labels, sensitive)
        for raw, state in zip(raws, states, strict=True)
    ]


def _hide_row(raws: list[RawTable], states: list, i: int) -> None:
    for raw, state in zip(raws, states, strict=True):
        for j, value in enumerate(raw.grid[i]):
            if value:
                state[i][j] = Shown.SMALL if value < MIN_SHOWN else Shown.LARGE
    if _row_pins_a_cell(
        [
            [_bounds(state[i][j]) for j, v in enumerate(raw.grid[i]) if v]
            for raw, state in zip(raws, states, strict=True)
        ]
    ):
        for raw, state in zip(raws, states, strict=True):
            for j, value in enumerate(raw.grid[i]):
                if value:
                    state[i][j] = Shown.HIDDEN


def _bounds(shown: Shown) -> tuple[float, float]:
    """What a reader knows about a hidden non-zero cell from how it is shown."""
    if shown is Shown.SMALL:
        return (1, MIN_SHOWN - 1)
    if shown is Shown.LARGE:
        return (MIN_SHOWN, math.inf)
    return (1, math.inf)


def _row_pins_a_cell(tables: list[list[tuple[float, float]]]) -> bool:
    """Whether "each table's hidden cells in this row add up to the same unknown total",
    with each cell within its bounds, leaves some cell only one possible value. Exact for
    this shape (one sum per table, box bounds): the total lies in [low, high], the
    intersection of what each table allows, and a cell in [max(lo, low - others' highs),
    min(hi, high - others' lows)]."""
    low = max(sum(lo for lo, _hi in cells) for cells in tables)
    high = min(sum(hi for _lo, hi in cells) for cells in tables)
    for cells in tables:
        total_lo = sum(lo for lo, _hi in cells)
        total_hi = sum(hi for _lo, hi in cells)
        for lo, hi in cells:
            least = max(lo, low - (total_hi - hi))
            most = min(hi, high - (total_lo - lo))
            if least == most:
                return True
    return False


def _shown_table(
    raw: RawTable, state: list[list[Shown]], row_labels: list[str], sensitive: list[bool]
) -> CrossTable:
    def total(cells: list[Cell], *, hide: bool = False) -> Cell:
        value = sum(c.value for c in cells)
        hidden = hide or any(c.hidden for c in cells)
        return Cell(value, Shown.HIDDEN if hidden else Shown.EXACT)

    grid = [
        [Cell(v, s) for v, s in zip(values, shown, strict=True)]
        for values, shown in zip(raw.grid, state, strict=True)
    ]
    table = CrossTable(key=raw.key, title=raw.title, dimension=raw.dimension, columns=raw.columns)
    table.rows = [
        Row(label=label, cells=cells, total=total(cells, hide=flag))
        for label, cells, flag in zip(row_labels, grid, sensitive, strict=True)
    ]
    table.column_totals = [total([row[j] for row in grid]) for j in range(len(raw.columns))]
    table.grand_total = total([c for row in table.rows for c in [row.total]])
    return table


@dataclass
class Statistics:
    year: int
    years: list[int]
    tables: list[CrossTable]

    @property
    def total(self) -> Cell:
        """Rejections in the year (the grand total, hidden if any table hides a number)."""
        return self.tables[0].grand_total


def available_years() -> list[int]:
    years = set(
        Rejection.objects.not_cancelled()
        .annotate(year=ExtractYear("rejected_on"))
        .order_by()
        .values_list("year", flat=True)
        .distinct()
    )
    years.add(timezone.localdate().year)
    return sorted(years, reverse=True)


def default_year(years: list[int]) -> int:
    """The current year; early in a year with nothing registered yet, the latest with data."""
    this_year = timezone.localdate().year
    if Rejection.objects.not_cancelled().filter(rejected_on__year=this_year).exists():
        return this_year
    return next((y for y in years if y < this_year), this_year)


def rejection_statistics(*, year: int, years: list[int], suppress: bool = True) -> Statistics:
    base = Rejection.objects.not_cancelled().filter(rejected_on__year=year).order_by()
    reasons = _reason_rows(base)
    raws = [
        _by_education(base, reasons),
        _by_region(base, reasons),
        _by_quarter(base, reasons, year),
    ]
    tables = protect(raws, [label for _pk, label in reasons], suppress=suppress)
    return Statistics(year=year, years=years, tables=tables)


def _reason_rows(base) -> list[tuple[int, str]]:
    """Every active reason, plus retired ones that occur in the period."""
    used = set(base.values_list("primary_reason_id", flat=True).distinct())
    reasons = RejectionReason.objects.filter(is_active=True) | RejectionReason.objects.filter(
        pk__in=used
    )
    return [(r.pk, r.text) for r in reasons.distinct().order_by("position", "code")]


def _raw(
    *,
    key: str,
    title: str,
    dimension: str,
    reasons: list[tuple[int, str]],
    columns: list[tuple[object, str]],
    rows: Iterable[dict],
    column: str,
) -> RawTable:
    counts: dict[tuple[object, object], int] = defaultdict(int)
    for row in rows:
        counts[(row["primary_reason_id"], row[column])] += row["n"]
    grid = [[counts.get((r, c), 0) for c, _label in columns] for r, _label in reasons]
    return RawTable(
        key=key, title=title, dimension=dimension, columns=[c[1] for c in columns], grid=grid
    )


def _by_education(base, reasons) -> RawTable:
    rows = list(base.values("primary_reason_id", "education_id").annotate(n=Count("id")))
    used = {row["education_id"] for row in rows}
    educations = Education.objects.filter(is_sosu=True) | Education.objects.filter(pk__in=used)
    return _raw(
        key="uddannelse",
        title=_("Afslag fordelt på begrundelse og uddannelse"),
        dimension=_("Uddannelse"),
        reasons=reasons,
        columns=[(e.pk, e.name) for e in educations.distinct().order_by("name")],
        rows=rows,
        column="education_id",
    )


def _by_region(base, reasons) -> RawTable:
    rows = list(base.values("primary_reason_id", "region").annotate(n=Count("id")))
    columns: list[tuple[object, str]] = [(r.value, str(r.label)) for r in Region]
    if any(row["region"] == UNKNOWN_REGION for row in rows):
        columns.append((UNKNOWN_REGION, _("Ukendt region")))
    return _raw(
        key="region",
        title=_("Afslag fordelt på begrundelse og region"),
        dimension=_("Region"),
        reasons=reasons,
        columns=columns,
        rows=rows,
        column="region",
    )


def _by_quarter(base, reasons, year: int) -> RawTable:
    rows = list(
        base.annotate(quarter=ExtractQuarter("rejected_on"))
        .values("primary_reason_id", "quarter")
        .annotate(n=Count("id"))
    )
    return _raw(
        key="kvartal",
        title=_("Afslag fordelt på begrundelse og kvartal"),
        dimension=_("Kvartal"),
        reasons=reasons,
        columns=[
            (q, _("%(quarter)d. kvt. %(year)d") % {"quarter": q, "year": year}) for q in range(1, 5)
        ],
        rows=rows,
        column="quarter",
    )
