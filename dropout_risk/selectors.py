"""Reads in dropout_risk. Every list starts from the visibility policy in apprenticeship."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Case, Exists, IntegerField, OuterRef, QuerySet, Value, When

from apprenticeship.models import Apprentice, EducationAgreement, StaffSelection
from companies.models import CompanyStaff
from dropout_risk.models import LEVEL_RANK, Assessment, LatestAssessment, RiskLevel


def current_sosu_agreements_at(company_id: int) -> QuerySet[EducationAgreement]:
    return EducationAgreement.objects.current().filter(
        apprentice=OuterRef("pk"), company_id=company_id, education__is_sosu=True
    )


# What the overviews' rows and the Elevoversigt's export show of a student.
_SHOWN_COLUMNS = (
    "first_name",
    "last_name",
    "latest_dropout_assessment__level",
    "latest_dropout_assessment__assessed_at",
    "latest_dropout_assessment__registered_by_name",
)


def company_overview(staff: CompanyStaff) -> QuerySet[Apprentice]:
    """ "Frafaldsrisiko (SOSU)": the staff member's own selection, restricted to apprentices
    with a current SOSU agreement at the staff member's company. Only the columns a row
    shows (as school_students)."""
    mine = StaffSelection.objects.filter(staff=staff, apprentice=OuterRef("pk"))
    return (
        Apprentice.objects.selected_by(staff.user)
        .filter(Exists(mine), Exists(current_sosu_agreements_at(staff.company_id)))
        .select_related("latest_dropout_assessment")
        .only(*_SHOWN_COLUMNS, "latest_dropout_assessment__company_id")
        .order_by("last_name", "first_name", "pk")
    )


def school_students(user: object) -> QuerySet[Apprentice]:
    """ "Elevoversigt": the school staff member's students, with the latest assessment
    joined. Only the columns the overview and its export show: the page query sorts and
    counts all of a school's students before its LIMIT, and carrying each one's address,
    phone and e-mail through that made it half again as slow (bench/RESULTS.md)."""
    return (
        Apprentice.objects.students_of_school_staff(user)
        .select_related("latest_dropout_assessment")
        .only(*_SHOWN_COLUMNS)
        .order_by("last_name", "first_name", "pk")
    )


def risk_rank() -> Case:
    """A severity rank to sort by (tables.StudentTable.order_risk); annotated only when
    the overview is sorted by risk, so the usual page does not build and run it."""
    return Case(
        *(
            When(latest_dropout_assessment__level=level, then=Value(rank))
            for level, rank in LEVEL_RANK.items()
            if level != RiskLevel.NONE
        ),
        default=Value(LEVEL_RANK[RiskLevel.NONE]),
        output_field=IntegerField(),
    )


@dataclass(frozen=True)
class AgreementSummary:
    """What the Elevoversigt and its export show of a student's current agreement."""

    education_name: str
    is_sosu: bool
    team: str
    company_name: str


def current_agreements_at_user_schools(
    apprentice_ids: Iterable[int], user: object
) -> dict[int, AgreementSummary]:
    """apprentice id → their current agreement at one of the user's schools (SOSU first);
    one query for a page of the overview. Only the four values shown are read, as tuples:
    building three model objects per row (agreement, education, company) was a fifth of the
    page's CPU at national scale (bench/profile_page.py)."""
    rows = (
        EducationAgreement.objects.current()
        .filter(apprentice_id__in=list(apprentice_ids), school__staff__user=user)
        .order_by("apprentice_id", "-education__is_sosu", "-start_date")
        .values_list(
            "apprentice_id", "education__name", "education__is_sosu", "team", "company__name"
        )
    )
    return _first_per_apprentice(rows, AgreementSummary)


@dataclass(frozen=True)
class SosuAgreementSummary:
    """What the company's overview shows of an apprentice's current SOSU agreement."""

    education_name: str
    workplace_name: str | None


def current_sosu_agreements(
    apprentice_ids: Iterable[int], company_id: int
) -> dict[int, SosuAgreementSummary]:
    """apprentice id → their newest current SOSU agreement at the company, as the two values
    the overview shows (read as tuples, like current_agreements_at_user_schools)."""
    rows = (
        EducationAgreement.objects.current()
        .filter(
            apprentice_id__in=list(apprentice_ids),
            company_id=company_id,
            education__is_sosu=True,
        )
        .order_by("apprentice_id", "-start_date")
        .values_list("apprentice_id", "education__name", "workplace__name")
    )
    return _first_per_apprentice(rows, SosuAgreementSummary)


def _first_per_apprentice(rows: Iterable[tuple], summary: type) -> dict:
    """(apprentice id, *values) rows, ordered best first → apprentice id → summary(*values)
    of their first row."""
    by_apprentice: dict = {}
    for apprentice_id, *shown in rows:
        if apprentice_id not in by_apprentice:
            by_apprentice[apprentice_id] = summary(*shown)
    return by_apprentice


def latest_of(apprentice: Apprentice) -> LatestAssessment | None:
    """The prefetched latest assessment, or None ("Ikke angivet")."""
    try:
        return apprentice.latest_dropout_assessment
    except LatestAssessment.DoesNotExist:
        return None


@dataclass(frozen=True)
class CompanyRow:
    apprentice: Apprentice
    agreement: SosuAgreementSummary | None
    latest: LatestAssessment | None


def company_rows(apprentices: Sequence[Apprentice], staff: CompanyStaff) -> list[CompanyRow]:
    """The overview rows. A latest assessment registered by another company (an earlier
    employer) is not shown: only the registering company, the school and the apprentice
    have access to it."""
    agreements = current_sosu_agreements([a.pk for a in apprentices], staff.company_id)
    rows = []
    for apprentice in apprentices:
        latest = latest_of(apprentice)
        if latest is not None and latest.company_id != staff.company_id:
            latest = None
        rows.append(CompanyRow(apprentice, agreements.get(apprentice.pk), latest))
    return rows


def company_row(apprentice_id: int, staff: CompanyStaff) -> CompanyRow | None:
    apprentice = company_overview(staff).filter(pk=apprentice_id).first()
    if apprentice is None:
        return None
    return company_rows([apprentice], staff)[0]


@dataclass(frozen=True)
class HistoryEntry:
    """One registration as the history table shows it."""

    registered_at: dt.datetime
    level: str
    registered_by_name: str
    company_name: str
    workplace_name: str | None


def history(apprentice: Apprentice) -> list[HistoryEntry]:
    """Every registration, newest first: when, which level, who, and the company and
    workplace. Read as tuples: a student with years of registrations has a hundred rows,
    and building four model objects for each was most of the profile's CPU."""
    rows = (
        Assessment.objects.filter(apprentice=apprentice)
        .order_by("-registered_at", "-id")
        .values_list(
            "registered_at", "level", "registered_by_name", "company__name", "workplace__name"
        )
    )
    return [HistoryEntry(*row) for row in rows]


def profile_agreements(apprentice: Apprentice, user: object) -> list[EducationAgreement]:
    """The current agreements shown on a student's profile: at the viewer's schools, or all
    current ones for a portal admin."""
    agreements = apprentice.agreements.current().select_related(
        "education", "company", "workplace", "school"
    )
    if not getattr(user, "is_portal_admin", False):
        agreements = agreements.filter(school__staff__user=user)
    return list(agreements)
