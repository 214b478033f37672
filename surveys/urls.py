"""URLs of the apprentice survey (Lærlingundersøkelsen); mounted under /laerlingundersokelsen/.

URL kwargs (each page has at most one): round_id → SurveyRound, job_id → SendJob,
organisation_id → Organisation, token → a participant's personal link.
"""

from django.urls import path

from surveys import views

app_name = "surveys"

urlpatterns = [
    path("", views.home, name="home"),
    path("runder/<int:round_id>/", views.round_dashboard, name="round_dashboard"),
    path("runder/<int:round_id>/statistikk/", views.round_stats, name="round_stats"),
    path("runder/<int:round_id>/import/", views.register_import, name="register_import"),
    path("runder/<int:round_id>/datakvalitet/", views.data_quality, name="data_quality"),
    path("runder/<int:round_id>/invitasjoner/", views.send_invitations, name="send_invitations"),
    path("runder/<int:round_id>/purring/", views.send_reminder, name="send_reminder"),
    path("runder/<int:round_id>/resultater/", views.round_results, name="results"),
    path("importmal.csv", views.import_template, name="import_template"),
    path("utsendelser/<int:job_id>/", views.job_detail, name="job_detail"),
    path("utsendelser/<int:job_id>/fremdrift/", views.job_progress, name="job_progress"),
    path("tilganger/", views.access_overview, name="access_overview"),
    path("tilganger/<int:organisation_id>/", views.access_members, name="access_members"),
    path("tilganger/<int:organisation_id>/gi/", views.role_grant, name="role_grant"),
    path("tilganger/<int:organisation_id>/fjern/", views.role_revoke, name="role_revoke"),
    path("svar/<str:token>/", views.answer, name="answer"),
]
