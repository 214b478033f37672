"""The traffic light: a coloured dot *and* the level's name (never colour alone)."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString

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
