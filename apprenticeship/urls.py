from django.urls import path

from apprenticeship import views

app_name = "apprenticeship"

urlpatterns = [
    path("min-side/", views.my_page, name="my_page"),
]
