"""Issue 11: every URL of the project, requested with GET by every role, against an explicit
allow-table.

Each role is one of the demo accounts, an anonymous visitor, or a user of ANOTHER organisation
(staff of a second municipality with its own apprentices and selection; staff of another
school). Object URLs are tried with a few real ids per scope (the role's own organisation and
another one); the expected outcome of an object URL is "allowed" only if the role is in the
table for that URL name AND the object is in the role's scope.

Outcomes: "allowed" = 200 (or any other non-error answer, including a redirect that is not to
the login page); "login" = 302 to the login page; "refused" = 403/404/405. Anonymous visitors
are expected to get "login" wherever they are not allowed (the portal requires login by
default), except on the few public pages (the personal links, the back office's own login).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.test import Client
from django.urls import get_resolver, reverse
from django.utils import timezone

from accesslog.models import ExportJob
from accounts.models import User
from apprenticeship.models import (
    Apprentice,
    EducationAgreement,
    SchoolStaff,
    StaffSelection,
)
from companies.models import Company, CompanyStaff, Workplace
from demo.services import DemoWorld
from dropout_risk.demo import seed_demo_dropout_risk
from rejections.demo import seed_demo_rejections
from rejections.models import Rejection
from surveys import links
from surveys.demo import seed_demo_surveys
from surveys.models import Organisation, Participant, SendJob, SurveyRound
from tests.conftest import client_for
from tests.security.test_visibility_crawler import walk
from training_declarations import tokens
from training_declarations.demo import seed_demo_training_declarations
from training_declarations.models import Declaration, DeclarationLink

pytestmark = pytest.mark.django_db

DEMO_ROLES = ["admin", "virksomhed", "leder", "skole", "elev", "fylke", "kontor", "oplaering"]
# andet_firma: staff of a second municipality; anden_skole: staff of another school.
OTHER_ROLES = ["andet_firma", "anden_skole"]
ROLES = ["anonymous", *DEMO_ROLES, *OTHER_ROLES]

LOGIN_PATHS = ("/konto/login/", "/admin/login/", "/logbog/backend/login/")


@dataclass
class Scene:
    world: DemoWorld
    users: dict[str, User]
    # kwarg-name set → [(values, roles whose scope holds the object, label)]
    values: dict[frozenset[str], list[tuple[dict[str, object], frozenset[str], str]]] = field(
        default_factory=dict
    )


def _other_municipality(world: DemoWorld) -> tuple[User, Company, Workplace, Apprentice]:
    """A second municipality (SOSU employer) with its own workplace, apprentices and one
    staff member who has selected them."""
    company = Company.objects.create(cvr="12345674", name="Nabokommune", city="Nabostad")
    workplace = Workplace.objects.create(
        company=company, p_number="1099999001", name="Nabo Plejecenter", city="Nabostad"
    )
    user = User.objects.create_user("nabo@andet.test", "x" * 16, full_name="Nina Nabo")
    staff = CompanyStaff.objects.create(
        user=user, company=company, role=CompanyStaff.Role.STAFF, is_local_admin=True
    )
    today = timezone.localdate()
    apprentice = None
    for n in range(3):
        apprentice = Apprentice.objects.create(
            first_name="Nabo", last_name=f"Elev {n}", birth_date=dt.date(2001, 1, 1 + n)
        )
        EducationAgreement.objects.create(
            apprentice=apprentice,
            company=company,
            workplace=workplace,
            education=world.educations["SOSU-ASS"],
            school=world.schools["sosu"],
            start_date=today - dt.timedelta(days=100),
            end_date=today + dt.timedelta(days=900),
        )
        StaffSelection.objects.create(staff=staff, apprentice=apprentice)
    assert apprentice is not None
    return user, company, workplace, apprentice


def _other_school_staff(world: DemoWorld) -> User:
    user = User.objects.create_user("teknisk@andet.test", "x" * 16, full_name="Tage Teknik")
    SchoolStaff.objects.create(user=user, school=world.schools["teknisk"])
    return user


def _declaration_for(world: DemoWorld, email: str) -> Declaration:
    return Declaration.objects.filter(apprentice__email=email).order_by("pk").first()


def _link(declaration: Declaration) -> str:
    token, token_hash = tokens.new_token()
    DeclarationLink.objects.create(
        declaration=declaration,
        token_hash=token_hash,
        kind=DeclarationLink.Kind.REQUEST,
        created_at=timezone.now(),
        expires_at=timezone.now() + dt.timedelta(days=10),
    )
    return token


def build_scene(world: DemoWorld) -> Scene:
    seed_demo_dropout_risk(world)
    seed_demo_rejections(world)
    seed_demo_surveys(world)
    seed_demo_training_declarations(world)
    users = dict(world.users)
    users["andet_firma"], nabo, nabo_workplace, nabo_apprentice = _other_municipality(world)
    users["anden_skole"] = _other_school_staff(world)
    kommune, snedker = world.companies["kommune"], world.companies["snedker"]
    sofie = Apprentice.objects.get(user=users["elev"])
    unselected = world.apprentices[15]  # a municipality SOSU apprentice nobody selected
    joiner = Apprentice.objects.get(email="elev031@elev.demo.test")  # snedker, teknisk school

    scene = Scene(world=world, users=users)

    def visible(apprentice: Apprentice) -> frozenset[str]:
        return frozenset(
            role
            for role, user in users.items()
            if Apprentice.objects.visible_to(user).filter(pk=apprentice.pk).exists()
        )

    v = scene.values
    v[frozenset({"workplace_id"})] = [
        (
            {"workplace_id": world.workplaces["kommune"][0].pk},
            frozenset({"admin", "virksomhed", "leder"}),
            "kommune",
        ),
        (
            {"workplace_id": world.workplaces["snedker"][0].pk},
            frozenset({"admin", "oplaering"}),
            "snedker",
        ),
        ({"workplace_id": nabo_workplace.pk}, frozenset({"admin", "andet_firma"}), "nabo"),
    ]
    v[frozenset({"apprentice_id"})] = [
        ({"apprentice_id": a.pk}, visible(a), label)
        for a, label in (
            (sofie, "sofie"),
            (unselected, "kommune-unselected"),
            (joiner, "snedker"),
            (nabo_apprentice, "nabo"),
        )
    ]
    orgs = [
        ("company", kommune.pk, {"leder"}, "kommune"),
        ("company", snedker.pk, set(), "snedker"),
        ("company", nabo.pk, {"andet_firma"}, "nabo"),
        ("school", world.schools["sosu"].pk, set(), "sosu"),
    ]
    v[frozenset({"org_type", "organisation_id"})] = [
        ({"org_type": t, "organisation_id": pk}, frozenset({"admin", *owners}), label)
        for t, pk, owners, label in orgs
    ]
    v[frozenset({"org_type", "organisation_id", "user_id"})] = [
        (
            {
                "org_type": "company",
                "organisation_id": kommune.pk,
                "user_id": users["virksomhed"].pk,
            },
            frozenset({"admin", "leder"}),
            "kommune-member",
        ),
        (
            {"org_type": "company", "organisation_id": nabo.pk, "user_id": users["andet_firma"].pk},
            frozenset({"admin", "andet_firma"}),
            "nabo-member",
        ),
    ]
    kommune_rejection = Rejection.objects.filter(company=kommune).order_by("pk").first()
    v[frozenset({"rejection_id"})] = [
        ({"rejection_id": kommune_rejection.pk}, frozenset({"virksomhed", "leder"}), "kommune"),
    ]
    # Sofie's own declaration (created here) and a joinery apprentice's from the demo data.
    own = _own_declaration(world, sofie)
    joiner_declaration = _declaration_for(world, "elev031@elev.demo.test")
    v[frozenset({"declaration_id"})] = [
        ({"declaration_id": own.pk}, frozenset({"elev"}), "sofie"),
        ({"declaration_id": joiner_declaration.pk}, frozenset(), "snedker"),
    ]
    unsubmitted = Declaration.objects.exclude(status=Declaration.Status.SUBMITTED).first()
    participant = Participant.objects.order_by("pk").first()
    # Personal links: anyone holding one may open it (no login); a made-up one is refused.
    unknown = ({"token": "x" * 43}, frozenset(), "unknown")
    v[frozenset({"token", "surveys"})] = [
        ({"token": links.token_for(participant.token_nonce)}, frozenset(ROLES), "survey-link"),
        unknown,
    ]
    v[frozenset({"token", "training_declarations"})] = [
        ({"token": _link(unsubmitted)}, frozenset(ROLES), "declaration-link"),
        unknown,
    ]
    rounds = list(SurveyRound.objects.order_by("year"))
    v[frozenset({"round_id"})] = [
        ({"round_id": r.pk}, frozenset({"fylke", "kontor"}), f"round-{r.year}") for r in rounds
    ]
    v[frozenset({"job_id"})] = [
        ({"job_id": job.pk}, _survey_scope(job.organisation), f"job-{job.organisation.kind}")
        for job in SendJob.objects.order_by("pk")[:2]
    ]
    v[frozenset({"organisation_id"})] = [
        ({"organisation_id": o.pk}, _survey_scope(o), f"org-{o.kind}-{o.pk}")
        for o in Organisation.objects.order_by("pk")[:3]
    ]
    # Background access-log exports: only the owner, still allowed to export, gets in (an
    # unfinished job's download link leads back to its status page).
    admin_job = ExportJob.objects.create(owner=users["admin"], kind="admin", parameters={})
    leder_job = ExportJob.objects.create(
        owner=users["leder"], kind="company", parameters={"organisation_id": kommune.pk}
    )
    v[frozenset({"export_id"})] = [
        ({"export_id": admin_job.pk}, frozenset({"admin"}), "export-admin"),
        ({"export_id": leder_job.pk}, frozenset({"leder"}), "export-leder"),
    ]
    return scene


def _survey_scope(organisation: Organisation) -> frozenset[str]:
    roles = set()
    fylke = Organisation.objects.get(administrators__user__email="fylke@demo.test")
    kontor = Organisation.objects.get(administrators__user__email="kontor@demo.test")
    # Each organisation's own administrators only: a county does not manage the training
    # offices in it, nor see their send jobs.
    if organisation.pk == fylke.pk:
        roles.add("fylke")
    if organisation.pk == kontor.pk:
        roles.add("kontor")
    return frozenset(roles)


def _own_declaration(world: DemoWorld, apprentice: Apprentice) -> Declaration:
    from training_declarations.models import GoalCatalogue
    from training_declarations.services import declaration_create

    catalogue = GoalCatalogue.objects.filter(education=world.educations["SOSU-ASS"]).first()
    return declaration_create(
        apprentice=apprentice,
        acting_user=apprentice.user,
        training_type=Declaration.TrainingType.COMPANY,
        catalogue=catalogue,
        period_end=timezone.localdate() + dt.timedelta(days=20),
        main_course=1,
        school=world.schools["sosu"],
        team="SOSU-24",
        responsible_email="ansvarlig@demo.test",
        school_emails=["kontakt@sosu.demo.test"],
        cvr=world.companies["kommune"].cvr,
    )


PARAM = re.compile(r"<(?:\w+:)?(\w+)>")
# allauth's own keyed pages: a made-up key is enough (they answer the same for any key).
ALLAUTH_DUMMIES = {
    "account_confirm_email": "/konto/confirm-email/abc:def/",
    "account_reset_password_from_key": "/konto/password/reset/key/1-abc/",
    "openid_connect_login": "/konto/oidc/nope/login/",
    "openid_connect_callback": "/konto/oidc/nope/login/callback/",
}


@dataclass(frozen=True)
class Probe:
    name: str
    url: str
    scope: frozenset[str] | None  # roles whose scope holds the object; None: no object
    label: str = ""


def _key(route: str, name: str) -> str:
    """URL name, or for unnamed patterns the route (allauth's old aliases, the admin's
    object-id redirects)."""
    return name if not name.endswith("None") else f"{name.split(':')[0]}:{route}"


def admin_probes(route: str, name: str) -> Iterator[Probe]:
    """Admin pages: the model pages with the model's first object (or a missing id)."""
    key = _key(route, name)
    if name == "admin:app_list":
        yield Probe(key, reverse(name, kwargs={"app_label": "companies"}), None)
    elif "(?P<url>" in route:
        yield Probe(key, "/admin/nope/", None)
    elif not PARAM.search(route):
        yield Probe(key, "/" + route, None)
    elif name == "admin:view_on_site":
        yield Probe(key, "/admin/r/1/1/", None)
    else:
        app_label, model_name = route.split("/")[1:3]
        model = apps.get_model(app_label, model_name)
        pk = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
        yield Probe(key, "/" + PARAM.sub(str(pk or 999999), route), None)


