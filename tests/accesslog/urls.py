"""Test-only URLs: a tiny view that shows apprentice data and logs it."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from accesslog.services import record
from accounts.models import User


def show_apprentices(request: HttpRequest) -> HttpResponse:
    # Stands for the page's own reads and writes, which must commit or fail with the log.
    User.objects.filter(pk=request.user.pk).update(full_name="Efter opslaget")
    record(request=request, purpose="test.read", apprentice_ids=[3, 1])
    return HttpResponse("ok")


urlpatterns = [
    path("test/elever/", show_apprentices, name="accesslog_test_read"),
    path("", include("portal.urls")),
]
