"""The log in the Django admin: read-only for portal admins, and itself logged.

Nobody may add, change or delete here (the database refuses it anyway on PostgreSQL). The
change list shows which apprentices were seen, so showing it is a read that is logged
(purpose "accesslog.admin"), like the portal's own Adgangslog page.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from accesslog.models import AccessLogEntry, AccessLogPurge, AccessLogSeal
from accesslog.purposes import (
    describe_purpose,
    describe_role_kind,
    purpose_choices,
    role_kind_choices,
)
from accesslog.services import record


class ReadOnlyAdmin(admin.ModelAdmin):
    # A COUNT(*) over tens of millions of rows on every page is not worth the number.
    show_full_result_count = False

    def has_module_permission(self, request: HttpRequest) -> bool:
        return getattr(request.user, "is_portal_admin", False)

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return getattr(request.user, "is_portal_admin", False)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class _RegistryFilter(admin.SimpleListFilter):
    """Choices from the registries, not from SELECT DISTINCT over the whole log (the default
    filter for a CharField would scan every row on each page view)."""

    field = ""

    def queryset(self, request: HttpRequest, queryset):
        value = self.value()
        return queryset.filter(**{self.field: value}) if value else queryset


class PurposeFilter(_RegistryFilter):
    title = _("formål")
    parameter_name = field = "purpose"

    def lookups(self, request: HttpRequest, model_admin: object) -> list[tuple[str, str]]:
        return purpose_choices()


class RoleKindFilter(_RegistryFilter):
    title = _("rolle")
    parameter_name = field = "role_kind"

    def lookups(self, request: HttpRequest, model_admin: object) -> list[tuple[str, str]]:
        return role_kind_choices()


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(ReadOnlyAdmin):
    list_display = [
        "accessed_at",
        "user_email",
        "role_label",
        "organisation_name",
        "purpose_label",
        "apprentice_ids",
        "ip",
    ]
    list_filter = [PurposeFilter, RoleKindFilter]
    search_fields = ["user_email"]
    date_hierarchy = "accessed_at"
    ordering = ["-accessed_at", "-id"]

    @admin.display(description=_("rolle"), ordering="role_kind")
    def role_label(self, entry: AccessLogEntry) -> str:
        return describe_role_kind(entry.role_kind)

    @admin.display(description=_("formål"), ordering="purpose")
    def purpose_label(self, entry: AccessLogEntry) -> str:
        return describe_purpose(entry.purpose)

    def changelist_view(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if isinstance(response, TemplateResponse) and changelist is not None:
            ids = [i for entry in changelist.result_list for i in entry.apprentice_ids]
            record(request=request, purpose="accesslog.admin", apprentice_ids=ids)
        return response

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context=None
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        original = getattr(response, "context_data", {}).get("original")
        if isinstance(original, AccessLogEntry):
            record(
                request=request, purpose="accesslog.admin", apprentice_ids=original.apprentice_ids
            )
        return response


@admin.register(AccessLogSeal)
class AccessLogSealAdmin(ReadOnlyAdmin):
    list_display = ["entry_id", "prev_entry_id", "mac", "key_id", "sealed_at"]
    ordering = ["-entry_id"]


@admin.register(AccessLogPurge)
class AccessLogPurgeAdmin(ReadOnlyAdmin):
    list_display = ["purged_at", "purged_by", "cutoff", "entries_deleted", "last_entry_id"]
    ordering = ["-purged_at"]