def probes(scene: Scene) -> Iterator[Probe]:
    for route, name in walk(get_resolver().url_patterns):
        if route.startswith("admin/"):
            yield from admin_probes(route, name)
            continue
        key = _key(route, name)
        if key in ALLAUTH_DUMMIES:
            yield Probe(key, ALLAUTH_DUMMIES[key], None)
            continue
        params = frozenset(PARAM.findall(route))
        if params == {"token"}:
            params |= {name.split(":")[0]}
        if not params:
            yield Probe(key, "/" + route, None)
            continue
        assert params in scene.values, f"{key}: add values for {sorted(params)} to build_scene()"
        for values, scope, label in scene.values[params]:
            url = PARAM.sub(lambda m, c=values: str(c[m[1]]), route)
            yield Probe(key, "/" + url, scope, label)


def outcome(response) -> str:
    status = response.status_code
    if status >= 500:
        return f"error-{status}"
    if status in (301, 302, 303, 307, 308):
        location = response["Location"]
        return "login" if location.split("?")[0].endswith(LOGIN_PATHS) else "allowed"
    if status in (401, 403, 404, 405):
        return "refused"
    # 400: the view let the user in and then refused the (missing) query parameters.
    if status in (200, 204, 400):
        return "allowed"
    return f"other-{status}"


