"""Permission-checked fetches of companies and workplaces for the request's user.

Company staff reach their own company's pages only; portal admins reach every company. A
company or workplace outside the user's scope answers 404, exactly like one that does not
exist, so nothing leaks about other companies.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from companies.models import Company, CompanyStaff, Workplace


def _is_portal_admin(user: object) -> bool:
    return bool(getattr(user, "is_portal_admin", False))


def companies_for_user(user: object) -> QuerySet[Company]:
    """The companies whose pages `user` may see: their own (all of them for portal admins)."""
    if _is_portal_admin(user):
        return Company.objects.all()
    return Company.objects.filter(staff__user=user).distinct()


def get_company_for_user(user: object, company_id: int | None = None) -> Company:
    """The user's company (or the given one, if it is theirs); 404 when out of scope."""
    qs = companies_for_user(user)
    if company_id is not None:
        qs = qs.filter(pk=company_id)
    company = qs.order_by("name").first()
    if company is None:
        raise Http404
    return company


def membership(user: object, company: Company) -> CompanyStaff | None:
    return CompanyStaff.objects.filter(user=user, company=company).first()


def workplaces_for_user(user: object) -> QuerySet[Workplace]:
    if _is_portal_admin(user):
        return Workplace.objects.all()
    return Workplace.objects.filter(company__staff__user=user)


def get_workplace_for_user(user: object, workplace_id: int) -> Workplace:
    """One workplace of the user's companies; 404 for any other."""
    workplace = (
        workplaces_for_user(user)
        .select_related("company", "contact_updated_by")
        # A user is staff of a company at most once, so the join cannot duplicate rows.
        .filter(pk=workplace_id)
        .first()
    )
    if workplace is None:
        raise Http404
    return workplace


def can_edit_contact(user: object, workplace: Workplace) -> bool:
    """Every staff member of the workplace's company (any role) and portal admins.

    Today this is everybody who can see the workplace; it is a separate question so that a
    read-only role can be added without touching the views.
    """
    if _is_portal_admin(user):
        return True
    return CompanyStaff.objects.filter(user=user, company_id=workplace.company_id).exists()
