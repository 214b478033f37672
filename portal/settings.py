"""Læreportal settings: one module, configured from the environment.

Every value that differs between a developer's laptop and production comes from an
environment variable read through the small fail-loud helpers below. Without any
variables set the portal runs on the embedded default: SQLite, Celery tasks in-process,
e-mails on the console.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name)
    if value is None or value == "":
        if default is None:
            raise ImproperlyConfigured(f"The environment variable {name} must be set.")
        return default
    return value


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}.") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_secret(name: str, default: str | None = None) -> str:
    """A secret from NAME or from the file named by NAME_FILE (Docker/Kubernetes secrets)."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip()
    return env_str(name, default)


DEBUG = env_bool("DEBUG", False)

# Local use (DEBUG) gets a throwaway key; anything else must set SECRET_KEY.
SECRET_KEY = env_secret("SECRET_KEY", "insecure-local-development-key-only" if DEBUG else None)
# Key for the access log's HMAC chain. Kept out of the database on purpose: whoever can
# rewrite the table must not also be able to recompute the chain.
ACCESS_LOG_HMAC_KEY = env_secret("ACCESS_LOG_HMAC_KEY", SECRET_KEY if DEBUG else None)
# Rotation: "id1:secret1,id2:secret2", newest first. New seals use the newest key; each seal
# records its key id, so entries sealed with a retired key still verify while it is listed
# here (keep it for ACCESS_LOG_RETENTION_DAYS). Entries without a key id use the key above.
ACCESS_LOG_HMAC_KEYS = env_secret("ACCESS_LOG_HMAC_KEYS", "")
# Earlier SECRET_KEYs (comma-separated) still accepted for sessions and signed links while a
# new SECRET_KEY is rolled out; drop them after SESSION_COOKIE_AGE.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS", [])

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "django_filters",
    "django_tables2",
    "template_partials",
    "csp",
    # The portal's own apps, in dependency order (each may import only those above it).
    "accounts",
    "accesslog",
    "companies",
    "apprenticeship",
    "dropout_risk",
    "rejections",
    "training_declarations",
    "surveys",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "accounts.middleware.PermissionsPolicyMiddleware",
    "accounts.middleware.NoStoreMiddleware",
    "accounts.middleware.RefusalLogMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a login unless its view is marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.TermsAcceptanceMiddleware",
    "accounts.middleware.RequireSecondFactorMiddleware",
]

ROOT_URLCONF = "portal.urls"
# Forms render each field through templates/includes/field.html (DKFDS markup).
FORM_RENDERER = "accounts.forms.PortalFormRenderer"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.roles",
            ],
        },
    },
]

# Database: DATABASE_URL (postgres://user@host:5432/name), default a SQLite file.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        # A new PostgreSQL connection per request costs ~15 ms: keep them, and check them
        # before reuse so a database restart is survived.
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# One transaction per request: a page's reads and its access-log entry commit together, and
# if the log write fails the page fails (DESIGN.md invariant 1).
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# PostgreSQL: bind parameters on the server and let psycopg prepare a statement after its
# second use on a connection, so the pages' repeated queries skip parsing and planning (a
# fifth of the database's CPU on the Elevoversigt at national scale, bench/RESULTS.md).
# Switch it off (PG_PREPARED_STATEMENTS=0) behind a transaction-pooling PgBouncer, which
# cannot keep prepared statements.
if "postgresql" in DATABASES["default"]["ENGINE"] and env_bool("PG_PREPARED_STATEMENTS", True):
    DATABASES["default"]["OPTIONS"] = {"server_side_binding": True, "prepare_threshold": 2}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Sessions in the database, never in signed cookies: allauth keeps the pending login code