def client_for_role(scene: Scene, role: str) -> Client:
    return Client() if role == "anonymous" else client_for(scene.users[role])


def observe(scene: Scene, roles: list[str]) -> dict[tuple[Probe, str], str]:
    seen = {}
    for role in roles:
        client = client_for_role(scene, role)
        for probe in probes(scene):
            seen[(probe, role)] = outcome(client.get(probe.url))
            if "logout" in probe.name or "log_ud" in probe.name:
                client = client_for_role(scene, role)
    return seen


# ---------------------------------------------------------------------------------------------
# The allow-table: URL name → the roles that may GET it (for object URLs: when the object is in
# their scope). POST-only URLs allow nobody a GET (405); they are listed with an empty set.

USERS = frozenset(DEMO_ROLES + OTHER_ROLES)  # every logged-in role
PUBLIC = USERS | {"anonymous"}
ADMIN = frozenset({"admin"})
COMPANY_STAFF = frozenset({"virksomhed", "leder", "oplaering", "andet_firma"})
# Staff of companies that employ SOSU apprentices (rejections, dropout risk).
SOSU_STAFF = frozenset({"virksomhed", "leder", "andet_firma"})
SCHOOL_STAFF = frozenset({"skole", "anden_skole"})
LOCAL_ADMINS = frozenset({"admin", "leder", "andet_firma"})
SURVEY_ADMINS = frozenset({"fylke", "kontor"})
NOBODY: frozenset[str] = frozenset()

