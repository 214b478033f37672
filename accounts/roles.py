"""Who a user is in the portal, and what their front page offers.

`accounts` sits at the bottom of the dependency graph, so it cannot ask the domain apps
about memberships directly. Instead each app registers, in its AppConfig.ready():

- a *role provider*: a function returning the roles a user holds in that app
  (company staff of company X, school staff of school Y, …), and
- *front-page links*: entry points shown to holders of given role kinds.

The header, the front page and the access log read roles only through `roles_for()`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class RoleKind:
    COMPANY_STAFF = "company_staff"
    COMPANY_MANAGER = "company_manager"
    TRAINING_RESPONSIBLE = "training_responsible"
    SCHOOL_STAFF = "school_staff"
    APPRENTICE = "apprentice"
    SURVEY_ADMIN = "survey_admin"
    PORTAL_ADMIN = "portal_admin"
    LOCAL_ADMIN = "local_admin"


@dataclass(frozen=True)
class Role:
    kind: str
    title: str | Promise
    organisation_type: str = ""
    organisation_id: int | None = None
    organisation_name: str = ""

    @property
    def label(self) -> str:
        if self.organisation_name:
            return f"{self.title}, {self.organisation_name}"
        return str(self.title)


@dataclass(frozen=True)
class FrontLink:
    label: str | Promise
    url_name: str
    description: str | Promise = ""
    role_kinds: frozenset[str] = field(default_factory=frozenset)
    order: int = 100
    in_menu: bool = False  # also shown in the header's menu bar


RoleProvider = Callable[[object], Iterable[Role]]
_providers: list[RoleProvider] = []
_links: list[FrontLink] = []


def register_role_provider(provider: RoleProvider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def register_front_links(*links: FrontLink) -> None:
    for link in links:
        if link not in _links:
            _links.append(link)


def roles_for(user: object) -> list[Role]:
    if not getattr(user, "is_authenticated", False):
        return []
    roles: list[Role] = []
    for provider in _providers:
        roles.extend(provider(user))
    # Administering users is never the role one reads apprentice data in: keep it last, so
    # the first role (the access log's default acting role) is the organisation role.
    return sorted(roles, key=lambda role: role.kind == RoleKind.LOCAL_ADMIN)


def front_links_for(roles: Iterable[Role]) -> list[FrontLink]:
    kinds = {role.kind for role in roles}
    chosen = [link for link in _links if link.role_kinds & kinds]
    return sorted(chosen, key=lambda link: (link.order, str(link.label)))


def portal_admin_roles(user: object) -> list[Role]:
    if getattr(user, "is_portal_admin", False):
        return [Role(kind=RoleKind.PORTAL_ADMIN, title=_("Portaladministrator"))]
    return []


def local_admin_roles(user: object) -> list[Role]:
    """One role per organisation whose users `user` administers (the guide's LRA)."""
    from accounts.organisations import directories  # models are loaded only after setup

    return [
        Role(
            kind=RoleKind.LOCAL_ADMIN,
            title=_("Lokal brugeradministrator"),
            organisation_type=org.type,
            organisation_id=org.id,
            organisation_name=org.name,
        )
        for directory in directories()
        for org in directory.administered_by(user)
    ]


FRONT_LINKS = (
    FrontLink(
        label=_("Brugere"),
        url_name="accounts:users",
        description=_("Opret, suspendér og tilbagekald din organisations brugere."),
        role_kinds=frozenset({RoleKind.LOCAL_ADMIN, RoleKind.PORTAL_ADMIN}),
        order=90,
        in_menu=True,
    ),
)


ROLES_SESSION_KEY = "portal_roles"
# Role look-ups ask every app (about eight queries); a page reuses them from the session for
# this long. Authorisation never relies on this cache: every view checks its own scope.
ROLES_SESSION_SECONDS = 30


def request_roles(request: object) -> list[Role]:
    """The roles of the request's user: once per request, and reused from the session for
    ROLES_SESSION_SECONDS so ordinary page views don't repeat the look-ups."""
    cached = getattr(request, "_portal_roles", None)
    if cached is None:
        cached = _roles_from_session(request)
        request._portal_roles = cached  # type: ignore[attr-defined]
    return cached


def _roles_from_session(request: object) -> list[Role]:
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    if session is None or not getattr(user, "is_authenticated", False):
        return roles_for(user)
    now = time.time()
    stored = session.get(ROLES_SESSION_KEY)
    if stored and stored["user"] == user.pk and now - stored["at"] < ROLES_SESSION_SECONDS:
        return [Role(**fields) for fields in stored["roles"]]
    roles = roles_for(user)
    session[ROLES_SESSION_KEY] = {
        "user": user.pk,
        "at": now,
        "roles": [{**asdict(role), "title": str(role.title)} for role in roles],
    }
    return roles