# in the session, and a cookie session would hand it to the browser.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# The cache holds allauth's rate-limit counters and TOTP replay guards: keep it in the
# database so the limits hold when Redis is down.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "portal_cache",
    },
    # Per-process memory for what is cheap to be a few minutes late and costly to query on
    # every page: the choice lists of filter forms (portal.local_cache). Never personal data.
    "local": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "portal-local",
        "TIMEOUT": env_int("LOCAL_CACHE_SECONDS", 300),
    },
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# django-allauth: e-mail is the login; nobody signs up by themself (users are created by the
# organisation's local administrator or the portal admin).
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_FORMS = {"login": "accounts.forms.LoginForm"}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_USER_MODEL_EMAIL_FIELD = "email"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_USER_DISPLAY = "accounts.models.user_display"
# Login by an e-mailed one-time code (the training-declaration back office). Six digits
# (about 20 bits, OWASP ASVS 5.0 6.5.4); the guide's four digits fall short.
ACCOUNT_LOGIN_BY_CODE_ENABLED = env_bool("LOGIN_BY_CODE_ENABLED", False)
ACCOUNT_LOGIN_BY_CODE_FORMAT = {"numeric": True, "length": 6, "dashed": False}
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 10 * 60
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 5
# allauth's defaults allow thousands of guesses a day; add hourly and daily ceilings.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key,20/d/key",
    "request_login_code": "20/m/ip,3/m/key,10/h/key,20/d/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# Reverse proxies in front of the portal that append to X-Forwarded-For (0: none, and the
# header is ignored). The access log, login events and allauth's rate limits all use it
# (accounts.client_ip).
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# Login through the public identity brokers (OpenID Connect): MitID Erhverv for company
# staff, Unilogin for students and school staff, ID-porten for Norwegian administrators.
# A broker is offered only when its URL and client are configured. Nobody signs up through
# them: a login is mapped to an existing user (accounts.adapters.SocialAccountAdapter).
_OIDC_BROKERS = [
    ("mitid-erhverv", "MitID Erhverv", "OIDC_MITID_ERHVERV"),
    ("unilogin", "Unilogin", "OIDC_UNILOGIN"),
    ("idporten", "ID-porten", "OIDC_IDPORTEN"),
]


def _oidc_apps() -> list[dict]:
    apps = []
    for provider_id, name, prefix in _OIDC_BROKERS:
        server_url = env_str(f"{prefix}_URL", "-")
        if server_url == "-":
            continue
        apps.append(
            {
                "provider_id": provider_id,
                "name": name,
                "client_id": env_str(f"{prefix}_CLIENT_ID"),
                "secret": env_secret(f"{prefix}_SECRET"),
                "settings": {
                    "server_url": server_url,
                    # Accept only logins at these assurance levels (comma-separated acr
                    # values); empty accepts any.
                    "required_acr": env_list(f"{prefix}_REQUIRED_ACR", []),
                    "oauth_pkce_enabled": True,
                },
            }
        )
    return apps


SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": _oidc_apps()}}
SOCIALACCOUNT_ADAPTER = "accounts.adapters.SocialAccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # mapping is the adapter's job, not allauth's
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_OPENID_CONNECT_URL_PREFIX = "oidc"
MFA_TOTP_ISSUER = "Læreportal"

