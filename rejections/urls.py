"""URLs of the rejections app (afslagsbegrundelser); mounted under /afslag/.

URL kwarg: `rejection_id` (the id of one of the company's rejections).
"""

from django.urls import path

from rejections import views

app_name = "rejections"

urlpatterns = [
    path("", views.register, name="register"),
    path("tidligere/", views.rejection_list, name="list"),
    path("tidligere/regneark/", views.export, name="export"),
    path("<int:rejection_id>/annuller/", views.cancel_confirm, name="cancel_confirm"),
    path("<int:rejection_id>/annuller/bekraeft/", views.cancel, name="cancel"),
    path("statistik/", views.statistics, name="statistics"),
]
