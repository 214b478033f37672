"""Reads in rejections: the company's earlier rejections (never with applicant data)."""

from __future__ import annotations

from companies.models import Company, Workplace
from rejections.models import Rejection


def company_rejections(company: Company | int):
    """The company's rejections, newest first, with everything the list and the spreadsheet
    show in one query (served by rejection_company_idx). Applicant fields are not loaded."""
    company_id = company if isinstance(company, int) else company.pk
    return (
        Rejection.objects.without_applicant_data()
        .filter(company_id=company_id)
        .select_related(
            "education",
            "workplace",
            "primary_reason",
            "secondary_reason",
            "registered_by",
            "cancellation",
        )
        .order_by("-rejected_on", "-id")
    )


def active_workplaces(company: Company | int):
    """The workplaces a rejection can be registered for: the company's active ones."""
    company_id = company if isinstance(company, int) else company.pk
    return Workplace.objects.filter(company_id=company_id, status=Workplace.Status.ACTIVE).order_by(
        "name", "p_number"
    )
