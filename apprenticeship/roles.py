from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts.roles import FrontLink, Role, RoleKind
from apprenticeship.models import Apprentice, SchoolStaff
from companies.roles import ANY_COMPANY_ROLE


def school_and_apprentice_roles(user: object) -> list[Role]:
    roles = [
        Role(
            kind=RoleKind.SCHOOL_STAFF,
            title=_("Skolemedarbejder"),
            organisation_type="school",
            organisation_id=m.school_id,
            organisation_name=m.school.name,
        )
        for m in SchoolStaff.objects.filter(user=user).select_related("school")
    ]
    apprentice = Apprentice.objects.filter(user=user).only("id").first()
    if apprentice is not None:
        roles.append(
            Role(
                kind=RoleKind.APPRENTICE,
                title=_("Elev"),
                organisation_type="apprentice",
                organisation_id=apprentice.id,
            )
        )
    return roles


FRONT_LINKS = (
    FrontLink(
        label=_("Min side"),
        url_name="apprenticeship:my_page",
        description=_("Dit uddannelsesforløb og hvem der har set dine oplysninger."),
        role_kinds=frozenset({RoleKind.APPRENTICE}),
        order=10,
        in_menu=True,
    ),
    FrontLink(
        label=_("Mine lærlinge"),
        url_name="apprenticeship:my_apprentices",
        description=_("Vælg de lærlinge, du arbejder med. Du ser kun oplysninger om dem."),
        role_kinds=ANY_COMPANY_ROLE,
        order=20,
        in_menu=True,
    ),
)


# Access-log purposes of this app's views, as the apprentice reads them.
PURPOSES = (
    ("apprenticeship.selection", _("Udvælgelse af lærlinge (Mine lærlinge)")),
    ("apprenticeship.detail", _("Lærlingens profil")),
    ("apprenticeship.my_page", _("Min side")),
    ("apprenticeship.my_accesses", _("Hvem har set mine oplysninger")),
)
