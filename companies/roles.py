from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts.roles import FrontLink, Role, RoleKind
from companies.models import CompanyStaff

_KIND_BY_ROLE = {
    CompanyStaff.Role.STAFF: RoleKind.COMPANY_STAFF,
    CompanyStaff.Role.MANAGER: RoleKind.COMPANY_MANAGER,
    CompanyStaff.Role.TRAINING_RESPONSIBLE: RoleKind.TRAINING_RESPONSIBLE,
}
ANY_COMPANY_ROLE = frozenset(_KIND_BY_ROLE.values())


def company_roles(user: object) -> list[Role]:
    memberships = CompanyStaff.objects.filter(user=user).select_related("company")
    return [
        Role(
            kind=_KIND_BY_ROLE[CompanyStaff.Role(m.role)],
            title=m.get_role_display(),
            organisation_type="company",
            organisation_id=m.company_id,
            organisation_name=m.company.name,
        )
        for m in memberships
    ]


FRONT_LINKS = (
    FrontLink(
        label=_("Virksomhedens side"),
        url_name="companies:company",
        description=_("Virksomhedens oplysninger og arbejdssteder."),
        role_kinds=ANY_COMPANY_ROLE,
        order=10,
    ),
)
