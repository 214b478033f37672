"""Permission-checked fetches of companies and workplaces for the request's user."""

from __future__ import annotations

from django.http import Http404

from companies.models import Company, CompanyStaff


def companies_for_user(user: object):
    """The companies whose pages `user` may see: their own (all of them for portal admins)."""
    if getattr(user, "is_portal_admin", False):
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