ALLOWED: dict[str, frozenset[str]] = {
    "home": USERS,
    "set_language": PUBLIC,
    # accounts
    "accounts:terms": USERS,
    "accounts:ping": USERS,
    "accounts:users": LOCAL_ADMINS,
    "accounts:org_users": LOCAL_ADMINS,
    "accounts:user_create": LOCAL_ADMINS,
    "accounts:user_suspend": LOCAL_ADMINS,  # GET: the confirmation page
    "accounts:user_reactivate": LOCAL_ADMINS,
    "accounts:user_revoke": LOCAL_ADMINS,
    # companies
    "companies:company": COMPANY_STAFF | ADMIN,
    "companies:workplace_list": COMPANY_STAFF | ADMIN,
    "companies:workplace_detail": COMPANY_STAFF | ADMIN,
    "companies:workplace_contact_edit": COMPANY_STAFF | ADMIN,
    "companies:workplace_contact_save": NOBODY,
    # apprenticeship
    "apprenticeship:my_page": frozenset({"elev"}),
    "apprenticeship:my_accesses": frozenset({"elev"}),
    "apprenticeship:my_apprentices": COMPANY_STAFF,
    "apprenticeship:selection_add": NOBODY,
    "apprenticeship:selection_remove": NOBODY,
    "apprenticeship:apprentice_detail": USERS,  # scope: Apprentice.objects.visible_to
    # accesslog
    "accesslog:list": ADMIN,
    "accesslog:export": ADMIN,
    "accesslog:company": frozenset({"leder"}),  # company managers
    "accesslog:company_export": frozenset({"leder"}),
    "accesslog:export_job": ADMIN | {"leder"},  # scope: the job's owner
    "accesslog:export_job_status": ADMIN | {"leder"},
    "accesslog:export_download": ADMIN | {"leder"},
    # dropout_risk
    "dropout_risk:company_overview": COMPANY_STAFF,
    "dropout_risk:assessment_edit": SOSU_STAFF,  # scope: the staff's own selection
    "dropout_risk:school_overview": SCHOOL_STAFF,
    "dropout_risk:school_export": SCHOOL_STAFF,
    "dropout_risk:student_profile": SCHOOL_STAFF | ADMIN,
    "dropout_risk:my_course": frozenset({"elev"}),
    "dropout_risk:statistics": SCHOOL_STAFF | ADMIN,
    # rejections
    "rejections:register": SOSU_STAFF,
    "rejections:list": SOSU_STAFF,
    "rejections:export": SOSU_STAFF,
    "rejections:cancel_confirm": SOSU_STAFF,
    "rejections:cancel": NOBODY,
    "rejections:statistics": USERS,  # aggregated, small numbers suppressed
    # surveys
    "surveys:home": SURVEY_ADMINS,
    "surveys:round_dashboard": SURVEY_ADMINS,
    "surveys:round_stats": SURVEY_ADMINS,
    "surveys:register_import": SURVEY_ADMINS,
    "surveys:data_quality": SURVEY_ADMINS,
    "surveys:send_invitations": NOBODY,
    "surveys:send_reminder": NOBODY,
    "surveys:results": SURVEY_ADMINS,
    "surveys:import_template": USERS,  # an empty CSV template
    "surveys:job_detail": SURVEY_ADMINS,
    "surveys:job_progress": SURVEY_ADMINS,
    "surveys:access_overview": SURVEY_ADMINS,
    "surveys:access_members": SURVEY_ADMINS,
    "surveys:role_grant": NOBODY,
    "surveys:role_revoke": NOBODY,
    "surveys:answer": PUBLIC,  # scope: the holder of the personal link
    # training_declarations
    "training_declarations:apprentice_list": frozenset({"elev"}),
    "training_declarations:declaration_create": frozenset({"elev"}),
    "training_declarations:profile": frozenset({"elev"}),
    "training_declarations:apprentice_detail": frozenset({"elev"}),  # scope: own requests
    "training_declarations:declaration_renew": NOBODY,
    "training_declarations:rating_done": PUBLIC,
    "training_declarations:rating_form": PUBLIC,  # scope: the holder of the link
    "training_declarations:rating_confirm": PUBLIC,
    "training_declarations:rating_save": NOBODY,
    "training_declarations:rating_review": NOBODY,
    "training_declarations:rating_submit": NOBODY,
    "training_declarations:link_renewal": NOBODY,
    "training_declarations:backoffice_login": PUBLIC,
    "training_declarations:backoffice_code": PUBLIC,
    "training_declarations:backoffice_logout": NOBODY,
    # The back office needs its own e-mail-code session: no portal login gets in.
    "training_declarations:backoffice_overview": NOBODY,
    "training_declarations:backoffice_export": NOBODY,
    "training_declarations:backoffice_detail": NOBODY,
    # allauth: public sign-in pages, and the account pages of a logged-in user
    "account_login": PUBLIC,
    "account_logout": PUBLIC,
    "account_inactive": PUBLIC,
    "account_signup": PUBLIC,
    "account_email_verification_sent": PUBLIC,
    "account_confirm_email": PUBLIC,
    # Login by code is off (LOGIN_BY_CODE_ENABLED): with no pending login the confirm page
    # sends a visitor to the login page, and a logged-in user on to the front page.
    "account_confirm_login_code": USERS,
    "account_reset_password": PUBLIC,
    "account_reset_password_done": PUBLIC,
    "account_reset_password_from_key": PUBLIC,
    "account_reset_password_from_key_done": PUBLIC,
    "socialaccount_login_cancelled": PUBLIC,
    "account_reauthenticate": USERS,
    "account_request_reauthentication_code": USERS,
    "account_confirm_reauthentication_code": USERS,
    "account_email": USERS,
    "account_change_password": USERS,
    "account_set_password": USERS,
    "mfa_index": USERS,
    "mfa_authenticate": USERS,
    "mfa_reauthenticate": USERS,
    "mfa_activate_totp": USERS,
    "mfa_generate_recovery_codes": USERS,
    "mfa_deactivate_totp": NOBODY,  # nobody has a TOTP device in the demo
    "mfa_view_recovery_codes": NOBODY,
    "mfa_download_recovery_codes": NOBODY,
    "socialaccount_connections": USERS,
    "socialaccount_login_error": NOBODY,  # 401 without a failed login in progress
    "socialaccount_signup": NOBODY,  # no pending social sign-up
    "openid_connect_login": NOBODY,  # unknown provider id
    "openid_connect_callback": NOBODY,
    "None:konto/social/login/cancelled/": USERS,  # allauth's old aliases
    "None:konto/social/login/error/": USERS,
    "None:konto/social/signup/": USERS,
    "None:konto/social/connections/": USERS,
}

