from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import LoginEvent, TermsAcceptance, TermsVersion, User, UserStatusChange


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff", "last_login", "revoked_at"]
    list_filter = ["is_active", "is_staff", "is_superuser"]
    readonly_fields = ["suspended_at", "revoked_at", "erased_at", "last_login", "date_joined"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["full_name"]}),
        (_("Rettigheder"), {"fields": ["is_active", "is_staff", "is_superuser"]}),
        (
            _("Datoer"),
            {"fields": ["last_login", "date_joined", "suspended_at", "revoked_at", "erased_at"]},
        ),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]})
    ]


@admin.register(TermsVersion)
class TermsVersionAdmin(admin.ModelAdmin):
    list_display = ["kind", "version", "title", "published_at"]
    list_filter = ["kind"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Evidence and audit trails: visible to the admin, never edited by hand."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(TermsAcceptance)
class TermsAcceptanceAdmin(ReadOnlyAdmin):
    """Evidence of acceptance: read-only."""

    list_display = ["user", "terms", "accepted_at"]
    list_select_related = ["user", "terms"]
    search_fields = ["user__email"]


@admin.register(LoginEvent)
class LoginEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "kind", "email", "ip"]
    list_filter = ["kind"]
    search_fields = ["email", "ip"]
    date_hierarchy = "at"


@admin.register(UserStatusChange)
class UserStatusChangeAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "action", "acting_user_name", "organisation"]
    list_filter = ["action"]
    list_select_related = ["user"]
    search_fields = ["user__email", "acting_user_name"]
