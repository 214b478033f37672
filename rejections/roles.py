"""Front-page entry points of the rejections app (registered in RejectionsConfig.ready)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts.roles import FrontLink, RoleKind

# Anyone with a role in the portal may see the aggregated statistics.
_EVERY_ROLE = frozenset(
    value for name, value in vars(RoleKind).items() if name.isupper() and isinstance(value, str)
)

FRONT_LINKS = (
    FrontLink(
        label=_("Registrér afslag"),
        url_name="rejections:register",
        description=_(
            "Indberet begrundelsen for afslag til ansøgere til elevstillinger som social- og "
            "sundhedshjælper og social- og sundhedsassistent."
        ),
        role_kinds=frozenset({RoleKind.COMPANY_STAFF, RoleKind.COMPANY_MANAGER}),
        order=30,
        in_menu=True,
    ),
    FrontLink(
        label=_("Afslagsårsager"),
        url_name="rejections:statistics",
        description=_("Statistik over begrundelser for afslag på SOSU-elevstillinger."),
        role_kinds=_EVERY_ROLE,
        order=90,
    ),
)
