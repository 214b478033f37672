"""Admin: goal catalogues (edited here or imported from a spreadsheet), declarations
(read-only), and the back office's login attempts and failures with the failure alarm."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accesslog.admin_mixins import AccessLoggedAdminMixin
from training_declarations import backoffice, services
from training_declarations.forms import CatalogueImportForm
from training_declarations.imports import ImportFileError, read_catalogue_file
from training_declarations.models import (
    BackofficeLoginAttempt,
    BackofficeLoginFailure,
    Declaration,
    DeclarationContact,
    DeclarationGoal,
    GoalCatalogue,
    TrainingGoal,
)


class AlarmMixin:
    """Shows the back-office login alarm above the changelist while failures spike."""

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None):
        alarm = backoffice.alarm_message()
        if alarm:
            messages.warning(request, alarm)
        return super().changelist_view(request, extra_context)  # type: ignore[misc]


class TrainingGoalInline(admin.TabularInline):
    model = TrainingGoal
    extra = 0
    fields = ("position", "code", "text")
    ordering = ("position",)


@admin.register(GoalCatalogue)
class GoalCatalogueAdmin(AlarmMixin, admin.ModelAdmin):
    list_display = ("__str__", "goal_count", "updated_at")
    list_select_related = ("education", "specialty")
    inlines = [TrainingGoalInline]
    change_form_template = "training_declarations/admin/catalogue_change_form.html"

    @admin.display(description=gettext_lazy("antal mål"))
    def goal_count(self, obj: GoalCatalogue) -> int:
        return obj.goals.count()

    def get_urls(self):
        urls = [
            path(
                "<int:catalogue_id>/import/",
                self.admin_site.admin_view(self.import_view),
                name="training_declarations_goalcatalogue_import",
            )
        ]
        return urls + super().get_urls()

    def import_view(self, request: HttpRequest, catalogue_id: int) -> HttpResponse:
        """Upload .xlsx/.csv (code/position/text): every bad row is listed with its line
        number, and nothing is imported unless every row is good."""
        catalogue = get_object_or_404(GoalCatalogue, pk=catalogue_id)
        if not self.has_change_permission(request, catalogue):
            raise PermissionDenied
        form = CatalogueImportForm(request.POST or None, request.FILES or None)
        report = None
        if request.method == "POST" and form.is_valid():
            try:
                report = read_catalogue_file(form.cleaned_data["file"])
            except ImportFileError as error:
                form.add_error("file", str(error))
            else:
                if report.ok:
                    return self._import(request, catalogue, report.rows)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": catalogue,
            "title": _("Importér oplæringsmål: %(catalogue)s") % {"catalogue": catalogue},
            "form": form,
            "report": report,
        }
        return TemplateResponse(
            request, "training_declarations/admin/catalogue_import.html", context
        )

    def _import(self, request: HttpRequest, catalogue: GoalCatalogue, rows) -> HttpResponse:
        try:
            services.catalogue_import(catalogue=catalogue, rows=rows, acting_user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(request.path)
        messages.success(request, _("%(n)d oplæringsmål er importeret.") % {"n": len(rows)})
        return redirect(
            reverse("admin:training_declarations_goalcatalogue_change", args=[catalogue.pk])
        )


class DeclarationGoalInline(admin.TabularInline):
    model = DeclarationGoal
    extra = 0
    fields = ("position", "code", "text", "level")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class DeclarationContactInline(admin.TabularInline):
    model = DeclarationContact
    extra = 0
    fields = ("email",)
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Declaration)
class DeclarationAdmin(AccessLoggedAdminMixin, AlarmMixin, admin.ModelAdmin):
    """Read-only: declarations are written by the apprentice and the training responsible."""

    list_display = ("apprentice", "catalogue", "school", "team", "period_end", "status")
    list_filter = ("status", "school")
    list_select_related = ("apprentice", "catalogue__education", "catalogue__specialty", "school")
    search_fields = ("apprentice__last_name", "apprentice__first_name", "team", "cvr")
    date_hierarchy = "period_end"
    inlines = [DeclarationContactInline, DeclarationGoalInline]

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(BackofficeLoginFailure)
class BackofficeLoginFailureAdmin(AlarmMixin, admin.ModelAdmin):
    list_display = ("at", "email", "ip", "reason")
    list_filter = ("reason",)
    search_fields = ("email", "ip")
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(BackofficeLoginAttempt)
class BackofficeLoginAttemptAdmin(AlarmMixin, admin.ModelAdmin):
    """The code requests; the key and code hashes are never shown."""

    list_display = ("created_at", "email", "ip", "failures", "used_at", "expires_at")
    search_fields = ("email", "ip")
    fields = ("email", "ip", "created_at", "expires_at", "failures", "used_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
