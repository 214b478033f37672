"""URLs of the rejections app (afslagsbegrundelser); mounted under /afslag/."""

from django.urls import path  # noqa: F401

app_name = "rejections"

urlpatterns: list = []
