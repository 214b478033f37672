"""Admin: the maintained list of reasons (editable), rejections and cancellations (read-only,
append-only), and the exact statistics.
"""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.params import parse_id
from rejections.charts import bar_chart
from rejections.models import Cancellation, Rejection, RejectionReason
from rejections.statistics import available_years, default_year, rejection_statistics


@admin.register(RejectionReason)
class RejectionReasonAdmin(admin.ModelAdmin):
    list_display = ["text_da", "text_en", "code", "position", "is_active"]
    list_editable = ["position", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["code", "text_da", "text_en"]

    def get_readonly_fields(self, request: HttpRequest, obj: RejectionReason | None = None):
        # The code is the reason's stable identity: set once, never changed.
        return ["code"] if obj is not None else []

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # retire a reason (untick "aktiv"); registrations keep pointing to it


class ReadOnlyAdmin(admin.ModelAdmin):
    """Saved rejections and cancellations are append-only: the admin may look, not touch."""

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class CancellationInline(admin.StackedInline):
    model = Cancellation
    extra = 0
    can_delete = False
    readonly_fields = ["reason", "cancelled_by", "cancelled_at"]

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Rejection)
class RejectionAdmin(ReadOnlyAdmin):
    list_display = [
        "rejected_on",
        "company",
        "workplace",
        "education",
        "primary_reason",
        "is_late",
        "cancelled",
        "registered_by",
    ]
    list_filter = ["education", "region", "is_late", "primary_reason", "rejected_on"]
    list_select_related = [
        "company",
        "workplace",
        "education",
        "primary_reason",
        "registered_by",
        "cancellation",
    ]
    search_fields = ["company__name", "company__cvr", "workplace__p_number"]
    date_hierarchy = "rejected_on"
    inlines = [CancellationInline]
    change_list_template = "rejections/admin/rejection_change_list.html"

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).select_related("cancellation")

    @admin.display(boolean=True, description=gettext_lazy("annulleret"))
    def cancelled(self, obj: Rejection) -> bool:
        return obj.is_cancelled

    def get_urls(self) -> list:
        view = self.admin_site.admin_view(self.statistics_view)
        return [
            path("statistik/", view, name="rejections_rejection_statistics"),
            *super().get_urls(),
        ]

    def statistics_view(self, request: HttpRequest) -> HttpResponse:
        """The exact numbers (no suppression): the admin can see every row anyway."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        years = available_years()
        year = parse_id(request.GET.get("aar"))
        year = year if year in years else default_year(years)
        stats = rejection_statistics(year=year, years=years, suppress=False)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Afslagsårsager %(year)d (præcise tal)") % {"year": year},
            "stats": stats,
            "panels": [(table, bar_chart(table)) for table in stats.tables],
        }
        return TemplateResponse(request, "rejections/admin/statistics.html", context)


@admin.register(Cancellation)
class CancellationAdmin(ReadOnlyAdmin):
    list_display = ["rejection", "cancelled_at", "cancelled_by"]
    list_select_related = ["rejection", "rejection__education", "cancelled_by"]
    date_hierarchy = "cancelled_at"
