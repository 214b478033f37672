from django.urls import path

from accesslog import views

app_name = "accesslog"

urlpatterns = [
    path("", views.entry_list, name="list"),
    path("eksport/", views.export, name="export"),
    path("virksomhed/", views.company, name="company"),
    path("virksomhed/eksport/", views.company_export, name="company_export"),
]
