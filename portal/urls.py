"""The portal's URL map: each app owns its URLs under its own prefix and namespace."""

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils.http import urlencode
from django.views.i18n import set_language

from accounts import views as accounts_views


@login_not_required
def admin_login(request):
    """The admin signs in through allauth like everybody else (rate limits, MFA)."""
    next_url = request.GET.get("next", "/admin/")
    return redirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")


admin.site.login = admin_login
admin.site.site_header = "Læreportal administration"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("konto/", include("allauth.urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("", accounts_views.home, name="home"),
    path("", include("accounts.urls")),
    path("virksomhed/", include("companies.urls")),
    path("laerlinge/", include("apprenticeship.urls")),
    path("adgangslog/", include("accesslog.urls")),
    path("frafaldsrisiko/", include("dropout_risk.urls")),
    path("afslag/", include("rejections.urls")),
    path("laerlingundersokelsen/", include("surveys.urls")),
    path("logbog/", include("training_declarations.urls")),
]