# Internationalisation: Danish first; Norwegian bokmål and English.
LANGUAGE_CODE = "da"
# Each language is named in itself (an endonym) so a reader finds their own in the switcher.
LANGUAGES = [("da", "Dansk"), ("nb", "Norsk bokmål"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

# Static files: DKFDS and htmx come from npm (node_modules) and are served by whitenoise.
STATIC_URL = "/static/"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("dkfds", BASE_DIR / "node_modules" / "dkfds" / "dist"),
    ("htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
]
# Production runs collectstatic and serves hashed, compressed files; locally and in tests
# whitenoise serves straight from the finders so no collectstatic step is needed.
STATIC_MANIFEST = env_bool("STATIC_MANIFEST", False)
STATIC_ROOT = BASE_DIR / "staticfiles" if STATIC_MANIFEST else None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST

# Uploads (register extracts, goal catalogues): refuse huge bodies early.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 5 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

# E-mail: console by default; EMAIL_BACKEND=smtp plus EMAIL_HOST etc. in production.
_EMAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}
EMAIL_BACKEND = _EMAIL_BACKENDS[env_str("EMAIL_BACKEND", "console")]
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Læreportal <noreply@laereportal.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: with REDIS_URL, Redis is the broker; without it tasks run in-process.
REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_BROKER_URL = REDIS_URL or "memory://"
# No result backend: nothing reads a task's result (the work's state is in PostgreSQL). A
# Redis result backend also made every .delay() with Redis down hang ~20 s in the web request
# and then break the process's result store for good (tests/faults/test_redis_down.py).
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
# A task is acknowledged after it ran, and re-queued if its worker dies: every task must
# therefore be idempotent (see DESIGN.md invariant 6).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A Redis that does not answer fails a publish in seconds instead of hanging the request:
# every caller of .delay() from a request catches the error and leaves the work in PostgreSQL
# for a periodic task (surveys.sending._enqueue_dispatch) or does it in-process
# (training_declarations.backoffice).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Longer than any countdown/eta the portal uses (none exceeds an hour).
    "visibility_timeout": 2 * 60 * 60,
    "socket_connect_timeout": 2,
    "socket_timeout": 10,
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_TIMEZONE = TIME_ZONE
# All periodic jobs in one place; each app's job is added here with a comment saying when
# and why it runs.
CELERY_BEAT_SCHEDULE: dict[str, dict] = {
    # Nightly at 02:15: refresh every company's name, address, e-mail and production units
    # from the CVR register (issue: companies).
    "companies-sync-cvr": {
        "task": "companies.tasks.sync_all_companies",
        "schedule": crontab(hour=2, minute=15),
    },
    # Daily at 04:00: erase users revoked more than USER_RETENTION_YEARS ago.
    "accounts-erase-expired-users": {
        "task": "accounts.tasks.erase_expired_user_records",
        "schedule": crontab(hour=4, minute=0),
    },
    # Daily at 03:45: erase applicant name, mobile and address from rejections older than
    # REJECTION_APPLICANT_RETENTION_DAYS (12 months); the statistical record stays. One
    # conditional UPDATE (the only one the append-only trigger allows), safe to run twice.
    "rejections-erase-applicant-data": {
        "task": "rejections.tasks.erase_expired_applicant_data",
        "schedule": crontab(hour=3, minute=45),
    },
    # Daily at 07:00: remind training responsibles of unsubmitted declaration requests before
    # and after the period's end (at most 3, never after submission, unique per number).
    "training-declarations-reminders": {
        "task": "training_declarations.tasks.send_declaration_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    # Daily at 03:50: delete back-office login attempts older than two days and failures
    # older than BACKOFFICE_FAILURE_RETENTION_DAYS.
    "training-declarations-purge-backoffice-logins": {
        "task": "training_declarations.tasks.purge_backoffice_login_rows",
        "schedule": crontab(hour=3, minute=50),
    },
    # Every 10 minutes: apply the survey rounds' dates: freeze the population at the extract
    # time (1 Oct), close after the last answer day, publish on the results date. Polling,
    # because no countdown may outlive the broker's 2 h visibility timeout.
    "surveys-advance-rounds": {
        "task": "surveys.tasks.advance_rounds",
        "schedule": crontab(minute="*/10"),
    },
    # Every 5 minutes: re-enqueue survey send chunks never enqueued (broker down at commit)
    # or lost with a killed worker. Safe: messages are unique per participant, channel and
    # number.
    "surveys-resume-send-jobs": {"task": "surveys.tasks.resume_send_jobs", "schedule": 300.0},
    # Every 15 minutes: move pending survey answers into the results in shuffled batches.
    "surveys-flush-responses": {
        "task": "surveys.tasks.flush_all_responses",
        "schedule": crontab(minute="*/15"),
    },
    # Daily at 06:00: flag dropout-risk assessments older than DROPOUT_RISK_REVISIT_DAYS and
    # e-mail the staff who selected those apprentices, once per apprentice per period.
    "dropout-risk-revisit-reminders": {
        "task": "dropout_risk.tasks.flag_stale_assessments",
        "schedule": crontab(hour=6, minute=0),
    },
    # Hourly at :05: recompute the dropout-risk statistics into the cache.
    "dropout-risk-warm-statistics": {
        "task": "dropout_risk.tasks.warm_statistics",
        "schedule": crontab(minute=5),
    },
    # Every minute: chain new access-log entries into the HMAC chain once they are older
    # than any open transaction can be, so the chain never serialises page views.
    "accesslog-seal": {
        "task": "accesslog.tasks.seal_entries",
        "schedule": 60.0,
    },
    # Daily at 03:30: purge access-log entries older than ACCESS_LOG_RETENTION_DAYS, as a
    # named, logged operation.
    "accesslog-retention": {
        "task": "accesslog.tasks.purge_expired_entries",
        "schedule": crontab(hour=3, minute=30),
    },
    # Hourly at :20: delete access-log export files older than ACCESS_LOG_EXPORT_KEEP_HOURS
    # (24) and mark their jobs; re-enqueue export jobs the broker lost.
    "accesslog-expire-exports": {
        "task": "accesslog.tasks.expire_exports",
        "schedule": crontab(minute=20),
    },
    # Daily at 04:15: delete login events (logins, logouts, failures) older than
    # LOGIN_EVENT_RETENTION_DAYS.
    "accounts-purge-login-events": {
        "task": "accounts.tasks.purge_old_login_events",
        "schedule": crontab(hour=4, minute=15),
    },
    # Daily at 04:10: delete expired sessions (database sessions are not removed by
    # themselves; they hold who was logged in and their cached roles).
    "accounts-clear-sessions": {
        "task": "accounts.tasks.clear_expired_sessions",
        "schedule": crontab(hour=4, minute=10),
    },
}

# Security headers. Production (DEBUG off) gets the strict values by default.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# The portal's own knobs.
TERMS_REQUIRED = env_bool("TERMS_REQUIRED", True)
# Portal admins and local user administrators must set up TOTP before anything else. The
# embedded demo (DEBUG) turns it off so the demo accounts can be tried without an app.
MFA_REQUIRED_FOR_ADMINS = env_bool("MFA_REQUIRED_FOR_ADMINS", not DEBUG)
# Users revoked (or deleted) are kept, inactive, this many years, then erased.
USER_RETENTION_YEARS = env_int("USER_RETENTION_YEARS", 6)
# Logins, logouts and failed logins are kept this long (an investigation looks back months).
LOGIN_EVENT_RETENTION_DAYS = env_int("LOGIN_EVENT_RETENTION_DAYS", 365)

# CVR register: "stub" answers from companies/cvr_stub/ (default), "http" calls the real
# service (Erhvervsstyrelsen's system-to-system access, Elasticsearch cvr-permanent).
CVR_CLIENT = env_str("CVR_CLIENT", "stub")
CVR_API_URL = env_str("CVR_API_URL", "")
CVR_API_USER = env_str("CVR_API_USER", "")
CVR_API_PASSWORD = env_secret("CVR_API_PASSWORD", "")
CVR_API_TIMEOUT = env_int("CVR_API_TIMEOUT", 10)

# Access log: how long entries are kept, and a benchmark-only switch that turns the write
# off to measure its overhead (never set in production).
ACCESS_LOG_RETENTION_DAYS = env_int("ACCESS_LOG_RETENTION_DAYS", 183)
# Access-log exports over this many rows run as a background job; the file is written to
# ACCESS_LOG_EXPORT_DIR (shared by web and worker, never served by a URL) and deleted after
# ACCESS_LOG_EXPORT_KEEP_HOURS.
ACCESS_LOG_EXPORT_INLINE_MAX_ROWS = env_int("ACCESS_LOG_EXPORT_INLINE_MAX_ROWS", 10_000)
ACCESS_LOG_EXPORT_DIR = Path(env_str("ACCESS_LOG_EXPORT_DIR", str(BASE_DIR / "var" / "exports")))
ACCESS_LOG_EXPORT_KEEP_HOURS = env_int("ACCESS_LOG_EXPORT_KEEP_HOURS", 24)
ACCESS_LOG_SEAL_AFTER_SECONDS = env_int("ACCESS_LOG_SEAL_AFTER_SECONDS", 60)
ACCESS_LOG_DISABLED_FOR_BENCHMARK = env_bool("ACCESS_LOG_DISABLED_FOR_BENCHMARK", False)

# Rejections (§ 115): applicant name/mobile/address are kept this many days after the
# rejection date, then erased (rejections.tasks); "late" = registered more than
# REJECTION_LATE_AFTER_DAYS calendar days after the rejection was given.
REJECTION_APPLICANT_RETENTION_DAYS = env_int("REJECTION_APPLICANT_RETENTION_DAYS", 365)
REJECTION_LATE_AFTER_DAYS = env_int("REJECTION_LATE_AFTER_DAYS", 14)

# Dropout risk: assessments older than this are flagged for revisiting, and the registering
# company's staff who selected the apprentice are reminded once per period; the statistics'
# counts are cached this long (the national query reads ~700,000 rows).
DROPOUT_RISK_REVISIT_DAYS = env_int("DROPOUT_RISK_REVISIT_DAYS", 90)
DROPOUT_RISK_STATS_CACHE_SECONDS = env_int("DROPOUT_RISK_STATS_CACHE_SECONDS", 3600)

# Absolute links in e-mails (training declarations, surveys, dropout-risk reminders).
PORTAL_BASE_URL = env_str("PORTAL_BASE_URL", "http://127.0.0.1:8000")

# Training declarations (Logbog): link lifetime, reminder offsets (days relative to the
# period's end; at most three are sent) and the back office's one-time code.
DECLARATION_LINK_DAYS = env_int("DECLARATION_LINK_DAYS", 30)
DECLARATION_REMINDER_OFFSETS_DAYS = (-7, 3, 10)
BACKOFFICE_CODE_LENGTH = env_int("BACKOFFICE_CODE_LENGTH", 6)  # the code enforces a floor of 4
BACKOFFICE_CODE_TTL_SECONDS = env_int("BACKOFFICE_CODE_TTL_SECONDS", 600)
BACKOFFICE_SESSION_SECONDS = env_int("BACKOFFICE_SESSION_SECONDS", 4 * 60 * 60)
BACKOFFICE_ALARM_THRESHOLD = env_int("BACKOFFICE_ALARM_THRESHOLD", 20)  # failures in 15 min
BACKOFFICE_FAILURE_RETENTION_DAYS = env_int("BACKOFFICE_FAILURE_RETENTION_DAYS", 90)

# Lærlingundersøkelsen (surveys): the smallest group whose results are shown, default dates
# of a new round ((month, day[, hour, minute]); each round's dates are editable), the SMS
# gateway, link keys, sending and import limits.
SURVEYS_MIN_GROUP_SIZE = env_int("SURVEYS_MIN_GROUP_SIZE", 5)
SURVEYS_DEFAULT_DATES = {
    "reference_date": (10, 1),
    "correction_deadline": (9, 30, 12, 0),
    "extract_at": (10, 1, 6, 0),
    "opens_on": (10, 7),
    "last_day": (11, 1),
    "results_on": (11, 27),
}
SURVEYS_SMS_BACKEND = env_str("SURVEYS_SMS_BACKEND", "console")  # console|file|null|locmem|http
SURVEYS_SMS_URL = env_str("SURVEYS_SMS_URL", "")
SURVEYS_SMS_TOKEN = env_secret("SURVEYS_SMS_TOKEN", "")
SURVEYS_SMS_SENDER = env_str("SURVEYS_SMS_SENDER", "Udir")
SURVEYS_SMS_TIMEOUT = env_int("SURVEYS_SMS_TIMEOUT", 10)
SURVEYS_SMS_FILE_PATH = env_str(
    "SURVEYS_SMS_FILE_PATH", str(BASE_DIR / "var" / "sms" / "sms.jsonl")
)
# Key for deriving answer-link tokens (default SECRET_KEY). Not rotated during a round:
# reminders must carry the same links as the invitation.
SURVEYS_TOKEN_KEY = env_secret("SURVEYS_TOKEN_KEY", "")
SURVEYS_SEND_CHUNK_SIZE = env_int("SURVEYS_SEND_CHUNK_SIZE", 500)
SURVEYS_SEND_CLAIM_TIMEOUT = env_int("SURVEYS_SEND_CLAIM_TIMEOUT", 600)
SURVEYS_RESUME_AFTER_SECONDS = env_int("SURVEYS_RESUME_AFTER_SECONDS", 900)
SURVEYS_RESPONSE_MIX_BATCH = env_int("SURVEYS_RESPONSE_MIX_BATCH", 20)
SURVEYS_IMPORT_MAX_BYTES = env_int("SURVEYS_IMPORT_MAX_BYTES", 5 * 1024 * 1024)
SURVEYS_IMPORT_MAX_ROWS = env_int("SURVEYS_IMPORT_MAX_ROWS", 100_000)
