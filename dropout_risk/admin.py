"""Read-only admin: the history is append-only and the latest assessment is derived from it,
so nobody edits either by hand (registrations go through services.assessment_register)."""

from __future__ import annotations

from django.contrib import admin

from accesslog.admin_mixins import AccessLoggedAdminMixin
from dropout_risk.models import Assessment, LatestAssessment, RevisitReminder


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Assessment)
class AssessmentAdmin(AccessLoggedAdminMixin, ReadOnlyAdmin):
    list_display = ("registered_at", "apprentice_id", "level", "registered_by_name", "company")
    list_filter = ("level",)
    date_hierarchy = "registered_at"
    list_select_related = ("company",)
    show_full_result_count = False


@admin.register(LatestAssessment)
class LatestAssessmentAdmin(AccessLoggedAdminMixin, ReadOnlyAdmin):
    list_display = ("apprentice_id", "level", "assessed_at", "registered_by_name", "company")
    list_filter = ("level",)
    list_select_related = ("company",)
    show_full_result_count = False


@admin.register(RevisitReminder)
class RevisitReminderAdmin(AccessLoggedAdminMixin, ReadOnlyAdmin):
    list_display = ("created_at", "apprentice_id", "company", "round")
    list_select_related = ("company",)
