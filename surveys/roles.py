from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts.roles import FrontLink, Role, RoleKind
from surveys.models import OrganisationMember, SurveyAdministrator

# Not in accounts.RoleKind: only this app grants it. An access manager (the county's Altinn
# access manager, the training office's general manager) grants the survey role.
SURVEY_ACCESS_MANAGER = "survey_access_manager"


def survey_roles(user: object) -> list[Role]:
    roles = [
        Role(
            kind=RoleKind.SURVEY_ADMIN,
            title=_("Lærlingundersøkelsen administrasjon"),
            organisation_type=m.organisation.kind,
            organisation_id=m.organisation_id,
            organisation_name=m.organisation.name,
        )
        for m in SurveyAdministrator.objects.filter(user=user).select_related("organisation")
    ]
    roles += [
        Role(
            kind=SURVEY_ACCESS_MANAGER,
            title=_("Tilgangsstyring for Lærlingundersøkelsen"),
            organisation_type=m.organisation.kind,
            organisation_id=m.organisation_id,
            organisation_name=m.organisation.name,
        )
        for m in OrganisationMember.objects.filter(
            user=user, is_access_manager=True
        ).select_related("organisation")
    ]
    return roles


FRONT_LINKS = (
    FrontLink(
        label=_("Lærlingundersøkelsen"),
        url_name="surveys:home",
        description=_(
            "Registerudtræk, datakvalitet, udsendelse og purring, svarprocent og resultater."
        ),
        role_kinds=frozenset({RoleKind.SURVEY_ADMIN}),
        order=60,
        in_menu=True,
    ),
    FrontLink(
        label=_("Tilgange til Lærlingundersøkelsen"),
        url_name="surveys:access_overview",
        description=_("Giv eller fjern rollen »Lærlingundersøkelsen administrasjon«."),
        role_kinds=frozenset({SURVEY_ACCESS_MANAGER}),
        order=61,
    ),
)
