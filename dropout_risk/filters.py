"""The filters of the school's "Elevoversigt"."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import NamedTuple

import django_filters
from django import forms
from django.conf import settings
from django.core.cache import caches
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.forms import FilterForm
from apprenticeship.filters import search_by_name
from apprenticeship.models import Apprentice, Education, EducationAgreement
from dropout_risk.models import RiskLevel


class StudentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Søg på navn"), method=search_by_name)
    risk = django_filters.MultipleChoiceFilter(
        label=_("Frafaldsrisiko SOSU"),
        choices=RiskLevel.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox"}),
        method="filter_risk",
    )
    registered_before = django_filters.DateFilter(
        label=_("Senest registreret"),
        help_text=_("Vis elever, hvis seneste vurdering er registreret før denne dato."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        method="filter_registered_before",
    )
    education = django_filters.ChoiceFilter(
        label=_("Uddannelse"),
        choices=[],
        empty_label=_("Alle uddannelser"),
        method="filter_education",
    )
    team = django_filters.ChoiceFilter(
        label=_("Hold"), choices=[], empty_label=_("Alle hold"), method="filter_team"
    )
    company = django_filters.CharFilter(label=_("Virksomhed"), method="filter_company")

    class Meta:
        model = Apprentice
        fields: list[str] = []
        form = FilterForm

    # How long the rendered form without values is kept (school_overview.html): as long as
    # the choices it shows are (filter_choices).
    form_cache_seconds = settings.CACHES["local"].get("TIMEOUT", 300)

    def __init__(self, *args: object, user: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        choices = filter_choices(user)
        self.filters["education"].extra["choices"] = choices.educations
        self.filters["team"].extra["choices"] = choices.teams
        self.choices_key = choices.key

    @classmethod
    def data_from(cls, query: QueryDict) -> QueryDict | None:
        """The query string as the filter's data if it sets any filter, else None: a page
        number or a sort order alone leaves the filter unbound, so its form is neither
        built for validation nor rendered anew (school_overview.html keeps the unbound
        form rendered). A bound form shows what the user asked for."""
        return query if any(name in query for name in cls.base_filters) else None

    def _with_agreement(self, queryset: QuerySet, **conditions: object) -> QuerySet:
        """Students with a current agreement at one of the user's schools matching
        `conditions` (the same agreement the overview shows)."""
        agreements = EducationAgreement.objects.current().filter(
            apprentice=OuterRef("pk"), school__staff__user=self.user, **conditions
        )
        return queryset.filter(Exists(agreements))

    def filter_risk(self, queryset: QuerySet, _name: str, value: list[str]) -> QuerySet:
        if not value:
            return queryset
        # Only SOSU students can be assessed: "Ikke angivet" means a SOSU student without a
        # current assessment, never a carpenter.
        queryset = self._with_agreement(queryset, education__is_sosu=True)
        wanted = Q()
        if RiskLevel.NONE in value:
            wanted |= Q(latest_dropout_assessment__isnull=True)
        levels = [level for level in value if level != RiskLevel.NONE]
        if levels:
            wanted |= Q(latest_dropout_assessment__level__in=levels)
        return queryset.filter(wanted)

    def filter_registered_before(self, queryset: QuerySet, _name: str, value: dt.date) -> QuerySet:
        start_of_day = timezone.make_aware(dt.datetime.combine(value, dt.time.min))
        return queryset.filter(latest_dropout_assessment__assessed_at__lt=start_of_day)

    def filter_education(self, queryset: QuerySet, _name: str, value: str) -> QuerySet:
        return self._with_agreement(queryset, education_id=int(value))

    def filter_team(self, queryset: QuerySet, _name: str, value: str) -> QuerySet:
        return self._with_agreement(queryset, team=value)

    def filter_company(self, queryset: QuerySet, _name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return self._with_agreement(queryset, company__name__icontains=value)


class FilterChoices(NamedTuple):
    educations: list[tuple[str, str]]
    teams: list[tuple[str, str]]
    # Names the two lists (a hash of them, computed once when they are read): staff with the
    # same choices share one rendered form, and new choices make a new one
    # (school_overview.html).
    key: str


def filter_choices(user: object) -> FilterChoices:
    """The educations and teams among the current agreements at the user's schools, for the
    filter's drop-downs. Two queries that cost as much as the page's own list, for lists
    that change when a term starts: kept per user in the process's memory for a few
    minutes (CACHES["local"]), so a new team shows up in the filter at most that late."""
    key = f"dropout_risk:filter-choices:{user.pk}"
    return caches["local"].get_or_set(key, lambda: _read_choices(user))


def _read_choices(user: object) -> FilterChoices:
    at_my_schools = EducationAgreement.objects.current().filter(school__staff__user=user)
    educations = Education.objects.filter(pk__in=at_my_schools.values("education_id")).order_by(
        "name"
    )
    teams = at_my_schools.exclude(team="").order_by().values_list("team", flat=True)
    lists = (
        [(str(e.pk), e.name) for e in educations],
        [(t, t) for t in sorted(teams.distinct())],
    )
    return FilterChoices(*lists, key=hashlib.sha256(repr(lists).encode()).hexdigest()[:32])
