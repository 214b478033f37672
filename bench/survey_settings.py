"""Settings for bench/survey_send_bench.py and the Celery worker it starts: the portal's
settings with a real Redis broker and PostgreSQL, e-mails recorded (one line per delivery)
instead of sent, SMS dropped, and the bench's own Redis database and queue so no other
worker on the machine takes its tasks."""

import os

os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
os.environ.setdefault("ACCESS_LOG_HMAC_KEY", "bench-only-access-log-key")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/laereportal_survey_bench")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/5")

from portal.settings import *  # noqa: F403

CELERY_TASK_DEFAULT_QUEUE = "survey-bench"
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
EMAIL_BACKEND = "bench.survey_backends.DeliveryLogBackend"
SURVEYS_SMS_BACKEND = "null"
SURVEYS_DELIVERY_LOG_DIR = os.environ.get(
    "SURVEYS_DELIVERY_LOG_DIR",
    str(BASE_DIR / "var" / "survey-bench"),  # noqa: F405
)
# Short, so the run after a SIGKILL does not wait ten minutes for the dead worker's claims.
SURVEYS_SEND_CLAIM_TIMEOUT = int(os.environ.get("SURVEYS_SEND_CLAIM_TIMEOUT", "15"))
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
