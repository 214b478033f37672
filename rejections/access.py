"""Permission-checked fetches for the rejections pages.

Registering, listing, exporting and cancelling rejections is for a company's staff and
managers (the roles the "Registrér afslag" front link is shown to). A user with no
membership of the company gets 404 (nothing leaks); a member in another role (training
responsible) gets 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from companies.models import CompanyStaff
from rejections.models import Rejection

REGISTERING_ROLES = (CompanyStaff.Role.STAFF, CompanyStaff.Role.MANAGER)


def registering_memberships(user: object):
    """The user's memberships that may register rejections, by company name."""
    return (
        CompanyStaff.objects.filter(user=user, role__in=REGISTERING_ROLES)
        .select_related("company")
        .order_by("company__name", "pk")
    )


def get_registering_staff(
    user: object, company_id: int | None = None, *, memberships: list[CompanyStaff] | None = None
) -> CompanyStaff:
    """The membership to act through (the given company's, with ?virksomhed=<id>, when the
    user has several). 404 when not staff there, 403 when staff in a role that may not.
    `memberships`: the user's registering memberships, if the caller has them already."""
    if memberships is None:
        memberships = list(registering_memberships(user))
    for membership in memberships:
        if company_id is None or membership.company_id == company_id:
            return membership
    others = CompanyStaff.objects.filter(user=user)
    if company_id is not None:
        others = others.filter(company_id=company_id)
    if others.exists():
        raise PermissionDenied
    raise Http404


def get_rejection_for_staff(staff: CompanyStaff, rejection_id: int) -> Rejection:
    """One of the staff member's company's rejections, without applicant data; 404 for any
    other company's."""
    rejection = (
        Rejection.objects.without_applicant_data()
        .select_related(
            "education", "workplace", "primary_reason", "secondary_reason", "cancellation"
        )
        .filter(company_id=staff.company_id, pk=rejection_id)
        .first()
    )
    if rejection is None:
        raise Http404
    return rejection