# The admin: every page for portal admins only (non-staff are sent to the login page);
# these few answer differently for everyone.
ADMIN_EXCEPTIONS: dict[str, frozenset[str]] = {
    "admin:login": NOBODY,  # redirects everyone to allauth's login page
    "admin:autocomplete": NOBODY,  # 403 without its query parameters
    "admin:view_on_site": NOBODY,  # a made-up content type: 404
    "admin:admin/(?P<url>.*)$": NOBODY,  # the catch-all: 404
} | {
    # Read-only or append-only records (access log, terms acceptances, assessments,
    # rejections, declarations, send jobs ...): no add or delete page even for admins.
    f"admin:{name}": NOBODY
    for name in (
        "accounts_termsacceptance_add",
        "accounts_termsacceptance_delete",
        "accounts_loginevent_add",
        "accounts_loginevent_delete",
        "accounts_userstatuschange_add",
        "accounts_userstatuschange_delete",
        "accesslog_accesslogentry_add",
        "accesslog_accesslogentry_delete",
        "accesslog_accesslogseal_add",
        "accesslog_accesslogseal_delete",
        "accesslog_accesslogpurge_add",
        "accesslog_accesslogpurge_delete",
        "companies_workplace_add",  # workplaces come from CVR
        "dropout_risk_assessment_add",
        "dropout_risk_assessment_delete",
        "dropout_risk_latestassessment_add",
        "dropout_risk_latestassessment_delete",
        "dropout_risk_revisitreminder_add",
        "dropout_risk_revisitreminder_delete",
        "rejections_rejectionreason_delete",
        "rejections_rejection_add",
        "rejections_rejection_delete",
        "rejections_cancellation_add",
        "rejections_cancellation_delete",
        "training_declarations_declaration_add",
        "training_declarations_declaration_delete",
        "training_declarations_backofficeloginfailure_add",
        "training_declarations_backofficeloginattempt_add",
        "surveys_sendjob_add",
    )
}
# Checked only for "no server error": the admin's logout is POST-only for staff (405) and
# sends anyone else away; neither shows or changes anything.
UNCHECKED = frozenset({"admin:logout"})


