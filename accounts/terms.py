"""Selectors and services for the versioned documents a user must accept: the portal's
terms (everyone) and the user's obligations (those who act for an organisation)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from accounts.models import TermsAcceptance, TermsVersion, User
from accounts.roles import RoleKind, roles_for

# Roles that act on behalf of an organisation and so sign its obligations.
_ORGANISATION_ROLES = {
    RoleKind.COMPANY_STAFF,
    RoleKind.COMPANY_MANAGER,
    RoleKind.TRAINING_RESPONSIBLE,
    RoleKind.SCHOOL_STAFF,
    RoleKind.SURVEY_ADMIN,
    RoleKind.LOCAL_ADMIN,
}


def _published():
    return TermsVersion.objects.filter(published_at__lte=timezone.now()).order_by(
        "kind", "-published_at", "-version"
    )


def current_versions() -> dict[str, TermsVersion]:
    """The newest published version of each kind of document (one query)."""
    current: dict[str, TermsVersion] = {}
    for terms in _published():
        current.setdefault(terms.kind, terms)
    return current


def current_version_ids() -> list[int]:
    """The ids of current_versions(), sorted: what every request compares with the ids the
    session has accepted. Read as (kind, id) pairs: the documents' texts and model objects
    were most of the check's cost, on every page (bench/profile_page.py)."""
    current: dict[str, int] = {}
    for kind, pk in _published().values_list("kind", "pk"):
        current.setdefault(kind, pk)
    return sorted(current.values())


def required_kinds(user: User) -> set[str]:
    kinds = {TermsVersion.Kind.PORTAL_TERMS}
    if {role.kind for role in roles_for(user)} & _ORGANISATION_ROLES:
        kinds.add(TermsVersion.Kind.OBLIGATIONS)
    return kinds


def pending_terms(user: User) -> list[TermsVersion]:
    """The current documents `user` must still accept, portal terms first."""
    current = current_versions()
    wanted = [current[k] for k in TermsVersion.Kind.values if k in current]
    if not wanted:
        return []
    accepted = set(
        TermsAcceptance.objects.filter(user=user, terms__in=wanted).values_list(
            "terms_id", flat=True
        )
    )
    missing = [t for t in wanted if t.pk not in accepted]
    if not missing:
        return []
    kinds = required_kinds(user)
    return [t for t in missing if t.kind in kinds]


@transaction.atomic
def terms_accept(*, acting_user: User, terms: TermsVersion) -> TermsAcceptance:
    acceptance, _created = TermsAcceptance.objects.get_or_create(
        user=acting_user, terms=terms, defaults={"accepted_at": timezone.now()}
    )
    return acceptance
