"""The back office's login: an e-mail address and a one-time code sent to it.

Why not allauth's login by code: allauth signs in a portal `User`, and the back office's
identities are not users but the e-mail addresses apprentices entered on their requests
(school contacts, training responsibles). The code is therefore our own, built to the same
rules and stricter:

- BACKOFFICE_CODE_LENGTH digits (default 6, floor 4), valid BACKOFFICE_CODE_TTL_SECONDS
  (default 10 minutes), single use, stored as an HMAC (tokens.code_hash), never in the clear;
- bound to one login attempt whose random key is kept in the browser's session: a code typed
  into another browser does not work;
- dead after MAX_TRIES wrong guesses;
- rate limits per address and per IP, counted from rows in the database (attempts and
  failures), so they hold when Redis is down; every failure is logged, and the admin shows
  an alarm when failures spike;
- an unknown address gets the same page, the same counters and the same limits as a known
  one; only the e-mail is not sent. The code is made and mailed by a Celery task, so the
  response takes as long whether or not an e-mail goes out.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets

from django.conf import settings
from django.db import transaction
from django.db.models import F, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from training_declarations import tokens
from training_declarations.emails import send_templated
from training_declarations.models import (
    BackofficeLoginAttempt,
    BackofficeLoginFailure,
    Declaration,
    DeclarationContact,
)

logger = logging.getLogger(__name__)

MAX_TRIES = 5
SESSION_ATTEMPT = "backoffice_attempt"
SESSION_EMAIL = "backoffice_email"
SESSION_EXPIRES = "backoffice_expires"
SESSION_NEXT = "backoffice_next"
ALARM_MINUTES = 15
# (how many, per seconds): the first window that is full refuses the request.
DEFAULT_RATE_LIMITS: dict[str, tuple[tuple[int, int], ...]] = {
    "request_per_address": ((3, 15 * 60), (10, 24 * 60 * 60)),
    "request_per_ip": ((20, 15 * 60), (100, 24 * 60 * 60)),
    "failure_per_address": ((10, 15 * 60), (30, 24 * 60 * 60)),
    "failure_per_ip": ((20, 15 * 60), (100, 24 * 60 * 60)),
}
Failure = BackofficeLoginFailure.Reason


class LoginRefused(Exception):
    """The request or the code was refused; `message` is safe to show."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def code_ttl() -> dt.timedelta:
    return dt.timedelta(seconds=int(getattr(settings, "BACKOFFICE_CODE_TTL_SECONDS", 600)))


def session_duration() -> dt.timedelta:
    return dt.timedelta(seconds=int(getattr(settings, "BACKOFFICE_SESSION_SECONDS", 4 * 3600)))


def is_known_address(email: str) -> bool:
    """Only addresses an apprentice entered on a request may log in."""
    email = normalise_email(email)
    return (
        DeclarationContact.objects.filter(email=email).exists()
        or Declaration.objects.filter(responsible_email=email).exists()
    )


# --- Step 1: ask for a code ---------------------------------------------------------------


def code_request(*, email: str, ip: str | None, now: dt.datetime | None = None) -> str:
    """Start a login attempt and return its key (for the session). The code is made and
    mailed by a task after commit, and only if the address is known."""
    now = now or timezone.now()
    email = normalise_email(email)
    attempts = BackofficeLoginAttempt.objects
    if _over(attempts.filter(email=email), "created_at", "request_per_address", now) or (
        ip and _over(attempts.filter(ip=ip), "created_at", "request_per_ip", now)
    ):
        _log_failure(email, ip, Failure.RATE_LIMITED, now)
        raise LoginRefused(
            _("Der er bedt om for mange koder. Vent et kvarter, og prøv igen."),
            Failure.RATE_LIMITED,
        )
    key = secrets.token_urlsafe(32)
    attempt = BackofficeLoginAttempt.objects.create(
        key_hash=_key_hash(key), email=email, ip=ip, created_at=now, expires_at=now + code_ttl()
    )
    transaction.on_commit(lambda: _enqueue_code_send(attempt.pk), robust=True)
    return key


