"""The organisations whose users a local administrator (LRA) manages.

Companies, schools and Norwegian survey organisations live in different apps above
`accounts`. Each app registers an `OrganisationDirectory` for its kind of organisation in
its AppConfig.ready(); user administration (accounts.views_users) works only through them.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.functional import Promise

from accounts.models import User


@dataclass(frozen=True)
class Organisation:
    type: str
    id: int
    name: str


class OrganisationDirectory(ABC):
    org_type: str
    label: str | Promise

    @abstractmethod
    def administered_by(self, user: User) -> list[Organisation]:
        """Organisations of this kind where `user` is a local administrator."""

    @abstractmethod
    def get(self, org_id: int) -> Organisation | None: ...

    @abstractmethod
    def all(self) -> list[Organisation]: ...

    @abstractmethod
    def members(self, org_id: int) -> QuerySet[User]:
        """The organisation's users, including suspended and revoked ones."""

    @abstractmethod
    def role_choices(self) -> list[tuple[str, str | Promise]]: ...

    @abstractmethod
    def roles_of(self, org_id: int, users: list[User]) -> dict[int, str]:
        """user id → role label within the organisation (one query for a page)."""

    @abstractmethod
    def add_member(self, org_id: int, user: User, role: str) -> None: ...


_directories: dict[str, OrganisationDirectory] = {}


def register_directory(directory: OrganisationDirectory) -> None:
    _directories[directory.org_type] = directory


def directories() -> list[OrganisationDirectory]:
    return list(_directories.values())


def directory_for(org_type: str) -> OrganisationDirectory | None:
    return _directories.get(org_type)


def administered_organisations(user: User) -> list[Organisation]:
    """Every organisation whose users `user` may administer (all of them for portal admins)."""
    if not user.is_authenticated:
        return []
    if user.is_portal_admin:
        return [org for d in _directories.values() for org in d.all()]
    return [org for d in _directories.values() for org in d.administered_by(user)]


def is_local_admin(user: User) -> bool:
    return user.is_authenticated and any(d.administered_by(user) for d in _directories.values())


def administered_organisation_of(acting: User, target: User) -> Organisation | None:
    """An organisation that `acting` administers and `target` belongs to, else None."""
    for directory in _directories.values():
        orgs = directory.all() if acting.is_portal_admin else directory.administered_by(acting)
        for org in orgs:
            if directory.members(org.id).filter(pk=target.pk).exists():
                return org
    return None
