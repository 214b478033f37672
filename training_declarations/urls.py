"""URLs of the training declarations (Logbog), mounted under /logbog/.

URL kwargs: `declaration_id` (a Declaration's pk) and `token` (a DeclarationLink's token,
of which only the SHA-256 is stored).
"""

from __future__ import annotations

from django.urls import path

from training_declarations import views

app_name = "training_declarations"

urlpatterns = [
    # The apprentice (portal login; 404 without an Apprentice record).
    path("", views.apprentice_list, name="apprentice_list"),
    path("ny/", views.declaration_create, name="declaration_create"),
    path("profil/", views.profile, name="profile"),
    path("<int:declaration_id>/", views.apprentice_detail, name="apprentice_detail"),
    path("<int:declaration_id>/forny/", views.declaration_renew, name="declaration_renew"),
    # The training responsible's personal link (no login).
    path("erklaering-sendt/", views.rating_done, name="rating_done"),
    path("erklaering/<str:token>/", views.rating_form, name="rating_form"),
    path("erklaering/<str:token>/gem/", views.rating_save, name="rating_save"),
    path("erklaering/<str:token>/gennemse/", views.rating_review, name="rating_review"),
    path("erklaering/<str:token>/bekraeft/", views.rating_confirm, name="rating_confirm"),
    path("erklaering/<str:token>/send/", views.rating_submit, name="rating_submit"),
    path("erklaering/<str:token>/nyt-link/", views.link_renewal_request, name="link_renewal"),
    # The back office (e-mail address + one-time code).
    path("backend/login/", views.backoffice_login, name="backoffice_login"),
    path("backend/kode/", views.backoffice_code, name="backoffice_code"),
    path("backend/log-ud/", views.backoffice_logout, name="backoffice_logout"),
    path("backend/", views.backoffice_overview, name="backoffice_overview"),
    path("backend/eksport.xlsx", views.backoffice_export, name="backoffice_export"),
    path("backend/<int:declaration_id>/", views.backoffice_detail, name="backoffice_detail"),
]
