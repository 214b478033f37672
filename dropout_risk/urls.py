from django.urls import path  # noqa: F401

app_name = "dropout_risk"

urlpatterns: list = []
