from django.contrib import admin

from accesslog.admin_mixins import AccessLoggedAdminMixin
from apprenticeship.models import (
    Apprentice,
    Education,
    EducationAgreement,
    School,
    SchoolStaff,
    Specialty,
)


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["name", "institution_number", "city", "region"]
    search_fields = ["name", "institution_number"]


class SpecialtyInline(admin.TabularInline):
    model = Specialty
    extra = 0


@admin.register(Education)
class EducationAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "is_sosu"]
    list_filter = ["is_sosu"]
    search_fields = ["name", "code"]
    inlines = [SpecialtyInline]


@admin.register(Apprentice)
class ApprenticeAdmin(AccessLoggedAdminMixin, admin.ModelAdmin):
    list_display = ["last_name", "first_name", "birth_date", "email"]
    search_fields = ["first_name", "last_name", "email"]
    autocomplete_fields = ["user"]

    def apprentice_ids_of(self, obj: Apprentice) -> list[int]:
        return [obj.pk]


@admin.register(EducationAgreement)
class EducationAgreementAdmin(AccessLoggedAdminMixin, admin.ModelAdmin):
    list_display = ["apprentice", "company", "education", "school", "start_date", "end_date"]
    list_filter = ["education", "school"]
    list_select_related = ["apprentice", "company", "education", "school"]
    search_fields = ["apprentice__first_name", "apprentice__last_name", "company__name"]
    autocomplete_fields = ["apprentice", "company", "workplace", "school"]


@admin.register(SchoolStaff)
class SchoolStaffAdmin(admin.ModelAdmin):
    list_display = ["user", "school", "is_local_admin"]
    list_select_related = ["user", "school"]
    autocomplete_fields = ["user", "school"]
