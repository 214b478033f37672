"""The back office: login with an e-mail address and a one-time code, the overview, the
detail page and the export."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accesslog.models import AccessLogEntry
from tests.training_declarations.conftest import (
    RESPONSIBLE,
    SCHOOL_CONTACTS,
    code_from,
    make_request,
)
from training_declarations import backoffice
from training_declarations.models import (
    BackofficeLoginAttempt,
    BackofficeLoginFailure,
    Declaration,
)

pytestmark = pytest.mark.django_db

LOGIN = reverse("training_declarations:backoffice_login")
CODE = reverse("training_declarations:backoffice_code")
OVERVIEW = reverse("training_declarations:backoffice_overview")
UNKNOWN = "ukendt@andetsted.demo.test"
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def ask_for_code(client: Client, email: str, capture) -> object:
    with capture(execute=True):
        return client.post(LOGIN, {"email": email})


def log_in(client: Client, email: str, capture) -> None:
    mail.outbox.clear()
    ask_for_code(client, email, capture)
    response = client.post(CODE, {"code": code_from(mail.outbox[-1])})
    assert response.status_code == 302, response.content.decode()


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


def normalised(response, email: str) -> tuple:
    body = _CSRF.sub("", response.content.decode()).replace(email, "EMAIL")
    # The page names the address typed, so only the length differs by it.
    headers = {k: v for k, v in response.items() if k.lower() != "content-length"}
    return response.status_code, headers, body


# --- Who may log in, and what an outsider learns ---------------------------------------------


def test_a_school_contact_logs_in_with_an_emailed_code_and_sees_the_declaration(
    made, capture
) -> None:
    client = Client()
    mail.outbox.clear()
    response = ask_for_code(client, SCHOOL_CONTACTS[0].upper(), capture)
    assert response.url == CODE
    assert [m.to for m in mail.outbox] == [[SCHOOL_CONTACTS[0]]]
    code = code_from(mail.outbox[0])
    assert len(code) == 6
    response = client.post(CODE, {"code": code})
    assert response.url == OVERVIEW
    page = client.get(OVERVIEW)
    assert page.status_code == 200
    assert [d.pk for d in page.context["page"].object_list] == [made.declaration.pk]
    assert "Sofie Nielsen" in page.content.decode()


def test_the_training_responsible_can_log_in_too(made, capture) -> None:
    client = Client()
    log_in(client, RESPONSIBLE, capture)
    assert client.get(OVERVIEW).context["page"].object_list[0].pk == made.declaration.pk


def test_an_unknown_address_gets_the_same_answer_and_no_email(made, capture) -> None:
    known, unknown = Client(), Client()
    mail.outbox.clear()
    r_known = ask_for_code(known, SCHOOL_CONTACTS[0], capture)
    r_unknown = ask_for_code(unknown, UNKNOWN, capture)
    assert normalised(r_known, SCHOOL_CONTACTS[0]) == normalised(r_unknown, UNKNOWN)
    assert [m.to for m in mail.outbox] == [[SCHOOL_CONTACTS[0]]]
    # The next page, and a wrong code on it, are the same too.
    assert normalised(known.get(CODE), SCHOOL_CONTACTS[0]) == normalised(unknown.get(CODE), UNKNOWN)
    wrong_known = known.post(CODE, {"code": "000000"})
    wrong_unknown = unknown.post(CODE, {"code": "000000"})
    assert normalised(wrong_known, SCHOOL_CONTACTS[0]) == normalised(wrong_unknown, UNKNOWN)
    # Both are counted the same way (rows for both, a code only for the known one).
    attempts = {a.email: a for a in BackofficeLoginAttempt.objects.all()}
    assert attempts[UNKNOWN].code_hash == ""
    assert attempts[SCHOOL_CONTACTS[0]].code_hash != ""
    assert attempts[UNKNOWN].failures == attempts[SCHOOL_CONTACTS[0]].failures == 1


def test_an_unknown_address_can_never_log_in(made, capture) -> None:
    client = Client()
    ask_for_code(client, UNKNOWN, capture)
    for code in ("000000", "123456", ""):
        client.post(CODE, {"code": code})
    assert backoffice.SESSION_EMAIL not in client.session
    assert client.get(OVERVIEW).status_code == 302


def test_a_malformed_address_is_refused_by_the_form(made) -> None:
    response = Client().post(LOGIN, {"email": "not-an-address"})
    assert response.status_code == 200
    assert BackofficeLoginAttempt.objects.count() == 0


# --- The code ------------------------------------------------------------------------------


def test_the_code_is_stored_hashed_and_bound_to_its_attempt(made, capture) -> None:
    client = Client()
    mail.outbox.clear()
    ask_for_code(client, SCHOOL_CONTACTS[0], capture)
    code = code_from(mail.outbox[0])
    attempt = BackofficeLoginAttempt.objects.get()
    assert code not in attempt.code_hash
    assert len(attempt.code_hash) == 64
    assert attempt.expires_at - attempt.created_at == dt.timedelta(minutes=10)
    key = client.session[backoffice.SESSION_ATTEMPT]
    assert key not in attempt.key_hash


def test_the_code_only_works_in_the_session_that_asked_for_it(made, capture) -> None:
    asker, other = Client(), Client()
    mail.outbox.clear()
    ask_for_code(asker, SCHOOL_CONTACTS[0], capture)
    code = code_from(mail.outbox[0])
    response = other.post(CODE, {"code": code})
    assert response.status_code == 200
    assert "Bed om en kode først" in response.content.decode()
    assert other.get(OVERVIEW).status_code == 302
    # A second attempt of its own does not make the first code valid there either.
    ask_for_code(other, SCHOOL_CONTACTS[0], capture)
    assert other.post(CODE, {"code": code}).status_code == 200
    assert asker.post(CODE, {"code": code}).status_code == 302


def test_after_five_wrong_codes_the_code_is_dead(made, capture) -> None:
    client = Client()
    mail.outbox.clear()
    ask_for_code(client, SCHOOL_CONTACTS[0], capture)
    code = code_from(mail.outbox[0])
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for attempt in range(1, 6):
        response = client.post(CODE, {"code": wrong})
        assert response.status_code == 200, attempt
    assert "Koden er nu spærret" in response.content.decode()
    response = client.post(CODE, {"code": code})  # the right code, too late
    assert response.status_code == 200
    assert "ikke længere gyldig" in response.content.decode()
    assert client.get(OVERVIEW).status_code == 302
    assert BackofficeLoginAttempt.objects.get().failures == 5
    reasons = list(BackofficeLoginFailure.objects.values_list("reason", flat=True))
    assert reasons.count("wrong_code") == 5
    assert reasons.count("dead_code") == 1


def test_brute_force_across_many_codes_is_stopped_per_address(made, capture, settings) -> None:
    """An attacker who asks for a new code after every five guesses: the per-address
    request limit stops new codes, the failure limit stops the guessing."""
    settings.BACKOFFICE_RATE_LIMITS = {"request_per_ip": ((1000, 900),)}
    client = Client()
    mail.outbox.clear()
    refused = 0
    for _ in range(6):
        response = ask_for_code(client, SCHOOL_CONTACTS[0], capture)
        if response.status_code == 200:
            refused += 1
            assert "for mange koder" in response.content.decode()
            continue
        for guess in range(5):
            client.post(CODE, {"code": f"{guess:06d}"})
    assert refused == 3  # three codes per 15 minutes per address (the default)
    assert len(mail.outbox) == 3
    failures = BackofficeLoginFailure.objects
    # Ten wrong guesses per 15 minutes per address (the default); the other five guesses
    # and the three refused code requests are refused before any code is compared.
    assert failures.filter(reason="wrong_code").count() == 10
    assert failures.filter(reason="rate_limited").count() == 5 + 3


def test_the_failure_limit_per_address_refuses_even_the_right_code(made, capture, settings) -> None:
    settings.BACKOFFICE_RATE_LIMITS = {"failure_per_address": ((3, 900),)}
    client = Client()
    mail.outbox.clear()
    ask_for_code(client, SCHOOL_CONTACTS[0], capture)
    code = code_from(mail.outbox[0])
    for _ in range(3):
        client.post(CODE, {"code": "999999" if code != "999999" else "111111"})
    response = client.post(CODE, {"code": code})
    assert response.status_code == 200
    assert "For mange forkerte forsøg" in response.content.decode()
    assert client.get(OVERVIEW).status_code == 302


def test_the_limits_per_ip_hold_across_addresses(made, capture, settings) -> None:
    settings.BACKOFFICE_RATE_LIMITS = {"request_per_ip": ((4, 900),), "failure_per_ip": ((6, 900),)}
    client = Client(REMOTE_ADDR="203.0.113.9")
    codes_asked = 0
    for n in range(6):
        response = ask_for_code(client, f"gaet{n}@demo.test", capture)
        codes_asked += response.status_code == 302
    assert codes_asked == 4
    # Failures from the IP, whatever the address, end in a refusal.
    for _ in range(8):
        last = client.post(CODE, {"code": "123456"})
    assert "For mange forkerte forsøg" in last.content.decode()
    # Another IP is not affected.
    other = Client(REMOTE_ADDR="198.51.100.7")
    assert ask_for_code(other, SCHOOL_CONTACTS[0], capture).status_code == 302


def test_the_limits_live_in_the_database(made, capture) -> None:
    """No cache involved: the counters are rows, so they hold when Redis is down."""
    from django.core.cache import cache

    client = Client()
    for _ in range(3):
        ask_for_code(client, SCHOOL_CONTACTS[0], capture)
    cache.clear()
    assert ask_for_code(client, SCHOOL_CONTACTS[0], capture).status_code == 200


def test_a_code_is_single_use(made, capture) -> None:
    client = Client()
    mail.outbox.clear()
    ask_for_code(client, SCHOOL_CONTACTS[0], capture)
    code = code_from(mail.outbox[0])
    attempt_key = client.session[backoffice.SESSION_ATTEMPT]
    assert client.post(CODE, {"code": code}).status_code == 302
    with pytest.raises(backoffice.LoginRefused):
        backoffice.code_verify(attempt_key=attempt_key, code=code, ip=None)


def test_an_expired_code_is_refused(made, capture) -> None:
    client = Client()
    mail.outbox.clear()
    ask_for_code(client, SCHOOL_CONTACTS[0], capture)
    BackofficeLoginAttempt.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = client.post(CODE, {"code": code_from(mail.outbox[0])})
    assert "ikke længere gyldig" in response.content.decode()


@pytest.mark.parametrize(("setting", "length"), [(6, 6), (8, 8), (4, 4), (2, 4)])
def test_the_code_length_is_configurable_with_a_floor_of_four(
    made, capture, settings, setting: int, length: int
) -> None:
    settings.BACKOFFICE_CODE_LENGTH = setting
    client = Client()
    mail.outbox.clear()
    ask_for_code(client, SCHOOL_CONTACTS[0], capture)
    assert len(code_from(mail.outbox[0])) == length


def test_the_session_expires(made, capture) -> None:
    client = Client()
    log_in(client, SCHOOL_CONTACTS[0], capture)
    session = client.session
    session[backoffice.SESSION_EXPIRES] = timezone.now().timestamp() - 1
    session.save()
    assert client.get(OVERVIEW).status_code == 302


def test_logging_out_ends_the_back_office_session(made, capture) -> None:
    client = Client()
    log_in(client, SCHOOL_CONTACTS[0], capture)
    assert client.get(reverse("training_declarations:backoffice_logout")).status_code == 405
    client.post(reverse("training_declarations:backoffice_logout"))
    assert client.get(OVERVIEW).status_code == 302


def test_the_admin_shows_an_alarm_when_failures_spike(made, as_user, settings) -> None:
    settings.BACKOFFICE_ALARM_THRESHOLD = 3
    admin = as_user("admin")
    changelist = reverse("admin:training_declarations_backofficeloginfailure_changelist")
    assert "Alarm:" not in admin.get(changelist).content.decode()
    for _ in range(3):
        Client().post(CODE, {"code": "123456"})  # no attempt in the session: a failure
    body = admin.get(changelist).content.decode()
    assert "Alarm: 3 mislykkede backend-logins de sidste 15 minutter." in body


# --- Pages ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["backoffice_overview", "backoffice_export", "backoffice_detail"])
def test_back_office_pages_need_a_back_office_login(made, as_user, name: str) -> None:
    kwargs = {"declaration_id": made.declaration.pk} if name == "backoffice_detail" else {}
    target = reverse(f"training_declarations:{name}", kwargs=kwargs)
    for client in (Client(), as_user("admin"), as_user("skole")):
        response = client.get(target)
        assert response.status_code == 302
        assert response.url.startswith(LOGIN)


def test_after_login_it_returns_to_the_page_asked_for(made, capture) -> None:
    client = Client()
    detail = reverse("training_declarations:backoffice_detail", args=[made.declaration.pk])
    login_page = client.get(detail).url
    assert client.get(login_page).status_code == 200
    mail.outbox.clear()
    with capture(execute=True):
        client.post(LOGIN, {"email": SCHOOL_CONTACTS[1], "next": detail})
    assert client.post(CODE, {"code": code_from(mail.outbox[0])}).url == detail


def test_an_outside_next_is_ignored(made, capture) -> None:
    client = Client()
    mail.outbox.clear()
    with capture(execute=True):
        client.post(LOGIN, {"email": SCHOOL_CONTACTS[1], "next": "https://evil.example/"})
    assert client.post(CODE, {"code": code_from(mail.outbox[0])}).url == OVERVIEW


def test_each_address_sees_only_its_own_declarations(td_world, made, capture) -> None:
    other = make_request(
        td_world, capture, responsible="anden@firma.demo.test", contacts=["x@skole.demo.test"]
    )
    client = Client()
    log_in(client, SCHOOL_CONTACTS[0], capture)
    shown = [d.pk for d in client.get(OVERVIEW).context["page"].object_list]
    assert shown == [made.declaration.pk]
    detail = reverse("training_declarations:backoffice_detail", args=[other.declaration.pk])
    assert client.get(detail).status_code == 404
    assert (
        client.get(reverse("training_declarations:backoffice_detail", args=[999999])).status_code
        == 404
    )


def test_the_detail_shows_the_submitted_declaration_and_is_logged(made, capture) -> None:
    from tests.training_declarations.test_rating import submit

    submit(made, capture)
    client = Client()
    log_in(client, SCHOOL_CONTACTS[0], capture)
    detail = reverse("training_declarations:backoffice_detail", args=[made.declaration.pk])
    before = AccessLogEntry.objects.count()
    response = client.get(detail)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Hjemmeplejen, aftenvagt" in body
    assert len(response.context["goals"]) == made.declaration.goals.count()
    entry = AccessLogEntry.objects.order_by("-id").first()
    assert AccessLogEntry.objects.count() == before + 1
    assert entry.purpose == "training_declarations.backoffice_detail"
    assert entry.apprentice_ids == [made.declaration.apprentice_id]
    assert entry.user_id is None
    assert entry.role_kind == "declaration_backoffice"
    assert entry.organisation_name == SCHOOL_CONTACTS[0]


def test_the_overview_is_logged_with_the_ids_on_the_page(made, capture) -> None:
    client = Client()
    log_in(client, SCHOOL_CONTACTS[0], capture)
    client.get(OVERVIEW)
    entry = AccessLogEntry.objects.get(purpose="training_declarations.backoffice")
    assert entry.apprentice_ids == [made.declaration.apprentice_id]


def test_the_overview_filters_by_school_team_period_end_and_status(td_world, made, capture) -> None:
    contact = SCHOOL_CONTACTS[0]
    later = make_request(
        td_world,
        capture,
        period_end=timezone.localdate() + dt.timedelta(days=100),
        team="HOLD-X",
        school=td_world.schools["teknisk"],
    )
    client = Client()
    log_in(client, contact, capture)

    def shown(**params) -> set[int]:
        return {d.pk for d in client.get(OVERVIEW, params).context["page"].object_list}

    both = {made.declaration.pk, later.declaration.pk}
    assert shown() == both
    assert shown(school=td_world.schools["teknisk"].pk) == {later.declaration.pk}
    assert shown(team="hold-x") == {later.declaration.pk}
    cut = (timezone.localdate() + dt.timedelta(days=50)).isoformat()
    assert shown(period_end_from=cut) == {later.declaration.pk}
    assert shown(period_end_to=cut) == {made.declaration.pk}
    assert shown(status="sent") == both
    Declaration.objects.filter(pk=made.declaration.pk).update(
        link_expires_at=timezone.now() - dt.timedelta(days=1)
    )
    assert shown(status="expired") == {made.declaration.pk}
    assert shown(status="sent") == {later.declaration.pk}
    assert shown(status="submitted") == set()


def test_each_user_sees_only_the_schools_of_their_own_declarations(td_world, made, capture):
    """The school drop-down is kept per process for a few minutes: per address, never one
    user's list for another."""
    make_request(
        td_world, capture, contacts=["other@teknisk.demo.test"], school=td_world.schools["teknisk"]
    )

    def schools_offered(email: str) -> list[str]:
        client = Client()
        log_in(client, email, capture)
        field = client.get(OVERVIEW).context["filter"].form.fields["school"]
        return [label for value, label in field.choices if value]

    for _ in range(2):  # the second round is served from the cache
        assert schools_offered(SCHOOL_CONTACTS[0]) == [made.declaration.school.name]
        assert schools_offered("other@teknisk.demo.test") == [td_world.schools["teknisk"].name]


