"""Human text for purpose codes and role kinds, so people never read "dropout_risk.overview".

Each app registers its purposes in its AppConfig.ready() (accesslog sits below the domain
apps and cannot import them):

    register_purpose("dropout_risk.overview", _("Frafaldsrisiko – oversigt"))
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.roles import RoleKind

_PURPOSES: dict[str, str | Promise] = {
    "accesslog.list": _("Adgangslog – oversigt"),
    "accesslog.export": _("Adgangslog – eksport"),
    "accesslog.admin": _("Adgangslog – administration"),
    "admin.read": _("Administration (opslag i administrationsmodulet)"),
}

_ROLE_KINDS: dict[str, str | Promise] = {
    RoleKind.COMPANY_STAFF: _("Medarbejder i virksomhed"),
    RoleKind.COMPANY_MANAGER: _("Leder i virksomhed"),
    RoleKind.TRAINING_RESPONSIBLE: _("Oplæringsansvarlig"),
    RoleKind.SCHOOL_STAFF: _("Skolemedarbejder"),
    RoleKind.APPRENTICE: _("Elev"),
    RoleKind.SURVEY_ADMIN: _("Administrator af undersøgelse"),
    RoleKind.PORTAL_ADMIN: _("Portaladministrator"),
    RoleKind.LOCAL_ADMIN: _("Lokal brugeradministrator"),
}


def register_purpose(code: str, label: str | Promise) -> None:
    """Give a purpose code its label. Re-registering the same code replaces the label."""
    if not code or len(code) > 100:
        raise ValueError(f"A purpose code must have 1–100 characters, not {code!r}.")
    _PURPOSES[code] = label


def describe_purpose(code: str) -> str:
    """The label in the active language; an unregistered code is shown as itself."""
    return str(_PURPOSES.get(code, code))


def describe_role_kind(kind: str) -> str:
    return str(_ROLE_KINDS.get(kind, kind or "–"))


def purpose_choices() -> list[tuple[str, str]]:
    return sorted(((code, describe_purpose(code)) for code in _PURPOSES), key=lambda c: c[1])


def role_kind_choices() -> list[tuple[str, str]]:
    return sorted(((kind, describe_role_kind(kind)) for kind in _ROLE_KINDS), key=lambda c: c[1])
