from django.urls import path

from companies import views

app_name = "companies"

urlpatterns = [
    path("", views.company, name="company"),
    path("arbejdssteder/", views.workplace_list, name="workplace_list"),
    path("arbejdssteder/<int:workplace_id>/", views.workplace_detail, name="workplace_detail"),
    path(
        "arbejdssteder/<int:workplace_id>/kontakt/",
        views.workplace_contact_edit,
        name="workplace_contact_edit",
    ),
    path(
        "arbejdssteder/<int:workplace_id>/kontakt/gem/",
        views.workplace_contact_save,
        name="workplace_contact_save",
    ),
]
