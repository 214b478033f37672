"""Reads of the training declarations."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from apprenticeship.models import Apprentice, EducationAgreement
from training_declarations.models import Declaration, DeclarationProfile, GoalCatalogue


def declarations_of(apprentice: Apprentice) -> QuerySet[Declaration]:
    return Declaration.objects.for_apprentice(apprentice).select_related(
        "school", "catalogue__education", "catalogue__specialty"
    )


def backoffice_declarations(email: str) -> QuerySet[Declaration]:
    return (
        Declaration.objects.for_backoffice(email)
        .select_related("apprentice", "school", "catalogue__education", "catalogue__specialty")
        .order_by("-period_end", "apprentice__last_name", "apprentice__first_name", "pk")
    )


def catalogues_in_use() -> QuerySet[GoalCatalogue]:
    """Catalogues with at least one goal: the educations a request can be made for."""
    return (
        GoalCatalogue.objects.annotate(goal_count=Count("goals"))
        .filter(goal_count__gt=0)
        .select_related("education", "specialty")
        .order_by("education__name", "specialty__name")
    )


def current_agreement(apprentice: Apprentice) -> EducationAgreement | None:
    return (
        EducationAgreement.objects.current()
        .filter(apprentice=apprentice)
        .select_related("company", "school", "education", "specialty")
        .order_by("-start_date")
        .first()
    )


def catalogue_for(education_id: int | None, specialty_id: int | None) -> GoalCatalogue | None:
    """The specialty's catalogue, else the education's own (without specialty)."""
    if education_id is None:
        return None
    catalogues = catalogues_in_use().filter(education_id=education_id)
    if specialty_id is not None:
        exact = catalogues.filter(specialty_id=specialty_id).first()
        if exact is not None:
            return exact
    return catalogues.filter(specialty__isnull=True).first()


def profile_of(apprentice: Apprentice) -> DeclarationProfile | None:
    return DeclarationProfile.objects.filter(apprentice=apprentice).first()


def last_declaration(apprentice: Apprentice) -> Declaration | None:
    return (
        Declaration.objects.for_apprentice(apprentice)
        .prefetch_related("school_contacts")
        .order_by("-created_at", "-pk")
        .first()
    )
