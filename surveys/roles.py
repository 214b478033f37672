from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts.roles import Role, RoleKind
from surveys.models import SurveyAdministrator


def survey_roles(user: object) -> list[Role]:
    return [
        Role(
            kind=RoleKind.SURVEY_ADMIN,
            title=_("Lærlingundersøkelsen administrasjon"),
            organisation_type=m.organisation.kind,
            organisation_id=m.organisation_id,
            organisation_name=m.organisation.name,
        )
        for m in SurveyAdministrator.objects.filter(user=user).select_related("organisation")
    ]
