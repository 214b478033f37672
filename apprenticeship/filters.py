from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.forms import FilterForm
from apprenticeship.models import Apprentice, Education, EducationAgreement, StaffSelection
from companies.models import CompanyStaff, Workplace


def search_by_name(queryset: QuerySet, _name: str, value: str) -> QuerySet:
    """Each word must match a first or last name, so "sofie niel" finds Sofie Nielsen."""
    for word in value.split()[:5]:
        queryset = queryset.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    return queryset


class SelectionFilter(django_filters.FilterSet):
    """Filters on "Mine lærlinge": name, education, workplace and whether selected."""

    q = django_filters.CharFilter(label=_("Søg på navn"), method=search_by_name)
    education = django_filters.ModelChoiceFilter(
        label=_("Uddannelse"),
        queryset=Education.objects.none(),
        method="filter_education",
        empty_label=_("Alle uddannelser"),
    )
    workplace = django_filters.ModelChoiceFilter(
        label=_("Arbejdssted"),
        queryset=Workplace.objects.none(),
        method="filter_workplace",
        empty_label=_("Alle arbejdssteder"),
    )
    shown = django_filters.ChoiceFilter(
        label=_("Vis"),
        choices=[("selected", _("Kun valgte")), ("unselected", _("Kun ikke valgte"))],
        empty_label=_("Alle"),
        method="filter_shown",
    )

    class Meta:
        model = Apprentice
        fields: list[str] = []
        form = FilterForm

    def __init__(self, *args: object, staff: CompanyStaff, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.staff = staff
        self.filters["education"].queryset = Education.objects.filter(
            agreements__company_id=staff.company_id
        ).distinct()
        self.filters["workplace"].queryset = Workplace.objects.filter(company_id=staff.company_id)

    def filter_education(self, queryset: QuerySet, _name: str, value: Education) -> QuerySet:
        return self._with_current_agreement(queryset, education=value)

    def filter_workplace(self, queryset: QuerySet, _name: str, value: Workplace) -> QuerySet:
        return self._with_current_agreement(queryset, workplace=value)

    def _with_current_agreement(self, queryset: QuerySet, **conditions: object) -> QuerySet:
        agreements = EducationAgreement.objects.current().filter(
            apprentice=OuterRef("pk"), company_id=self.staff.company_id, **conditions
        )
        return queryset.filter(Exists(agreements))

    def filter_shown(self, queryset: QuerySet, _name: str, value: str) -> QuerySet:
        selected = StaffSelection.objects.filter(staff=self.staff).values("apprentice_id")
        if value == "selected":
            return queryset.filter(pk__in=selected)
        return queryset.exclude(pk__in=selected)
