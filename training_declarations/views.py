"""Pages of the training declarations (Logbog), in three areas:

- the apprentice's (a portal login with an Apprentice record; 404 for anyone else);
- the training responsible's personal link (no account: @login_not_required; a GET never
  uses the link up, only the final submit does);
- the back office (an e-mail address and a one-time code; @backoffice_required).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accesslog.services import record, record_for_user
from accounts.client_ip import client_ip
from accounts.pagination import CountInPagePaginator
from accounts.redirects import local_url
from accounts.roles import Role, RoleKind, request_roles
from training_declarations import backoffice, exports, roles, selectors, services
from training_declarations.access import (
    LinkState,
    get_backoffice_declaration,
    get_own_apprentice,
    get_own_declaration,
    resolve_link,
)
from training_declarations.filters import BackofficeFilter
from training_declarations.forms import (
    BackofficeCodeForm,
    BackofficeLoginForm,
    DeclarationCreateForm,
    ProfileForm,
    RatingForm,
    rating_initial,
)
from training_declarations.models import Declaration

PAGE_SIZE = 50
T = "training_declarations/"


# --- The apprentice -----------------------------------------------------------------------


def _log_own(request: HttpRequest, purpose: str, apprentice_id: int) -> None:
    """The apprentice reading their own data, logged in their apprentice role even if they
    also hold another (the default would be the first role)."""
    role: Role | None = next(
        (r for r in request_roles(request) if r.kind == RoleKind.APPRENTICE), None
    )
    record(request=request, purpose=purpose, apprentice_ids=[apprentice_id], role=role)


@require_GET
def apprentice_list(request: HttpRequest) -> HttpResponse:
    """ "Se erklæringer": the apprentice's requests and their status."""
    apprentice = get_own_apprentice(request.user)
    page = Paginator(selectors.declarations_of(apprentice), PAGE_SIZE).get_page(
        request.GET.get("side")
    )
    _log_own(request, roles.PURPOSE_LIST, apprentice.pk)
    return render(request, T + "apprentice_list.html", {"page": page, "apprentice": apprentice})


@require_http_methods(["GET", "POST"])
def declaration_create(request: HttpRequest) -> HttpResponse:
    """ "Opret erklæring om oplæring": the request to the training responsible."""
    apprentice = get_own_apprentice(request.user)
    form = DeclarationCreateForm(request.POST or None, initial=_create_initial(apprentice))
    if request.method == "POST" and form.is_valid():
        try:
            declaration = services.declaration_create(
                apprentice=apprentice,
                acting_user=request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Anmodningen er sendt til %(email)s.") % {"email": declaration.responsible_email},
            )
            return redirect(
                "training_declarations:apprentice_detail", declaration_id=declaration.pk
            )
    _log_own(request, roles.PURPOSE_CREATE, apprentice.pk)
    return render(request, T + "declaration_create.html", {"form": form})


def _create_initial(apprentice) -> dict[str, object]:
    """Prefilled from the current agreement, the profile and the last request."""
    initial: dict[str, object] = {"training_type": Declaration.TrainingType.COMPANY}
    profile = selectors.profile_of(apprentice)
    agreement = selectors.current_agreement(apprentice)
    last = selectors.last_declaration(apprentice)
    catalogue = profile.catalogue if profile else None
    if agreement is not None:
        catalogue = catalogue or selectors.catalogue_for(
            agreement.education_id, agreement.specialty_id
        )
        initial.update(school=agreement.school_id, team=agreement.team, cvr=agreement.company.cvr)
    if last is not None:
        initial.setdefault("school", last.school_id)
        initial.setdefault("team", last.team)
        initial.setdefault("cvr", last.cvr)
        initial["responsible_email"] = last.responsible_email
        initial["school_emails"] = "\n".join(c.email for c in last.school_contacts.all())
        catalogue = catalogue or last.catalogue
    if catalogue is not None:
        initial["catalogue"] = catalogue.pk
    return initial


