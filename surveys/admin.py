from django.contrib import admin

from surveys.models import Organisation, SurveyAdministrator


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "orgnr", "county"]
    list_filter = ["kind"]
    search_fields = ["name", "orgnr"]


@admin.register(SurveyAdministrator)
class SurveyAdministratorAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation"]
    list_select_related = ["user", "organisation"]
    autocomplete_fields = ["user", "organisation"]
