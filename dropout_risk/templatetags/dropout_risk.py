"""The traffic light (a coloured dot *and* the level's name, never colour alone) and the rows
of the two overviews and of a student's history.

The rows are built here with format_html rather than in a template loop: at 50 rows a page
the template loop was the largest part of the Elevoversigt's and Frafaldsrisiko's CPU
(about 0.3 ms a row for ten variable look-ups, a {% url %}, an include and a
{% blocktranslate %}; bench/profile_page.py), and format_html does the same escaping in a
tenth of the time. The markup is the overviews' (DKFDS table rows); the tests assert it.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable

from django import template
from django.utils import dateformat, timezone
from django.utils.formats import date_format, get_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.rows import html_row, join_rows, url_for_each
from dropout_risk.models import RiskLevel

register = template.Library()


@register.filter
def traffic_light(level: str | None) -> SafeString:
    """`{{ latest.level|traffic_light }}`; None or "none" is "Ikke angivet" (grey)."""
    level = level if level in RiskLevel.values else RiskLevel.NONE
    return format_html(
        '<span class="risk risk--{}"><span class="risk__dot" aria-hidden="true"></span>{}</span>',
        level,
        RiskLevel(level).label,
    )


@register.filter
def assessed_date(value: dt.datetime | None) -> str:
    """The local date of an assessment (dd.mm.yyyy in Danish)."""
    if not isinstance(value, dt.datetime):
        return "–"
    return date_format(timezone.localtime(value).date(), "SHORT_DATE_FORMAT")


class _Cells:
    """traffic_light and assessed_date for the many rows of one table: the four traffic
    lights and the date format are looked up once per table, not once per row (each
    translation or format look-up goes through the active language)."""

    def __init__(self) -> None:
        self._lights = {level: traffic_light(level) for level in RiskLevel.values}
        self._date_format = get_format("SHORT_DATE_FORMAT")
        self._language = get_language()
        self._zone = timezone.get_current_timezone()

    def light(self, level: str | None) -> SafeString:
        return self._lights[level if level in self._lights else RiskLevel.NONE]

    def date(self, value: dt.datetime | None) -> str:
        if not isinstance(value, dt.datetime):
            return "–"
        day = timezone.localtime(value, self._zone).date()
        return _formatted_date(day, self._date_format, self._language)


@functools.lru_cache(maxsize=4096)
def _formatted_date(day: dt.date, date_format: str, language: str | None) -> str:
    """A date as `date_format` writes it, kept per process: the same few hundred dates
    recur on every page of a school's lists, and formatting parses the format each time.
    The language is part of the key because a format may name the month."""
    return dateformat.format(day, date_format)


@register.simple_tag
def latest_assessment(latest: object | None) -> SafeString:
    """The latest assessment: traffic light, then date and the registering employee."""
    return _latest_html(latest, _Cells(), _("%(date)s, %(name)s"))


def _latest_html(latest: object | None, cells: _Cells, meta_format: str) -> SafeString:
    if latest is None:
        return cells.light(None)
    meta = meta_format % {"date": cells.date(latest.assessed_at), "name": latest.registered_by_name}
    return format_html('{}<span class="risk-meta">{}</span>', cells.light(latest.level), meta)


@register.simple_tag
def student_rows(students: Iterable[object]) -> SafeString:
    """The Elevoversigt's rows, in StudentTable's column order. Each student carries
    `current_agreement` and `latest` (dropout_risk.views._decorate)."""
    url = url_for_each("dropout_risk:student_profile")
    cells = _Cells()
    rows = []
    for student in students:
        agreement = student.current_agreement
        if agreement is not None and not agreement.is_sosu:
            risk = "–"  # only SOSU students are assessed
        else:
            risk = cells.light(student.latest.level if student.latest else None)
        rows.append(
            html_row(
                '<tr data-testid="student-row"><td><a href="{}">{}</a></td><td>{}</td>'
                "<td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                url(student.pk),
                student.full_name,
                (agreement.education_name if agreement else "") or "–",
                (agreement.team if agreement else "") or "–",
                (agreement.company_name if agreement else "") or "–",
                risk,
                cells.date(student.latest.assessed_at if student.latest else None),
            )
        )
    return join_rows(rows)


@register.simple_tag
def risk_rows(rows: Iterable[object], company_query: str = "") -> SafeString:
    """The rows of the company's "Frafaldsrisiko (SOSU)": name, education, workplace, the
    latest assessment and the "Rediger" button that opens the dialog."""
    url = url_for_each("dropout_risk:assessment_edit")
    query = f"?{company_query}" if company_query else ""
    edit, for_name, meta_format = (
        _("Rediger"),
        _("frafaldsrisiko for %(name)s"),
        _("%(date)s, %(name)s"),
    )
    cells = _Cells()
    html = []
    for row in rows:
        apprentice, agreement = row.apprentice, row.agreement
        name = apprentice.full_name
        html.append(
            html_row(
                '<tr id="risk-row-{}" data-testid="risk-row">'
                '<th scope="row" class="weight-normal">{}</th><td>{}</td><td>{}</td>'
                '<td data-testid="latest">{}</td>'
                '<td><a class="button button-secondary button-small" data-risk-edit '
                'href="{}{}">{}<span class="sr-only"> {}</span></a></td></tr>',
                apprentice.pk,
                name,
                (agreement.education_name if agreement else "") or "–",
                (agreement.workplace_name if agreement else "") or "–",
                _latest_html(row.latest, cells, meta_format),
                url(apprentice.pk),
                query,
                edit,
                for_name % {"name": name},
            )
        )
    return join_rows(html)


@register.simple_tag
def history_rows(history: Iterable[object]) -> SafeString:
    """A student's assessments, newest first: date, level, who registered it and where."""
    removed = format_html('<span class="risk-meta">{}</span>', _("Vurderingen blev fjernet"))
    cells = _Cells()
    rows = []
    for assessment in history:
        place = assessment.company_name
        if assessment.workplace_name:
            place = f"{place}, {assessment.workplace_name}"
        rows.append(
            html_row(
                "<tr><td>{}</td><td>{}{}</td><td>{}</td><td>{}</td></tr>",
                cells.date(assessment.registered_at),
                cells.light(assessment.level),
                removed if assessment.level == RiskLevel.NONE else "",
                assessment.registered_by_name,
                place,
            )
        )
    return join_rows(rows)
