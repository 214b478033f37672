from django.urls import path

from accesslog import views

app_name = "accesslog"

urlpatterns = [
    path("", views.entry_list, name="list"),
    path("eksport/", views.export, name="export"),
    path("eksport/<int:export_id>/", views.export_job, name="export_job"),
    path("eksport/<int:export_id>/status/", views.export_job_status, name="export_job_status"),
    path("eksport/<int:export_id>/hent/", views.export_download, name="export_download"),
    path("virksomhed/", views.company, name="company"),
    path("virksomhed/eksport/", views.company_export, name="company_export"),
]
