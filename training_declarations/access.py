"""Permission-checked fetches. Out of scope answers 404, the same as "does not exist"."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.http import Http404
from django.utils import timezone

from apprenticeship.models import Apprentice
from training_declarations import tokens
from training_declarations.models import Declaration, DeclarationLink

_DECLARATION_RELATED = ("apprentice", "school", "catalogue__education", "catalogue__specialty")


def get_own_apprentice(user: object) -> Apprentice:
    """The apprentice record of the logged-in user; 404 for anyone else."""
    apprentice = Apprentice.objects.filter(user=user).first() if user else None
    if apprentice is None or not getattr(user, "is_authenticated", False):
        raise Http404
    return apprentice


def get_own_declaration(user: object, declaration_id: int) -> Declaration:
    apprentice = get_own_apprentice(user)
    declaration = (
        Declaration.objects.for_apprentice(apprentice)
        .select_related(*_DECLARATION_RELATED)
        .filter(pk=declaration_id)
        .first()
    )
    if declaration is None:
        raise Http404
    return declaration


def get_backoffice_declaration(email: str, declaration_id: int) -> Declaration:
    declaration = (
        Declaration.objects.for_backoffice(email)
        .select_related(*_DECLARATION_RELATED)
        .filter(pk=declaration_id)
        .first()
    )
    if declaration is None:
        raise Http404
    return declaration


@dataclass(frozen=True)
class LinkState:
    VALID = "valid"
    EXPIRED = "expired"
    REVOKED = "revoked"
    SUBMITTED = "submitted"

    link: DeclarationLink
    state: str

    @property
    def declaration(self) -> Declaration:
        return self.link.declaration

    @property
    def is_valid(self) -> bool:
        return self.state == self.VALID


def resolve_link(token: str, *, now: dt.datetime | None = None) -> LinkState | None:
    """The link behind `token` and whether it can be used; None if there is no such link.

    Reading a link never changes it: only the final submit uses it up.
    """
    if not tokens.looks_like_token(token):
        return None
    link = (
        DeclarationLink.objects.select_related(
            *(f"declaration__{name}" for name in _DECLARATION_RELATED)
        )
        .filter(token_hash=tokens.token_hash(token))
        .first()
    )
    if link is None:
        return None
    now = now or timezone.now()
    if link.declaration.is_submitted:
        state = LinkState.SUBMITTED
    elif link.revoked_at is not None:
        state = LinkState.REVOKED
    elif link.expires_at <= now:
        state = LinkState.EXPIRED
    else:
        state = LinkState.VALID
    return LinkState(link=link, state=state)
