import datetime as dt
from importlib import import_module

from celery import shared_task
from django.conf import settings
from django.utils import timezone

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


@shared_task
def purge_old_login_events() -> int:
    """Daily: delete login events older than LOGIN_EVENT_RETENTION_DAYS (idempotent)."""
    from accounts.models import LoginEvent

    cutoff = timezone.now() - dt.timedelta(days=settings.LOGIN_EVENT_RETENTION_DAYS)
    deleted, _ = LoginEvent.objects.filter(at__lt=cutoff).delete()
    return deleted
