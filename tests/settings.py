"""Test settings: the production module with test-only overrides.

DATABASE_URL / REDIS_URL from the environment choose PostgreSQL and Redis (CI sets both);
without them the suite runs on SQLite with tasks in-process.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production")
os.environ.setdefault("ACCESS_LOG_HMAC_KEY", "test-only-access-log-key")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SECURE_COOKIES", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

from portal.settings import *  # noqa: F403

# Fast hashing: the suite creates many users; production keeps argon2.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests run tasks in-process even when REDIS_URL is set; the broker itself is tested
# directly where it matters.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"
CELERY_RESULT_BACKEND = None
LANGUAGE_CODE = "da"
# Most tests log in admins directly; the second-factor gate has its own tests.
MFA_REQUIRED_FOR_ADMINS = False
# The browser tests load axe-core from the portal's own origin, so the strict CSP
# (script-src 'self') stays on while they check accessibility.
STATICFILES_DIRS = [*STATICFILES_DIRS, ("test-axe", BASE_DIR / "node_modules" / "axe-core")]  # noqa: F405
