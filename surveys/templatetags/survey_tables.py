"""The dashboard's table of training companies, built with format_html: a county has
hundreds of companies, and a template loop over them was half of the dashboard's CPU at
national scale (bench/profile_page.py; the same reasoning as dropout_risk's rows)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.conf import settings
from django.utils.formats import localize
from django.utils.safestring import SafeString

from accounts.rows import html_row, join_rows

register = template.Library()


@register.simple_tag
def stats_rows(stats: Iterable[object]) -> SafeString:
    """One row per company: invited, answered, response rate, reminders sent. Numbers as
    the template would write them: grouped only if USE_THOUSAND_SEPARATOR, the rate rounded
    half up like `floatformat:0`; looked up once, not per cell."""
    number = localize if settings.USE_THOUSAND_SEPARATOR else str
    rows = []
    for s in stats:
        rate = "–" if s.rate is None else f"{_whole_percent(s.rate)} %"
        rows.append(
            html_row(
                '<tr><th scope="row">{}</th><td class="align-text-right">{}</td>'
                '<td class="align-text-right">{}</td><td class="align-text-right">{}</td>'
                '<td class="align-text-right">{}</td></tr>',
                s.company,
                number(s.invited),
                number(s.answered),
                rate,
                number(s.reminders),
            )
        )
    return join_rows(rows)


def _whole_percent(rate: float) -> str:
    return str(Decimal(repr(rate)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
