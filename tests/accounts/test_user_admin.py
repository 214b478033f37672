"""User administration by the organisation's local administrator (issue 9)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import LoginEvent, TermsAcceptance, TermsVersion, User, UserStatusChange
from accounts.services import erase_expired_users, user_revoke
from companies.models import CompanyStaff
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def org_url(name: str, company, *extra: int) -> str:
    return reverse(f"accounts:{name}", args=["company", company.pk, *extra])


def create_user(client: Client, company, **overrides: str):
    data = {"full_name": "Mona Madsen", "email": "mona@havnestad.demo.test", "role": "staff"}
    data.update(overrides)
    return client.post(org_url("user_create", company), data)


def test_the_local_administrator_creates_a_user_who_signs_terms_and_obligations(world) -> None:
    kommune = world.companies["kommune"]
    response = create_user(client_for(world.users["leder"]), kommune)
    assert response.status_code == 302
    user = User.objects.get(email="mona@havnestad.demo.test")
    assert CompanyStaff.objects.filter(user=user, company=kommune, role="staff").exists()
    assert not user.has_usable_password()
    assert [m.to for m in mail.outbox] == [["mona@havnestad.demo.test"]]  # set-password link

    user.set_password("a-long-password-2026")
    user.save()
    client = Client()
    client.post(reverse("account_login"), {"login": user.email, "password": "a-long-password-2026"})
    titles = []
    for _document in range(2):
        page = client.get(reverse("accounts:terms"))
        titles.append(page.context["terms"].title)
        client.post(reverse("accounts:terms"), {"accept": "on", "next": "/"})
    assert titles == ["Vilkår for brug af Læreportal", "Brugerens forpligtelser"]
    assert TermsAcceptance.objects.filter(user=user).count() == 2
    assert client.get("/").status_code == 200


def test_a_duplicate_email_is_refused_and_the_form_keeps_the_input(world) -> None:
    response = create_user(
        client_for(world.users["leder"]),
        world.companies["kommune"],
        email="virksomhed@demo.test",
        full_name="Dobbelt Person",
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Der findes allerede en bruger med denne e-mail" in body
    assert 'value="Dobbelt Person"' in body


def test_suspension_ends_an_open_session_at_the_next_request(world) -> None:
    victim = world.users["virksomhed"]
    victim_client = client_for(victim)
    assert victim_client.get("/").status_code == 200
    admin = client_for(world.users["leder"])
    response = admin.post(org_url("user_suspend", world.companies["kommune"], victim.pk))
    assert response.status_code == 302
    after = victim_client.get("/")
    assert after.status_code == 302 and after.url.startswith(reverse("account_login"))
    victim.refresh_from_db()
    assert victim.status == User.Status.SUSPENDED

    admin.post(org_url("user_reactivate", world.companies["kommune"], victim.pk))
    victim.refresh_from_db()
    assert victim.is_active and victim.status == User.Status.ACTIVE
    actions = list(victim.status_changes.order_by("at").values_list("action", flat=True))
    assert actions == ["suspended", "reactivated"]


def test_a_suspended_user_cannot_log_in_and_the_attempt_is_recorded(world) -> None:
    victim = world.users["virksomhed"]
    client_for(world.users["leder"]).post(
        org_url("user_suspend", world.companies["kommune"], victim.pk)
    )
    client = Client()
    client.post(reverse("account_login"), {"login": victim.email, "password": "demo-portal-2026"})
    assert "_auth_user_id" not in client.session
    assert LoginEvent.objects.filter(email=victim.email).exists()


def test_revocation_is_permanent(world) -> None:
    victim = world.users["virksomhed"]
    admin = client_for(world.users["leder"])
    kommune = world.companies["kommune"]
    admin.post(org_url("user_revoke", kommune, victim.pk))
    response = admin.post(org_url("user_reactivate", kommune, victim.pk), follow=True)
    assert "kan ikke genaktiveres" in response.content.decode()
    victim.refresh_from_db()
    assert victim.status == User.Status.REVOKED and not victim.is_active


def test_the_confirmation_step_changes_nothing(world) -> None:
    victim = world.users["virksomhed"]
    response = client_for(world.users["leder"]).get(
        org_url("user_revoke", world.companies["kommune"], victim.pk)
    )
    assert response.status_code == 200
    assert "permanent" in response.content.decode()
    victim.refresh_from_db()
    assert victim.status == User.Status.ACTIVE


def test_a_local_administrator_cannot_touch_another_organisations_users(world) -> None:
    admin = client_for(world.users["leder"])
    snedker = world.companies["snedker"]
    outsider = world.users["oplaering"]
    assert admin.get(org_url("org_users", snedker)).status_code == 404
    assert admin.post(org_url("user_suspend", snedker, outsider.pk)).status_code == 404
    # Nor through their own organisation's URL.
    kommune = world.companies["kommune"]
    assert admin.post(org_url("user_suspend", kommune, outsider.pk)).status_code == 404
    outsider.refresh_from_db()
    assert outsider.is_active


@pytest.mark.parametrize("key", ["virksomhed", "skole", "elev", "fylke"])
def test_users_who_are_not_local_administrators_get_404(world, key: str) -> None:
    assert client_for(world.users[key]).get(reverse("accounts:users")).status_code == 404


def test_the_portal_admin_administers_every_organisation(world) -> None:
    admin = client_for(world.users["admin"])
    response = admin.get(org_url("org_users", world.companies["snedker"]))
    assert response.status_code == 200
    assert "Jens Ege" in response.content.decode()


def test_the_user_list_shows_status_and_last_login(world) -> None:
    user_revoke(
        acting_user=world.users["leder"],
        user=world.users["virksomhed"],
        organisation=type("O", (), {"name": "Havnestad Kommune"})(),
    )
    body = (
        client_for(world.users["leder"])
        .get(org_url("org_users", world.companies["kommune"]))
        .content.decode()
    )
    assert "Tilbagekaldt" in body
    assert "Karen Holm" in body


def test_front_page_offers_brugere_to_local_administrators_only(world) -> None:
    assert "Brugere" in client_for(world.users["leder"]).get("/").content.decode()
    assert (
        reverse("accounts:users")
        not in client_for(world.users["virksomhed"]).get("/").content.decode()
    )


def test_revoked_users_are_erased_after_six_years_and_not_before(world) -> None:
    now = timezone.now()
    keep, erase = world.users["fylke"], world.users["kontor"]
    User.objects.filter(pk=keep.pk).update(
        revoked_at=now - dt.timedelta(days=6 * 365), is_active=False
    )
    User.objects.filter(pk=erase.pk).update(
        revoked_at=now - dt.timedelta(days=6 * 366), is_active=False
    )
    UserStatusChange.objects.create(user=erase, action="revoked", acting_user_name="x")
    assert erase_expired_users(now=now) == 1
    assert erase_expired_users(now=now) == 0  # idempotent
    erase.refresh_from_db()
    keep.refresh_from_db()
    assert erase.erased_at and "kontor" not in erase.email and erase.full_name == "Slettet bruger"
    assert not UserStatusChange.objects.filter(user=erase).exists()
    assert keep.erased_at is None and keep.email == "fylke@demo.test"


def test_a_new_version_of_the_terms_must_be_accepted_at_the_next_request(world) -> None:
    client = client_for(world.users["virksomhed"])
    assert client.get("/").status_code == 200
    TermsVersion.objects.create(kind="portal_terms", version=2, title="Nye vilkår", body="...")
    response = client.get("/")
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:terms"))


def test_a_version_published_for_later_is_asked_for_only_from_then(world) -> None:
    client = client_for(world.users["virksomhed"])
    later = TermsVersion.objects.create(
        kind="portal_terms",
        version=3,
        title="Kommende vilkår",
        body="...",
        published_at=timezone.now() + dt.timedelta(days=1),
    )
    assert client.get("/").status_code == 200
    TermsVersion.objects.filter(pk=later.pk).update(published_at=timezone.now())
    response = client.get("/")
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:terms"))


def test_admins_and_local_administrators_must_set_up_a_second_factor(world, settings) -> None:
    settings.MFA_REQUIRED_FOR_ADMINS = True
    for key in ["admin", "leder"]:
        response = client_for(world.users[key]).get("/")
        assert response.status_code == 302
        assert response.url == reverse("mfa_activate_totp"), key
    assert client_for(world.users["virksomhed"]).get("/").status_code == 200


def test_a_wrong_password_is_recorded(world) -> None:
    Client().post(
        reverse("account_login"), {"login": "skole@demo.test", "password": "nope-nope-nope"}
    )
    event = LoginEvent.objects.get()
    assert event.kind == LoginEvent.Kind.FAILED and event.user == world.users["skole"]


def test_expired_sessions_are_cleared_by_the_daily_task(world, as_user, settings) -> None:
    from django.contrib.sessions.models import Session

    from accounts.tasks import clear_expired_sessions

    as_user("virksomhed").get("/")
    live = Session.objects.get()
    Session.objects.create(
        session_key="x" * 32, session_data="", expire_date=timezone.now() - dt.timedelta(days=1)
    )
    clear_expired_sessions()
    assert list(Session.objects.values_list("pk", flat=True)) == [live.pk]
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "accounts.tasks.clear_expired_sessions" in tasks


def test_every_periodic_job_names_a_registered_task(settings) -> None:
    from portal.celery import app

    app.loader.import_default_modules()
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in app.tasks, f"{name}: {entry['task']} is not a Celery task"


def test_logins_and_logouts_are_recorded_and_old_events_purged(world, settings) -> None:
    from accounts.tasks import purge_old_login_events
    from demo.data import DEMO_PASSWORD

    client = Client()
    client.post(reverse("account_login"), {"login": "skole@demo.test", "password": DEMO_PASSWORD})
    client.post(reverse("account_logout"))
    events = list(LoginEvent.objects.order_by("at", "pk").values_list("kind", "user", "ip"))
    user = world.users["skole"].pk
    assert events == [
        (LoginEvent.Kind.SUCCEEDED, user, "127.0.0.1"),
        (LoginEvent.Kind.LOGGED_OUT, user, "127.0.0.1"),
    ]
    settings.LOGIN_EVENT_RETENTION_DAYS = 30
    LoginEvent.objects.filter(kind=LoginEvent.Kind.SUCCEEDED).update(
        at=timezone.now() - dt.timedelta(days=31)
    )
    assert purge_old_login_events() == 1
    assert list(LoginEvent.objects.values_list("kind", flat=True)) == ["logged_out"]


def test_a_password_change_is_recorded(world, as_user) -> None:
    from demo.data import DEMO_PASSWORD

    client = as_user("skole")
    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": DEMO_PASSWORD,
            "password1": "Ny-lang-kode-2026!",
            "password2": "Ny-lang-kode-2026!",
        },
    )
    assert response.status_code == 302
    event = LoginEvent.objects.filter(kind=LoginEvent.Kind.PASSWORD_CHANGED).get()
    assert event.user == world.users["skole"]


def test_second_factor_changes_and_failures_are_recorded(world, rf) -> None:
    from allauth.mfa import signals

    user = world.users["admin"]
    request = rf.get("/", REMOTE_ADDR="10.9.8.7")
    for signal in (signals.authenticator_added, signals.authentication_failed,
                   signals.authenticator_removed):  # fmt: skip
        signal.send(sender=object, request=request, user=user, authenticator=None)
    kinds = list(LoginEvent.objects.filter(user=user).order_by("pk").values_list("kind", "ip"))
    assert kinds == [
        ("mfa_added", "10.9.8.7"),
        ("mfa_failed", "10.9.8.7"),
        ("mfa_removed", "10.9.8.7"),
    ]
