"""The portal admin's view of companies: added from CVR by number, never typed in by hand.

Fields that come from CVR are read-only here as everywhere (the next sync would overwrite a
hand edit); staff are assigned on the company's page or when it is added.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from companies.forms import AddCompanyFromCvrForm
from companies.models import Company, CompanyStaff, Workplace
from companies.services import companies_sync, company_add_from_cvr, company_staff_assign

CVR_COMPANY_FIELDS = ["cvr", "name", "address", "postal_code", "city", "cvr_email", "status"]
CVR_WORKPLACE_FIELDS = ["p_number", "name", "address", "postal_code", "city", "status"]


class WorkplaceInline(admin.TabularInline):
    model = Workplace
    extra = 0
    fields = ["p_number", "name", "city", "status", "contact_person", "email", "phone"]
    readonly_fields = CVR_WORKPLACE_FIELDS
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # production units come from CVR


class CompanyStaffInline(admin.TabularInline):
    model = CompanyStaff
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ["name", "cvr", "city", "status", "last_synced_at"]
    list_filter = ["status"]
    search_fields = ["name", "cvr"]
    readonly_fields = [*CVR_COMPANY_FIELDS, "last_synced_at"]
    inlines = [CompanyStaffInline, WorkplaceInline]
    actions = ["sync_from_cvr"]
    change_list_template = "companies/admin/company_change_list.html"

    def get_urls(self) -> list:
        view = self.admin_site.admin_view(self.add_from_cvr_view)
        return [
            path("tilfoej-fra-cvr/", view, name="companies_company_add_from_cvr"),
            *super().get_urls(),
        ]

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context=None):
        # A company is never typed in: "Tilføj" goes to the CVR lookup.
        return redirect("admin:companies_company_add_from_cvr")

    def add_from_cvr_view(self, request: HttpRequest) -> HttpResponse:
        """ "Tilføj virksomhed fra CVR": fetch by CVR number, then assign the staff."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = AddCompanyFromCvrForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            company = self._add_company(request, form)
            if company is not None:
                return HttpResponseRedirect(
                    reverse("admin:companies_company_change", args=[company.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "form": form,
            "title": _("Tilføj virksomhed fra CVR"),
        }
        return TemplateResponse(request, "companies/admin/add_from_cvr.html", context)

    def _add_company(self, request: HttpRequest, form: AddCompanyFromCvrForm) -> Company | None:
        try:
            company = company_add_from_cvr(acting_user=request.user, cvr=form.cleaned_data["cvr"])
        except ValidationError as exc:
            form.add_error("cvr", exc)
            return None
        for user in form.cleaned_data["staff_emails"]:
            company_staff_assign(
                acting_user=request.user, company=company, user=user, role=form.cleaned_data["role"]
            )
        self.message_user(
            request,
            _("%(name)s er hentet fra CVR med %(count)d arbejdssteder.")
            % {"name": company.name, "count": company.workplaces.count()},
            messages.SUCCESS,
        )
        return company

    @admin.action(description=gettext_lazy("Hent valgte virksomheder fra CVR nu"))
    def sync_from_cvr(self, request: HttpRequest, queryset: QuerySet[Company]) -> None:
        report = companies_sync(cvr_numbers=list(queryset.values_list("cvr", flat=True)))
        self.message_user(
            request,
            _("Opdateret: %(updated)d, uændret: %(unchanged)d, fejlet: %(failed)d.")
            % report.counts(),
            messages.WARNING if report.failed else messages.SUCCESS,
        )
        for cvr, reason in report.failed.items():
            self.message_user(request, f"{cvr}: {reason}", messages.ERROR)
        for warning in report.warnings:
            self.message_user(request, warning, messages.WARNING)


@admin.register(Workplace)
class WorkplaceAdmin(admin.ModelAdmin):
    list_display = ["name", "p_number", "company", "city", "status"]
    list_filter = ["status"]
    list_select_related = ["company"]
    search_fields = ["name", "p_number", "company__name", "company__cvr"]
    readonly_fields = [
        "company",
        *CVR_WORKPLACE_FIELDS,
        "contact_updated_at",
        "contact_updated_by",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # production units come from CVR


@admin.register(CompanyStaff)
class CompanyStaffAdmin(admin.ModelAdmin):
    list_display = ["user", "company", "role", "is_local_admin"]
    list_filter = ["role", "is_local_admin"]
    list_select_related = ["user", "company"]
    search_fields = ["user__email", "user__full_name", "company__name"]
    autocomplete_fields = ["user", "company"]
