from django.contrib import admin
from django.utils import timezone

from surveys import services
from surveys.models import (
    Organisation,
    OrganisationMember,
    Question,
    SendJob,
    SurveyAdministrator,
    SurveyRound,
    TrainingCompany,
)


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


@admin.register(OrganisationMember)
class OrganisationMemberAdmin(admin.ModelAdmin):
    """Registering users under an organisation number (Altinn's job in the real service)."""

    list_display = ["user", "organisation", "is_access_manager"]
    list_filter = ["is_access_manager"]
    list_select_related = ["user", "organisation"]
    autocomplete_fields = ["user", "organisation"]


@admin.register(TrainingCompany)
class TrainingCompanyAdmin(admin.ModelAdmin):
    list_display = ["name", "orgnr", "county", "training_office"]
    search_fields = ["name", "orgnr"]
    list_select_related = ["county", "training_office"]


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0


@admin.register(SurveyRound)
class SurveyRoundAdmin(admin.ModelAdmin):
    """Rounds are national: the portal admin sets dates and questions. Participants and
    answers are deliberately not in the admin (personal data; anonymity)."""

    list_display = ["title", "opens_on", "last_day", "results_on", "population_frozen_at"]
    readonly_fields = ["population_frozen_at", "closed_at", "published_at"]
    inlines = [QuestionInline]

    def get_changeform_initial_data(self, request) -> dict[str, object]:
        """A new round starts from next autumn's default dates (SURVEYS_DEFAULT_DATES)."""
        year = timezone.localdate().year
        if SurveyRound.objects.filter(year=year).exists():
            year += 1
        return {
            "year": year,
            "title": f"Lærlingundersøkelsen {year}",
            **services.default_dates(year),
            **super().get_changeform_initial_data(request),
        }


@admin.register(SendJob)
class SendJobAdmin(admin.ModelAdmin):
    list_display = ["round", "organisation", "number", "status", "processed", "total"]
    list_filter = ["status"]
    readonly_fields = [f.name for f in SendJob._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False
