"""Permission-checked fetches: the single-object half of the visibility policy."""

from __future__ import annotations

from django.http import Http404

from apprenticeship.models import Apprentice
from companies.models import CompanyStaff


def get_visible_apprentice(user: object, apprentice_id: int) -> Apprentice:
    """The apprentice if `user` may see them; 404 otherwise (nothing leaks about existence)."""
    apprentice = Apprentice.objects.visible_to(user).filter(pk=apprentice_id).first()
    if apprentice is None:
        raise Http404
    return apprentice


def get_staff_membership(user: object, company_id: int | None = None) -> CompanyStaff:
    """The user's company membership (the given company's, if they have several); 404 if
    they are not company staff there."""
    memberships = CompanyStaff.objects.filter(user=user).select_related("company")
    if company_id is not None:
        memberships = memberships.filter(company_id=company_id)
    membership = memberships.order_by("company__name").first()
    if membership is None:
        raise Http404
    membership.user = user  # the same row: spares a query wherever staff.user is read
    return membership
