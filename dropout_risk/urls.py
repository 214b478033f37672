from django.urls import path

from dropout_risk import views

app_name = "dropout_risk"

# URL kwarg names: only `apprentice_id` (an Apprentice's pk). The company a staff member acts
# for is the query parameter ?virksomhed=<company id>, as on "Mine lærlinge".
urlpatterns = [
    path("", views.company_overview, name="company_overview"),
    path("rediger/<int:apprentice_id>/", views.assessment_edit, name="assessment_edit"),
    path("elevoversigt/", views.school_overview, name="school_overview"),
    path("elevoversigt/udtraek.xlsx", views.school_export, name="school_export"),
    path("elev/<int:apprentice_id>/", views.student_profile, name="student_profile"),
    path("mit-forloeb/", views.my_course, name="my_course"),
    path("statistik/", views.statistics, name="statistics"),
]