# Pages that refuse an anonymous visitor outright instead of sending them to the login page.
ANONYMOUS_REFUSED = frozenset(
    {"openid_connect_login", "openid_connect_callback", "training_declarations:backoffice_logout"}
)


def allowed_table() -> dict[str, frozenset[str]]:
    table = dict(ALLOWED)
    for route, name in walk(get_resolver().url_patterns):
        if route.startswith("admin/"):
            key = _key(route, name)
            table[key] = ADMIN_EXCEPTIONS.get(key, ADMIN)
    return table


def expected(table: dict[str, frozenset[str]], probe: Probe, role: str) -> str:
    in_scope = probe.scope is None or role in probe.scope
    return "allowed" if role in table[probe.name] and in_scope else "refused"


def test_every_url_name_is_in_the_allow_table() -> None:
    table = allowed_table()
    names = {_key(route, name) for route, name in walk(get_resolver().url_patterns)}
    missing = sorted(names - table.keys())
    assert not missing, f"add these URL names to ALLOWED: {missing}"
    assert not sorted(table.keys() - names), "ALLOWED names a URL that no longer exists"


def test_every_url_answers_each_role_as_the_allow_table_says(world) -> None:
    scene = build_scene(world)
    table = allowed_table()
    wrong = []
    for (probe, role), got in observe(scene, ROLES).items():
        assert not got.startswith("error"), f"{probe.url} as {role}: {got}"
        if probe.name in UNCHECKED:
            continue
        want = expected(table, probe, role)
        ok = got == "allowed" if want == "allowed" else got in {"refused", "login"}
        if role == "anonymous" and want != "allowed" and probe.scope is None:
            ok = got == "login" or probe.name in ANONYMOUS_REFUSED
        if not ok:
            wrong.append(f"{probe.url} ({probe.name} {probe.label}) as {role}: {got}, want {want}")
    assert not wrong, f"{len(wrong)} answers differ from the table:\n" + "\n".join(wrong)


