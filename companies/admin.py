from django.contrib import admin

from companies.models import Company, CompanyStaff, Workplace


class WorkplaceInline(admin.TabularInline):
    model = Workplace
    extra = 0
    fields = ["p_number", "name", "city", "status", "contact_person", "email", "phone"]
    show_change_link = True


class CompanyStaffInline(admin.TabularInline):
    model = CompanyStaff
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ["name", "cvr", "city", "status", "last_synced_at"]
    list_filter = ["status"]
    search_fields = ["name", "cvr"]
    inlines = [CompanyStaffInline, WorkplaceInline]


@admin.register(Workplace)
class WorkplaceAdmin(admin.ModelAdmin):
    list_display = ["name", "p_number", "company", "city", "status"]
    list_filter = ["status"]
    list_select_related = ["company"]
    search_fields = ["name", "p_number", "company__name", "company__cvr"]
    autocomplete_fields = ["company"]


@admin.register(CompanyStaff)
class CompanyStaffAdmin(admin.ModelAdmin):
    list_display = ["user", "company", "role", "is_local_admin"]
    list_filter = ["role", "is_local_admin"]
    list_select_related = ["user", "company"]
    search_fields = ["user__email", "user__full_name", "company__name"]
    autocomplete_fields = ["user", "company"]
