"""The school's "Elevoversigt" table (django-tables2).

django-tables2 does the columns, their headers, the sorting (order_by from the query string,
`order_*` below) and the pagination. The rows are built by the student_rows tag
(templatetags/dropout_risk.py) in the columns' order: tables2's own cell rendering inspects
each render method's signature for every cell and took 7× as long as a template loop, which
in turn took ten times as long as format_html (bench/profile_page.py).

The view decorates each record of the page with `current_agreement` (a summary of the
student's current agreement at the viewer's school, fetched in one query per page) and
`latest` (the prefetched LatestAssessment or None), so rendering a row runs no query.
"""

from __future__ import annotations

import django_tables2 as tables
from django.db.models import F, QuerySet
from django.utils.translation import gettext_lazy as _

from dropout_risk import selectors


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
        empty_text = _("Ingen elever matcher filtrene.")

    def order_risk(self, queryset: QuerySet, is_descending: bool) -> tuple[QuerySet, bool]:
        rank = F("risk_rank").desc() if is_descending else F("risk_rank").asc()
        queryset = queryset.annotate(risk_rank=selectors.risk_rank())
        return queryset.order_by(rank, "last_name", "first_name", "pk"), True

    def order_registered(self, queryset: QuerySet, is_descending: bool) -> tuple[QuerySet, bool]:
        when = F("latest_dropout_assessment__assessed_at")
        when = when.desc(nulls_last=True) if is_descending else when.asc(nulls_first=True)
        return queryset.order_by(when, "last_name", "first_name", "pk"), True
