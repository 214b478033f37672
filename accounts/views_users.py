"""User administration by the organisation's local administrator ("Brugere")."""

from __future__ import annotations

from allauth.account.forms import ResetPasswordForm
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from accounts import services
from accounts.access import get_administered_organisation, get_member, organisations_for_admin
from accounts.forms import UserCreateForm
from accounts.organisations import directory_for

PAGE_SIZE = 50


@require_GET
def users(request: HttpRequest) -> HttpResponse:
    organisations = organisations_for_admin(request.user)
    if not organisations:
        raise Http404
    if len(organisations) == 1:
        org = organisations[0]
        return redirect("accounts:org_users", org_type=org.type, organisation_id=org.id)
    return render(request, "accounts/users_index.html", {"organisations": organisations})


@require_GET
def org_users(request: HttpRequest, org_type: str, organisation_id: int) -> HttpResponse:
    org = get_administered_organisation(request.user, org_type, organisation_id)
    directory = directory_for(org.type)
    members = directory.members(org.id).order_by("full_name", "pk")
    page = Paginator(members, PAGE_SIZE).get_page(request.GET.get("side"))
    roles = directory.roles_of(org.id, list(page.object_list))
    rows = [(member, roles.get(member.pk, "")) for member in page.object_list]
    return render(request, "accounts/org_users.html", {"org": org, "page": page, "rows": rows})


@require_http_methods(["GET", "POST"])
def user_create(request: HttpRequest, org_type: str, organisation_id: int) -> HttpResponse:
    org = get_administered_organisation(request.user, org_type, organisation_id)
    choices = directory_for(org.type).role_choices()
    form = UserCreateForm(request.POST or None, role_choices=choices)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_create(
                acting_user=request.user, organisation=org, **form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            # Sent inside the request: allauth builds the link from it. Should the commit
            # fail after this, the link leads nowhere and the administrator sees an error.
            _send_set_password_mail(request, user.email)
            messages.success(
                request,
                _(
                    "Brugeren %(name)s er oprettet og har fået en e-mail med et link til at "
                    "vælge adgangskode."
                )
                % {"name": user.full_name},
            )
            return redirect("accounts:org_users", org_type=org.type, organisation_id=org.id)
    return render(request, "accounts/user_create.html", {"org": org, "form": form})


def _add_errors(form: UserCreateForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _send_set_password_mail(request: HttpRequest, email: str) -> None:
    form = ResetPasswordForm(data={"email": email})
    if form.is_valid():
        form.save(request)


ACTIONS = {
    "suspend": (services.user_suspend, gettext_lazy("Suspendér"), "accounts/user_confirm.html"),
    "reactivate": (
        services.user_reactivate,
        gettext_lazy("Genaktivér"),
        "accounts/user_confirm.html",
    ),
    "revoke": (services.user_revoke, gettext_lazy("Tilbagekald"), "accounts/user_confirm.html"),
}


def _status_view(action: str):
    service, label, template = ACTIONS[action]

    @require_http_methods(["GET", "POST"])
    def view(
        request: HttpRequest, org_type: str, organisation_id: int, user_id: int
    ) -> HttpResponse:
        org = get_administered_organisation(request.user, org_type, organisation_id)
        member = get_member(org, user_id)
        if request.method == "GET":  # the confirmation step
            return render(
                request, template, {"org": org, "member": member, "action": action, "label": label}
            )
        try:
            service(acting_user=request.user, user=member, organisation=org)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("%(action)s: %(name)s.") % {"action": label, "name": member.full_name}
            )
        return redirect("accounts:org_users", org_type=org.type, organisation_id=org.id)

    view.__name__ = f"user_{action}"
    return view


user_suspend = _status_view("suspend")
user_reactivate = _status_view("reactivate")
user_revoke = _status_view("revoke")
