from django.urls import path

from apprenticeship import views

app_name = "apprenticeship"

urlpatterns = [
    path("min-side/", views.my_page, name="my_page"),
    path("min-side/hvem-har-set/", views.my_accesses, name="my_accesses"),
    path("mine/", views.my_apprentices, name="my_apprentices"),
    path("mine/tilfoej/", views.selection_add, name="selection_add"),
    path("mine/fjern/", views.selection_remove, name="selection_remove"),
    path("<int:apprentice_id>/", views.apprentice_detail, name="apprentice_detail"),
]
