from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DropoutRiskConfig(AppConfig):
    name = "dropout_risk"
    verbose_name = _("Frafaldsrisiko")

    def ready(self) -> None:
        from accounts.roles import FrontLink, RoleKind, register_front_links
        from dropout_risk.purposes import LABELS

        register_front_links(
            FrontLink(
                label=_("Frafaldsrisiko (SOSU)"),
                url_name="dropout_risk:company_overview",
                description=_("Registrér frafaldsrisikoen for dine SOSU-elever."),
                role_kinds=frozenset({RoleKind.COMPANY_STAFF, RoleKind.COMPANY_MANAGER}),
                order=30,
                in_menu=True,
            ),
            FrontLink(
                label=_("Elevoversigt"),
                url_name="dropout_risk:school_overview",
                description=_("Skolens elever med frafaldsrisiko, filtre og udtræk."),
                role_kinds=frozenset({RoleKind.SCHOOL_STAFF}),
                order=30,
                in_menu=True,
            ),
            FrontLink(
                label=_("Frafaldsrisikovurderinger"),
                url_name="dropout_risk:statistics",
                description=_("Statistik over frafaldsrisiko pr. uddannelse, skole og region."),
                role_kinds=frozenset({RoleKind.SCHOOL_STAFF, RoleKind.PORTAL_ADMIN}),
                order=60,
            ),
        )
        try:
            from accesslog.purposes import register_purpose
        except ImportError:  # an access log without purpose labels shows the codes
            return
        for code, label in LABELS.items():
            register_purpose(code, label)
