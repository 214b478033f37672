"""The school's "Elevoversigt" table (django-tables2).

The view decorates each record of the page with `current_agreement` (the student's current
agreement at the viewer's school, fetched in one query per page) and `latest` (the prefetched
LatestAssessment or None), so rendering a row runs no query.
"""

from __future__ import annotations

import django_tables2 as tables
from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from dropout_risk.templatetags.dropout_risk import assessed_date, traffic_light


class StudentTable(tables.Table):
    name = tables.Column(
        verbose_name=_("Navn"), empty_values=(), order_by=("last_name", "first_name", "pk")
    )
    education = tables.Column(verbose_name=_("Uddannelse"), empty_values=(), orderable=False)
    team = tables.Column(verbose_name=_("Hold"), empty_values=(), orderable=False)
    company = tables.Column(verbose_name=_("Virksomhed"), empty_values=(), orderable=False)
    risk = tables.Column(verbose_name=_("Frafaldsrisiko"), empty_values=())
    registered = tables.Column(verbose_name=_("Senest registreret"), empty_values=())

    caption = _("Skolens elever med frafaldsrisiko")

    class Meta:
        template_name = "dropout_risk/table.html"
        attrs = {"class": "table table--zebra", "data-testid": "student-table"}
        row_attrs = {"data-testid": "student-row"}
        empty_text = _("Ingen elever matcher filtrene.")

    def render_name(self, record) -> SafeString:
        url = reverse("dropout_risk:student_profile", args=[record.pk])
        return format_html('<a href="{}">{}</a>', url, record.full_name)

    def render_education(self, record) -> str:
        agreement = record.current_agreement
        return agreement.education.name if agreement else "–"

    def render_team(self, record) -> str:
        agreement = record.current_agreement
        return (agreement.team or "–") if agreement else "–"

    def render_company(self, record) -> str:
        agreement = record.current_agreement
        return agreement.company.name if agreement else "–"

    def render_risk(self, record) -> SafeString | str:
        agreement = record.current_agreement
        if agreement is not None and not agreement.education.is_sosu:
            return "–"  # only SOSU students are assessed
        return traffic_light(record.latest.level if record.latest else None)

    def render_registered(self, record) -> str:
        return assessed_date(record.latest.assessed_at) if record.latest else "–"

    def order_risk(self, queryset: QuerySet, is_descending: bool) -> tuple[QuerySet, bool]:
        rank = F("risk_rank").desc() if is_descending else F("risk_rank").asc()
        return queryset.order_by(rank, "last_name", "first_name", "pk"), True

    def order_registered(self, queryset: QuerySet, is_descending: bool) -> tuple[QuerySet, bool]:
        when = F("latest_dropout_assessment__assessed_at")
        when = when.desc(nulls_last=True) if is_descending else when.asc(nulls_first=True)
        return queryset.order_by(when, "last_name", "first_name", "pk"), True
