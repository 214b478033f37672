"""Reads of the training declarations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

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


@dataclass(frozen=True)
class BackofficeRow:
    """One row of the back office's overview, as shown."""

    pk: int
    apprentice_id: int
    apprentice_name: str
    education_label: str
    school_name: str
    team: str
    main_course: int
    period_end: dt.date
    place: str  # the training company's name, or its CVR number if the name is unknown
    shown_status: str
    shown_status_label: str


# The columns BackofficeRow is built from: read as values, not as six model objects per
# row (declaration, apprentice, school, catalogue, education, specialty), which with the
# full columns of each were nearly a third of the back office's CPU (bench/RESULTS.md).
BACKOFFICE_COLUMNS = (
    "pk",
    "apprentice_id",
    "apprentice__first_name",
    "apprentice__last_name",
    "catalogue__education__name",
    "catalogue__specialty__name",
    "school__name",
    "team",
    "main_course",
    "period_end",
    "company_name",
    "cvr",
    "status",
    "link_expires_at",
)


def backoffice_rows(records: Iterable[dict], now: dt.datetime) -> list[BackofficeRow]:
    """BACKOFFICE_COLUMNS records → rows, with the labels the model would give
    (Apprentice.full_name, str(GoalCatalogue), Declaration.shown_status)."""
    rows = []
    for r in records:
        education = r["catalogue__education__name"]
        if r["catalogue__specialty__name"] is not None:
            education = f"{education} – {r['catalogue__specialty__name']}"
        shown = Declaration.status_as_shown(r["status"], r["link_expires_at"], now)
        rows.append(
            BackofficeRow(
                pk=r["pk"],
                apprentice_id=r["apprentice_id"],
                apprentice_name=f"{r['apprentice__first_name']} {r['apprentice__last_name']}",
                education_label=education,
                school_name=r["school__name"],
                team=r["team"],
                main_course=r["main_course"],
                period_end=r["period_end"],
                place=r["company_name"] or r["cvr"],
                shown_status=shown,
                shown_status_label=Declaration.status_label(shown),
            )
        )
    return rows


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
