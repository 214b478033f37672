from django.urls import path

from accounts import views, views_users

app_name = "accounts"

_org = "brugere/<str:org_type>/<int:organisation_id>/"

urlpatterns = [
    path("vilkaar/", views.terms, name="terms"),
    path("ping/", views.ping, name="ping"),
    path("brugere/", views_users.users, name="users"),
    path(_org, views_users.org_users, name="org_users"),
    path(_org + "opret/", views_users.user_create, name="user_create"),
    path(_org + "<int:user_id>/suspender/", views_users.user_suspend, name="user_suspend"),
    path(_org + "<int:user_id>/genaktiver/", views_users.user_reactivate, name="user_reactivate"),
    path(_org + "<int:user_id>/tilbagekald/", views_users.user_revoke, name="user_revoke"),
]
