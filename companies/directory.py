"""Companies as organisations for user administration (accounts.organisations)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.organisations import Organisation, OrganisationDirectory
from companies.models import Company, CompanyStaff


def _org(company: Company) -> Organisation:
    return Organisation(type="company", id=company.pk, name=company.name)


class CompanyDirectory(OrganisationDirectory):
    org_type = "company"
    label = _("Virksomhed")

    def administered_by(self, user: User) -> list[Organisation]:
        companies = Company.objects.filter(
            staff__user=user, staff__is_local_admin=True, staff__user__is_active=True
        )
        return [_org(c) for c in companies]

    def get(self, org_id: int) -> Organisation | None:
        company = Company.objects.filter(pk=org_id).first()
        return _org(company) if company else None

    def all(self) -> list[Organisation]:
        return [_org(c) for c in Company.objects.all()]

    def members(self, org_id: int) -> QuerySet[User]:
        return User.objects.filter(company_memberships__company_id=org_id)

    def role_choices(self) -> list[tuple[str, str]]:
        return list(CompanyStaff.Role.choices)

    def roles_of(self, org_id: int, users: list[User]) -> dict[int, str]:
        memberships = CompanyStaff.objects.filter(company_id=org_id, user__in=users)
        return {m.user_id: m.get_role_display() for m in memberships}

    def add_member(self, org_id: int, user: User, role: str) -> None:
        CompanyStaff.objects.create(company_id=org_id, user=user, role=role)
