"""URLs of the apprentice survey (Lærlingundersøkelsen); mounted under /laerlingundersokelsen/."""

from django.urls import path  # noqa: F401

app_name = "surveys"

urlpatterns: list = []
