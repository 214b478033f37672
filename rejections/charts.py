"""Server-side bar charts (inline SVG) of the statistics tables.

No JavaScript and no inline styles (the CSP forbids them): geometry is computed here,
colours come from classes in rejections.css. Each chart is a picture of the table beside it,
which holds the same numbers for screen readers and for copying; hidden numbers get no bar,
only their text ("<5", "≥5", "skjult"); zeros are left out of the picture.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from rejections.statistics import CrossTable

WIDTH = 480
PLOT_WIDTH = 400
LABEL_HEIGHT = 18
BAR_HEIGHT = 10
BAR_GAP = 3
GROUP_GAP = 12
LEGEND_ROW = 18
LEGEND_COLUMNS = 2
SERIES = 6  # colour classes rejections-series-0 … -5


@dataclass(frozen=True)
class Bar:
    series: int
    y: int
    width: int
    text: str
    text_x: int
    text_y: int


@dataclass(frozen=True)
class Group:
    label: str
    label_y: int
    bars: list[Bar]


@dataclass(frozen=True)
class LegendItem:
    series: int
    label: str
    x: int
    y: int


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    description: str
    width: int
    height: int
    legend: list[LegendItem]
    groups: list[Group]


def bar_chart(table: CrossTable) -> Chart:
    legend = [
        LegendItem(
            series=j % SERIES,
            label=label,
            x=(j % LEGEND_COLUMNS) * (WIDTH // LEGEND_COLUMNS),
            y=(j // LEGEND_COLUMNS) * LEGEND_ROW,
        )
        for j, label in enumerate(table.columns)
    ]
    y = ((len(table.columns) + LEGEND_COLUMNS - 1) // LEGEND_COLUMNS) * LEGEND_ROW + GROUP_GAP
    scale = PLOT_WIDTH / max(table.max_shown, 1)
    groups = []
    for row in table.rows:
        label_y = y + LABEL_HEIGHT - 5
        y += LABEL_HEIGHT
        bars = []
        for j, cell in enumerate(row.cells):
            if cell.value == 0:
                continue  # nothing to draw; the table shows the 0
            width = 0 if cell.hidden else round(cell.value * scale)
            bars.append(
                Bar(
                    series=j % SERIES,
                    y=y,
                    width=width,
                    text=cell.text,
                    text_x=width + 4,
                    text_y=y + BAR_HEIGHT - 1,
                )
            )
            y += BAR_HEIGHT + BAR_GAP
        groups.append(Group(label=row.label, label_y=label_y, bars=bars))
        y += GROUP_GAP
    return Chart(
        key=table.key,
        title=table.title,
        description=_(
            "Vandrette søjler: antal afslag for hver begrundelse, en søjle for hver %(dimension)s. "
            "Tallene står i tabellen ved siden af."
        )
        % {"dimension": table.dimension.lower()},
        width=WIDTH,
        height=y,
        legend=legend,
        groups=groups,
    )
