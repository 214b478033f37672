from importlib import import_module

from celery import shared_task
from django.conf import settings

from accounts.services import erase_expired_users


@shared_task
def erase_expired_user_records() -> int:
    """Daily: erase users revoked more than six years ago (idempotent)."""
    return erase_expired_users()


@shared_task
def clear_expired_sessions() -> None:
    """Daily: what `manage.py clearsessions` does, for the database session store."""
    engine = import_module(settings.SESSION_ENGINE)
    engine.SessionStore.clear_expired()