def _enqueue_code_send(attempt_id: int) -> None:
    """The person is waiting for the code: if the broker is down, make and mail it here
    (one e-mail) instead of losing it. code_send's conditional UPDATE keeps it to one code."""
    from training_declarations.tasks import send_backoffice_code

    try:
        send_backoffice_code.delay(attempt_id)
    except Exception:
        logger.warning(
            "broker down: back-office code %s sent in-process", attempt_id, exc_info=True
        )
        code_send(attempt_id=attempt_id)


def code_send(*, attempt_id: int, now: dt.datetime | None = None) -> bool:
    """Make the attempt's code and mail it, once (the conditional UPDATE is the claim).
    Nothing is sent for an unknown address, or for an attempt that is used or expired."""
    now = now or timezone.now()
    attempt = BackofficeLoginAttempt.objects.filter(
        pk=attempt_id, code_hash="", used_at__isnull=True, expires_at__gt=now
    ).first()
    if attempt is None or not is_known_address(attempt.email):
        return False
    code = tokens.new_code()
    claimed = BackofficeLoginAttempt.objects.filter(pk=attempt.pk, code_hash="").update(
        code_hash=tokens.code_hash(attempt.pk, code)
    )
    if not claimed:
        return False
    minutes = max(1, int(code_ttl().total_seconds() // 60))
    send_templated(
        "backoffice-code", to=[attempt.email], context={"code": code, "minutes": minutes}
    )
    return True


# --- Step 2: type the code ----------------------------------------------------------------


def code_verify(
    *, attempt_key: str | None, code: str, ip: str | None, now: dt.datetime | None = None
) -> str:
    """The attempt's e-mail address if `code` is right; LoginRefused otherwise. Every
    failure is logged and counts towards the limits."""
    now = now or timezone.now()
    attempt = None
    if attempt_key:
        attempt = BackofficeLoginAttempt.objects.filter(key_hash=_key_hash(attempt_key)).first()
    if attempt is None:
        _log_failure("", ip, Failure.NO_ATTEMPT, now)
        raise LoginRefused(
            _("Bed om en kode først. Koden virker kun i den browser, der bad om den."),
            Failure.NO_ATTEMPT,
        )
    failures = BackofficeLoginFailure.objects
    if _over(failures.filter(email=attempt.email), "at", "failure_per_address", now) or (
        ip and _over(failures.filter(ip=ip), "at", "failure_per_ip", now)
    ):
        _log_failure(attempt.email, ip, Failure.RATE_LIMITED, now)
        raise LoginRefused(
            _("For mange forkerte forsøg. Vent et kvarter, og bed om en ny kode."),
            Failure.RATE_LIMITED,
        )
    if attempt.used_at or attempt.expires_at <= now or attempt.failures >= MAX_TRIES:
        _log_failure(attempt.email, ip, Failure.DEAD_CODE, now)
        raise LoginRefused(_("Koden er ikke længere gyldig. Bed om en ny kode."), Failure.DEAD_CODE)
    entered = "".join(ch for ch in (code or "") if ch.isdigit())
    if not tokens.code_matches(attempt.pk, entered, attempt.code_hash):
        return _wrong_code(attempt, ip, now)
    claimed = BackofficeLoginAttempt.objects.filter(
        pk=attempt.pk, used_at__isnull=True, failures__lt=MAX_TRIES
    ).update(used_at=now)
    if not claimed:  # a parallel request used it or killed it a moment ago
        _log_failure(attempt.email, ip, Failure.DEAD_CODE, now)
        raise LoginRefused(_("Koden er ikke længere gyldig. Bed om en ny kode."), Failure.DEAD_CODE)
    return attempt.email


def _wrong_code(attempt: BackofficeLoginAttempt, ip: str | None, now: dt.datetime) -> str:
    BackofficeLoginAttempt.objects.filter(pk=attempt.pk, failures__lt=MAX_TRIES).update(
        failures=F("failures") + 1
    )
    _log_failure(attempt.email, ip, Failure.WRONG_CODE, now)
    left = MAX_TRIES - attempt.failures - 1
    if left <= 0:
        raise LoginRefused(
            _("Forkert kode. Koden er nu spærret; bed om en ny kode."), Failure.WRONG_CODE
        )
    raise LoginRefused(_("Forkert kode. Prøv igen."), Failure.WRONG_CODE)


def _over(rows: QuerySet, field: str, limit_name: str, now: dt.datetime) -> bool:
    limits = getattr(settings, "BACKOFFICE_RATE_LIMITS", {}).get(
        limit_name, DEFAULT_RATE_LIMITS[limit_name]
    )
    for count, seconds in limits:
        since = now - dt.timedelta(seconds=seconds)
        if rows.filter(**{f"{field}__gt": since})[:count].count() >= count:
            return True
    return False


def _log_failure(email: str, ip: str | None, reason: str, now: dt.datetime) -> None:
    BackofficeLoginFailure.objects.create(email=email, ip=ip, reason=reason, at=now)
    logger.info("training_declarations: back-office login failure %s from %s", reason, ip)
    count = failures_recent(now=now)
    if count == alarm_threshold():
        logger.warning(
            "training_declarations: ALARM %d failed back-office logins in %d minutes",
            count,
            ALARM_MINUTES,
        )


def _key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("ascii", "replace")).hexdigest()


# --- The admin's alarm and the clean-up ---------------------------------------------------


def alarm_threshold() -> int:
    return int(getattr(settings, "BACKOFFICE_ALARM_THRESHOLD", 20))


def failures_recent(*, now: dt.datetime | None = None) -> int:
    since = (now or timezone.now()) - dt.timedelta(minutes=ALARM_MINUTES)
    return BackofficeLoginFailure.objects.filter(at__gt=since).count()


def alarm_message(*, now: dt.datetime | None = None) -> str:
    """The admin's site-wide warning, or "" while failures are below the threshold."""
    count = failures_recent(now=now)
    if count < alarm_threshold():
        return ""
    return _("Alarm: %(n)d mislykkede backend-logins de sidste %(minutes)d minutter.") % {
        "n": count,
        "minutes": ALARM_MINUTES,
    }


def login_rows_purge(*, now: dt.datetime | None = None) -> tuple[int, int]:
    """Attempts are needed for a day (the longest rate-limit window), failures for
    BACKOFFICE_FAILURE_RETENTION_DAYS (default 90) for follow-up of an alarm."""
    now = now or timezone.now()
    days = int(getattr(settings, "BACKOFFICE_FAILURE_RETENTION_DAYS", 90))
    attempts, _d = BackofficeLoginAttempt.objects.filter(
        created_at__lt=now - dt.timedelta(days=2)
    ).delete()
    failures, _d = BackofficeLoginFailure.objects.filter(
        at__lt=now - dt.timedelta(days=days)
    ).delete()
    return attempts, failures


# --- The session --------------------------------------------------------------------------


def session_start_attempt(request: HttpRequest, key: str) -> None:
    request.session[SESSION_ATTEMPT] = key


def session_login(request: HttpRequest, email: str, *, now: dt.datetime | None = None) -> None:
    """A new session key against fixation; the identity is the address, kept with an
    expiry of its own (BACKOFFICE_SESSION_SECONDS)."""
    now = now or timezone.now()
    request.session.cycle_key()
    request.session.pop(SESSION_ATTEMPT, None)
    request.session[SESSION_EMAIL] = email
    request.session[SESSION_EXPIRES] = (now + session_duration()).timestamp()


def session_email(request: HttpRequest) -> str | None:
    email = request.session.get(SESSION_EMAIL)
    expires = request.session.get(SESSION_EXPIRES, 0)
    if not email or timezone.now().timestamp() >= float(expires):
        return None
    return email


def session_logout(request: HttpRequest) -> None:
    for key in (SESSION_EMAIL, SESSION_EXPIRES, SESSION_ATTEMPT, SESSION_NEXT):
        request.session.pop(key, None)
    request.session.cycle_key()