@require_GET
def apprentice_detail(request: HttpRequest, declaration_id: int) -> HttpResponse:
    declaration = get_own_declaration(request.user, declaration_id)
    goals = list(declaration.goals.all()) if declaration.is_submitted else []
    _log_own(request, roles.PURPOSE_DETAIL, declaration.apprentice_id)
    return render(
        request,
        T + "apprentice_detail.html",
        {
            "declaration": declaration,
            "goals": goals,
            "contacts": list(declaration.school_contacts.all()),
            "can_renew": not declaration.is_submitted,
        },
    )


@require_POST
def declaration_renew(request: HttpRequest, declaration_id: int) -> HttpResponse:
    """Send the request again with a new link (the old links stop working)."""
    declaration = get_own_declaration(request.user, declaration_id)
    try:
        services.declaration_renew(declaration=declaration, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Der er sendt et nyt link til %(email)s.") % {"email": declaration.responsible_email},
        )
    return redirect("training_declarations:apprentice_detail", declaration_id=declaration.pk)


@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    """Name, e-mail and the education (specialty) prefilled on new requests."""
    apprentice = get_own_apprentice(request.user)
    saved = selectors.profile_of(apprentice)
    initial = {
        "first_name": apprentice.first_name,
        "last_name": apprentice.last_name,
        "email": apprentice.email or request.user.email,
        "catalogue": saved.catalogue_id if saved else None,
    }
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_update(
                apprentice=apprentice, acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Din profil er gemt."))
            return redirect("training_declarations:profile")
    _log_own(request, roles.PURPOSE_PROFILE, apprentice.pk)
    return render(request, T + "profile.html", {"form": form})


# --- The training responsible's personal link ---------------------------------------------


def _usable_link(request: HttpRequest, token: str) -> LinkState | HttpResponse:
    """The link's state, or the page that explains why it cannot be used."""
    state = resolve_link(token)
    if state is None:
        return render(request, T + "link_invalid.html", status=404)
    if not state.is_valid:
        return _unusable(request, token, state)
    return state


def _unusable(request: HttpRequest, token: str, state: LinkState) -> HttpResponse:
    context = {"state": state.state, "token": token, "requested": state.link.renewal_requested_at}
    return render(request, T + "link_unusable.html", context, status=410)


def _log_link_access(request: HttpRequest, declaration: Declaration) -> None:
    record_for_user(
        user=request.user,
        purpose=roles.PURPOSE_RATING,
        apprentice_ids=[declaration.apprentice_id],
        role=roles.link_role(
            company_name=declaration.company_name,
            cvr=declaration.cvr,
            email=declaration.responsible_email,
        ),
        ip=client_ip(request),
        url_name=request.resolver_match.view_name if request.resolver_match else "",
    )


def _render_rating(
    request: HttpRequest, token: str, declaration: Declaration, form: RatingForm
) -> HttpResponse:
    _log_link_access(request, declaration)
    return render(
        request, T + "rating_form.html", {"declaration": declaration, "form": form, "token": token}
    )


@login_not_required
@require_GET
def rating_form(request: HttpRequest, token: str) -> HttpResponse:
    """The declaration to fill in. Opening it marks it "åbnet" and nothing else."""
    state = _usable_link(request, token)
    if isinstance(state, HttpResponse):
        return state
    declaration = state.declaration
    services.declaration_mark_opened(declaration=declaration)
    goals = list(declaration.goals.all())
    form = RatingForm(goals=goals, require_all=False, initial=rating_initial(declaration, goals))
    return _render_rating(request, token, declaration, form)


@login_not_required
@require_POST
def rating_save(request: HttpRequest, token: str) -> HttpResponse:
    """Save a draft; the training responsible can come back to it from the same link."""
    state = _usable_link(request, token)
    if isinstance(state, HttpResponse):
        return state
    form = RatingForm(request.POST, goals=list(state.declaration.goals.all()), require_all=False)
    if not form.is_valid():
        return _render_rating(request, token, state.declaration, form)
    if not _save_draft(state.declaration, form):
        return _unusable(request, token, resolve_link(token))
    messages.success(request, _("Kladden er gemt. Du kan fortsætte senere fra linket i e-mailen."))
    return redirect("training_declarations:rating_form", token=token)


@login_not_required
@require_POST
def rating_review(request: HttpRequest, token: str) -> HttpResponse:
    """Check that everything is answered, save it, and go on to the confirmation step."""
    state = _usable_link(request, token)
    if isinstance(state, HttpResponse):
        return state
    goals = list(state.declaration.goals.all())
    form = RatingForm(request.POST, goals=goals, require_all=True)
    if not form.is_valid():
        # Keep what was answered, so nothing is lost if the page is closed now.
        draft = RatingForm(request.POST, goals=goals, require_all=False)
        if draft.is_valid():
            _save_draft(state.declaration, draft)
        return _render_rating(request, token, state.declaration, form)
    if not _save_draft(state.declaration, form):
        return _unusable(request, token, resolve_link(token))
    return redirect("training_declarations:rating_confirm", token=token)


def _save_draft(declaration: Declaration, form: RatingForm) -> bool:
    try:
        services.declaration_save_draft(
            declaration=declaration,
            levels=form.levels(),
            work_areas=form.cleaned_data.get("work_areas") or "",
            special_needs=form.cleaned_data.get("special_needs") or "",
        )
    except ValidationError:
        return False  # submitted meanwhile
    return True


@login_not_required
@require_GET
def rating_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The confirmation step: the whole declaration as it will be sent."""
    state = _usable_link(request, token)
    if isinstance(state, HttpResponse):
        return state
    declaration = state.declaration
    goals = list(declaration.goals.all())
    if any(goal.level is None for goal in goals):
        messages.error(request, _("Alle oplæringsmål skal have et niveau, før du kan sende."))
        return redirect("training_declarations:rating_form", token=token)
    _log_link_access(request, declaration)
    return render(
        request,
        T + "rating_confirm.html",
        {
            "declaration": declaration,
            "goals": goals,
            "token": token,
            "contacts": list(declaration.school_contacts.all()),
        },
    )


@login_not_required
@require_POST
def rating_submit(request: HttpRequest, token: str) -> HttpResponse:
    """Lock the declaration and send it to the school contacts and the apprentice."""
    state = _usable_link(request, token)
    if isinstance(state, HttpResponse):
        return state
    try:
        services.declaration_submit(declaration=state.declaration)
    except ValidationError as error:
        if error.code == "incomplete":
            messages.error(request, " ".join(error.messages))
            return redirect("training_declarations:rating_form", token=token)
        return _unusable(request, token, resolve_link(token))
    return redirect("training_declarations:rating_done")


@login_not_required
@require_GET
def rating_done(request: HttpRequest) -> HttpResponse:
    return render(request, T + "rating_done.html")


@login_not_required
@require_POST
def link_renewal_request(request: HttpRequest, token: str) -> HttpResponse:
    """From the expired-link page: ask the apprentice to send a new link."""
    state = resolve_link(token)
    if state is None:
        return render(request, T + "link_invalid.html", status=404)
    if state.is_valid:
        return redirect("training_declarations:rating_form", token=token)
    if state.state == LinkState.SUBMITTED:
        return _unusable(request, token, state)
    services.link_renewal_request(link=state.link)
    return render(request, T + "link_renewal_requested.html")


# --- The back office ----------------------------------------------------------------------


def backoffice_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For back-office pages: the session must hold a back-office address that has not
    expired. Outside Django's login (the identity is an address, not a User)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        email = backoffice.session_email(request)
        if email is None:
            login = reverse("training_declarations:backoffice_login")
            return redirect(f"{login}?{urlencode({'next': request.get_full_path()})}")
        request.backoffice_email = email  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return login_not_required(wrapper)


def _log_backoffice(request: HttpRequest, purpose: str, apprentice_ids: list[int]) -> None:
    record_for_user(
        user=request.user,
        purpose=purpose,
        apprentice_ids=apprentice_ids,
        role=roles.backoffice_role(request.backoffice_email),  # type: ignore[attr-defined]
        ip=client_ip(request),
        url_name=request.resolver_match.view_name if request.resolver_match else "",
    )


def _backoffice_next(request: HttpRequest) -> str:
    target = local_url(request, request.POST.get("next") or request.GET.get("next")) or ""
    prefix = reverse("training_declarations:backoffice_overview")
    if target.startswith(prefix):
        return target
    return prefix


@login_not_required
@require_http_methods(["GET", "POST"])
def backoffice_login(request: HttpRequest) -> HttpResponse:
    """Step 1: the e-mail address. Known and unknown addresses get the same answer."""
    if backoffice.session_email(request):
        return redirect(_backoffice_next(request))
    form = BackofficeLoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = backoffice.normalise_email(form.cleaned_data["email"])
        try:
            key = backoffice.code_request(email=email, ip=client_ip(request))
        except backoffice.LoginRefused as refused:
            form.add_error(None, refused.message)
        else:
            backoffice.session_start_attempt(request, key)
            request.session[backoffice.SESSION_NEXT] = _backoffice_next(request)
            request.session["backoffice_attempt_email"] = email
            return redirect("training_declarations:backoffice_code")
    return render(
        request, T + "backoffice_login.html", {"form": form, "next": _backoffice_next(request)}
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def backoffice_code(request: HttpRequest) -> HttpResponse:
    """Step 2: the code from the e-mail, in the same browser session."""
    form = BackofficeCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            email = backoffice.code_verify(
                attempt_key=request.session.get(backoffice.SESSION_ATTEMPT),
                code=form.cleaned_data["code"],
                ip=client_ip(request),
            )
        except backoffice.LoginRefused as refused:
            form.add_error("code", refused.message)
        else:
            target = request.session.get(backoffice.SESSION_NEXT) or ""
            backoffice.session_login(request, email)
            return redirect(target or "training_declarations:backoffice_overview")
    return render(
        request,
        T + "backoffice_code.html",
        {"form": form, "email": request.session.get("backoffice_attempt_email", "")},
    )


@login_not_required
@require_POST
def backoffice_logout(request: HttpRequest) -> HttpResponse:
    backoffice.session_logout(request)
    messages.info(request, _("Du er logget ud af backend."))
    return redirect("training_declarations:backoffice_login")


def _backoffice_filter(request: HttpRequest) -> BackofficeFilter:
    """The declarations on which the logged-in address was entered, filtered as asked."""
    email = request.backoffice_email  # type: ignore[attr-defined]
    declarations = selectors.backoffice_declarations(email)
    return BackofficeFilter(request.GET or None, queryset=declarations, email=email)


@backoffice_required
@require_GET
def backoffice_overview(request: HttpRequest) -> HttpResponse:
    """The declarations on which the logged-in address was entered, filtered and paged."""
    filterset = _backoffice_filter(request)
    # The declarations with the user's address (a few hundred at most): total with the page.
    records = filterset.qs.values(*selectors.BACKOFFICE_COLUMNS)
    page = CountInPagePaginator(records, PAGE_SIZE).get_page(request.GET.get("side"))
    page.object_list = selectors.backoffice_rows(page.object_list, timezone.now())
    _log_backoffice(request, roles.PURPOSE_BACKOFFICE, [d.apprentice_id for d in page.object_list])
    params = request.GET.copy()
    params.pop("side", None)
    return render(
        request,
        T + "backoffice_overview.html",
        {"filter": filterset, "page": page, "querystring": params.urlencode()},
    )


@backoffice_required
@require_GET
def backoffice_export(request: HttpRequest) -> HttpResponse:
    filterset = _backoffice_filter(request)
    file, apprentice_ids = exports.declarations_xlsx(filterset.qs)
    _log_backoffice(request, roles.PURPOSE_BACKOFFICE_EXPORT, apprentice_ids)
    return FileResponse(
        file,
        as_attachment=True,
        filename="erklaeringer-om-oplaering.xlsx",
        content_type=exports.XLSX_CONTENT_TYPE,
    )


@backoffice_required
@require_GET
def backoffice_detail(request: HttpRequest, declaration_id: int) -> HttpResponse:
    declaration = get_backoffice_declaration(request.backoffice_email, declaration_id)  # type: ignore[attr-defined]
    goals = list(declaration.goals.all()) if declaration.is_submitted else []
    _log_backoffice(request, roles.PURPOSE_BACKOFFICE_DETAIL, [declaration.apprentice_id])
    return render(
        request,
        T + "backoffice_detail.html",
        {
            "declaration": declaration,
            "goals": goals,
            "contacts": list(declaration.school_contacts.all()),
        },
    )