# ---------------------------------------------------------------------------------------------
# Explicit IDOR checks: a real id of another organisation's (or person's) object is refused.


def test_another_companys_workplace_id_is_refused(world) -> None:
    _, _, nabo_workplace, _ = _other_municipality(world)
    client = client_for(world.users["virksomhed"])
    for name in ("workplace_detail", "workplace_contact_edit"):
        url = reverse(f"companies:{name}", args=[nabo_workplace.pk])
        assert client.get(url).status_code == 404, url
    save = reverse("companies:workplace_contact_save", args=[nabo_workplace.pk])
    response = client.post(save, {"contact_person": "Indbrud", "email": "x@example.test"})
    assert response.status_code == 404
    nabo_workplace.refresh_from_db()
    assert nabo_workplace.contact_person == ""


def test_another_schools_student_id_is_refused(world) -> None:
    joiner = Apprentice.objects.filter(agreements__school=world.schools["teknisk"]).first()
    client = client_for(world.users["skole"])  # staff at SOSU Havnestad
    for name in ("dropout_risk:student_profile", "apprenticeship:apprentice_detail"):
        assert client.get(reverse(name, args=[joiner.pk])).status_code == 404, name


def test_another_apprentices_declaration_id_is_refused(world) -> None:
    seed_demo_training_declarations(world)
    someone_elses = _declaration_for(world, "elev031@elev.demo.test")
    client = client_for(world.users["elev"])
    detail = reverse("training_declarations:apprentice_detail", args=[someone_elses.pk])
    assert client.get(detail).status_code == 404
    renew = reverse("training_declarations:declaration_renew", args=[someone_elses.pk])
    assert client.post(renew).status_code == 404


def test_another_companys_selection_cannot_be_changed(world) -> None:
    _, _, _, nabo_apprentice = _other_municipality(world)
    client = client_for(world.users["virksomhed"])
    client.post(reverse("apprenticeship:selection_add"), {"apprentices": [nabo_apprentice.pk]})
    staff = CompanyStaff.objects.get(user=world.users["virksomhed"])
    assert not StaffSelection.objects.filter(staff=staff, apprentice=nabo_apprentice).exists()
    url = reverse("dropout_risk:assessment_edit", args=[nabo_apprentice.pk])
    assert client.get(url).status_code == 404
