from __future__ import annotations

import functools
import hashlib

import django_filters
from django import forms
from django.core.cache import caches
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.forms import FilterForm
from apprenticeship.models import School
from training_declarations.models import Declaration

STATUS_CHOICES = [
    (Declaration.Status.SENT, Declaration.Status.SENT.label),
    (Declaration.Status.OPENED, Declaration.Status.OPENED.label),
    (Declaration.Status.SUBMITTED, Declaration.Status.SUBMITTED.label),
    (Declaration.EXPIRED, Declaration.EXPIRED_LABEL),
]


class _DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class BackofficeFilter(django_filters.FilterSet):
    """The back office's overview: school, team, period end and status."""

    school = django_filters.ChoiceFilter(label=_("Skole"), choices=[], empty_label=_("Alle skoler"))
    team = django_filters.CharFilter(label=_("Hold"), lookup_expr="icontains")
    period_end_from = django_filters.DateFilter(
        label=_("Slutdato fra"), field_name="period_end", lookup_expr="gte", widget=_DateInput()
    )
    period_end_to = django_filters.DateFilter(
        label=_("Slutdato til"), field_name="period_end", lookup_expr="lte", widget=_DateInput()
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=STATUS_CHOICES, empty_label=_("Alle"), method="filter_status"
    )

    class Meta:
        model = Declaration
        fields: list[str] = []
        form = FilterForm

    def __init__(self, *args: object, email: str, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # Only the schools that occur in the user's own declarations, as (id, name) pairs
        # read when the form needs them (a hundred School objects per page were a fifth of
        # the back office's CPU), and kept per process for a few minutes (CACHES["local"],
        # as the Elevoversigt's choices): a query over the user's declarations on every
        # page (~2 ms of database time), for a list that changes when a declaration names a
        # new school.
        # The key holds a hash of the address, not the address.
        schools = School.objects.filter(pk__in=self.queryset.values("school_id"))
        key = "training_declarations:school-choices:" + hashlib.sha256(email.encode()).hexdigest()

        def read() -> list[tuple[str, str]]:
            return [(str(pk), n) for pk, n in schools.order_by("name").values_list("pk", "name")]

        @functools.cache  # read once per request, by validation or by the drop-down
        def school_choices() -> list[tuple[str, str]]:
            return caches["local"].get_or_set(key, read)

        self.filters["school"].extra["choices"] = school_choices

    def filter_status(self, queryset: QuerySet, _name: str, value: str) -> QuerySet:
        now = timezone.now()
        if value == Declaration.EXPIRED:
            return queryset.expired(now)
        if value == Declaration.Status.SUBMITTED:
            return queryset.filter(status=value)
        return queryset.pending(now).filter(status=value)
