"""The dashboard's table of training companies, built with format_html: a county has
hundreds of companies, and a template loop over them was half of the dashboard's CPU at
national scale (bench/profile_page.py; the same reasoning as dropout_risk's rows)."""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.template.defaultfilters import floatformat
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def stats_rows(stats: Iterable[object]) -> SafeString:
    """One row per company: invited, answered, response rate, reminders sent."""
    rows = []
    for s in stats:
        rate = "–" if s.rate is None else f"{floatformat(s.rate, 0)} %"
        rows.append(
            format_html(
                '<tr><th scope="row">{}</th><td class="align-text-right">{}</td>'
                '<td class="align-text-right">{}</td><td class="align-text-right">{}</td>'
                '<td class="align-text-right">{}</td></tr>',
                s.company,
                localize(s.invited),
                localize(s.answered),
                rate,
                localize(s.reminders),
            )
        )
    return mark_safe("\n".join(rows))  # each row is built by format_html
