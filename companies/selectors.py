"""Reads of companies and workplaces, returning querysets (scoping happens in access.py)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from companies.models import Company, Workplace


def workplace_list(*, company: Company, search: str = "") -> QuerySet[Workplace]:
    """The company's workplaces, closed ones included (marked on the page), by name.

    select_related: the shown e-mail falls back to the company's, read on every row.
    """
    workplaces = Workplace.objects.filter(company=company).select_related("company")
    if search:
        workplaces = workplaces.filter(
            Q(name__icontains=search)
            | Q(p_number__startswith=search)
            | Q(address__icontains=search)
            | Q(city__icontains=search)
        )
    return workplaces.order_by("name", "p_number")