def test_the_overview_pages_with_a_bounded_number_of_queries(
    td_world, made, capture, django_assert_max_num_queries
) -> None:
    for _ in range(60):
        make_request(td_world, capture)
    client = Client()
    log_in(client, SCHOOL_CONTACTS[0], capture)
    # No portal user: no role providers; a query per row would blow this at once.
    with django_assert_max_num_queries(12):
        page = client.get(OVERVIEW)
    assert len(page.context["page"].object_list) == 50
    assert len(client.get(OVERVIEW, {"side": 2}).context["page"].object_list) == 11


def test_the_export_keeps_user_text_as_text(td_world, capture) -> None:
    made = make_request(td_world, capture, team='=HYPERLINK("http://evil","x")')
    client = Client()
    log_in(client, SCHOOL_CONTACTS[0], capture)
    response = client.get(reverse("training_declarations:backoffice_export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.iter_rows())
    assert rows[0][0].value == "Lærling"
    team = rows[1][4]
    assert team.value == '=HYPERLINK("http://evil","x")'
    assert team.data_type == "s"
    assert rows[1][0].value == "Sofie Nielsen"
    entry = AccessLogEntry.objects.get(purpose="training_declarations.backoffice_export")
    assert entry.apprentice_ids == [made.declaration.apprentice_id]
