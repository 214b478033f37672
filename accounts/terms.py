"""Selectors and services for the versioned terms a user must accept."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from accounts.models import TermsAcceptance, TermsVersion, User


def current_terms(kind: str = TermsVersion.Kind.PORTAL_TERMS) -> TermsVersion | None:
    return (
        TermsVersion.objects.filter(kind=kind, published_at__lte=timezone.now())
        .order_by("-published_at", "-version")
        .first()
    )


def pending_terms(user: User) -> TermsVersion | None:
    """The current terms if `user` has not accepted them yet, else None (one query)."""
    terms = (
        TermsVersion.objects.filter(
            kind=TermsVersion.Kind.PORTAL_TERMS, published_at__lte=timezone.now()
        )
        .order_by("-published_at", "-version")
        .only("id", "version", "title", "body")
        .first()
    )
    if terms is None or terms.acceptances.filter(user=user).exists():
        return None
    return terms


@transaction.atomic
def terms_accept(*, acting_user: User, terms: TermsVersion) -> TermsAcceptance:
    acceptance, _created = TermsAcceptance.objects.get_or_create(
        user=acting_user, terms=terms, defaults={"accepted_at": timezone.now()}
    )
    return acceptance
