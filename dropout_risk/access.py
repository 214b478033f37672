"""Permission-checked fetches for dropout_risk's views.

Out of scope answers 404 (the same as "does not exist"); in scope but not allowed answers
403 (STYLE.md).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from accounts.params import parse_id
from accounts.roles import Role, RoleKind, request_roles
from apprenticeship.access import get_staff_membership
from apprenticeship.models import Apprentice
from companies.models import CompanyStaff
from dropout_risk import selectors

COMPANY_KINDS = frozenset({RoleKind.COMPANY_STAFF, RoleKind.COMPANY_MANAGER})


def company_id_param(request: HttpRequest) -> int | None:
    """?virksomhed=<company id> chooses among several memberships (as on Mine lærlinge)."""
    return parse_id(request.GET.get("virksomhed") or request.POST.get("virksomhed"))


def get_company_staff(request: HttpRequest) -> CompanyStaff:
    """The membership the company pages act for; 404 if the user is not company staff."""
    return get_staff_membership(request.user, company_id_param(request))


def get_assessable_apprentice(staff: CompanyStaff, apprentice_id: int) -> Apprentice:
    """An apprentice on the staff member's overview (selected, current SOSU agreement at the
    company); 404 otherwise, so a company learns nothing about apprentices it has not
    selected."""
    apprentice = selectors.company_overview(staff).filter(pk=apprentice_id).first()
    if apprentice is None:
        raise Http404
    return apprentice


def require_school_staff(request: HttpRequest) -> None:
    # Through the request's roles: computed once per request and reused by the menu.
    if not any(role.kind == RoleKind.SCHOOL_STAFF for role in request_roles(request)):
        raise PermissionDenied


def get_profile_student(request: HttpRequest, apprentice_id: int) -> Apprentice:
    """A student's profile: school staff see their school's students, portal admins
    everyone. Anyone else may see the apprentice elsewhere (their company, themself) but not
    this page (403); an apprentice outside the viewer's visibility is 404."""
    user = request.user
    if getattr(user, "is_portal_admin", False):
        scope = Apprentice.objects.visible_to(user)
    else:
        scope = Apprentice.objects.students_of_school_staff(user)
    apprentice = (
        scope.filter(pk=apprentice_id)
        .select_related(
            "latest_dropout_assessment__company", "latest_dropout_assessment__workplace"
        )
        .first()
    )
    if apprentice is not None:
        return apprentice
    if Apprentice.objects.visible_to(user).filter(pk=apprentice_id).exists():
        raise PermissionDenied
    raise Http404


def can_see_statistics(request: HttpRequest) -> bool:
    kinds = {role.kind for role in request_roles(request)}
    return bool(kinds & {RoleKind.SCHOOL_STAFF, RoleKind.PORTAL_ADMIN})


def role_for(
    request: HttpRequest,
    *,
    kinds: frozenset[str] | set[str] | None = None,
    organisation_type: str = "",
    org_id: int | None = None,
) -> Role | None:
    """The role the request acts in, for the access log (this company's, a school's…);
    None lets the access log fall back to the user's first role."""
    for role in request_roles(request):
        if kinds is not None and role.kind not in kinds:
            continue
        if organisation_type and role.organisation_type != organisation_type:
            continue
        if org_id is not None and role.organisation_id != org_id:
            continue
        return role
    return None
