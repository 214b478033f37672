"""Reads in apprenticeship that views share."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

from apprenticeship.models import Apprentice, EducationAgreement, StaffSelection
from companies.models import CompanyStaff


def current_agreements_at_company(
    apprentice_ids: Iterable[int], company_id: int
) -> dict[int, EducationAgreement]:
    """apprentice id → their current agreement at the company (one query for a page)."""
    agreements = (
        EducationAgreement.objects.current()
        .filter(apprentice_id__in=list(apprentice_ids), company_id=company_id)
        .select_related("education", "specialty", "workplace", "school")
        .order_by("apprentice_id", "-start_date")
    )
    by_apprentice: dict[int, EducationAgreement] = {}
    for agreement in agreements:
        by_apprentice.setdefault(agreement.apprentice_id, agreement)
    return by_apprentice


def selected_ids(staff: CompanyStaff, apprentice_ids: Iterable[int]) -> set[int]:
    return set(
        StaffSelection.objects.filter(
            staff=staff, apprentice_id__in=list(apprentice_ids)
        ).values_list("apprentice_id", flat=True)
    )


def agreements_visible_in_role(apprentice: Apprentice, user) -> list[EducationAgreement]:
    """The apprentice's agreements the viewer may see: their own company's or school's for
    staff; all of them for the apprentice themself and for portal admins."""
    agreements = apprentice.agreements.select_related(
        "company", "workplace", "education", "specialty", "school"
    )
    if getattr(user, "is_portal_admin", False) or apprentice.user_id == user.pk:
        return list(agreements)
    company_ids = CompanyStaff.objects.filter(user=user).values("company_id")
    school_ids = user.school_memberships.values("school_id")
    return list(agreements.filter(Q(company_id__in=company_ids) | Q(school_id__in=school_ids)))
