from celery import shared_task

from accounts.services import erase_expired_users


@shared_task
def erase_expired_user_records() -> int:
    """Daily: erase users revoked more than six years ago (idempotent)."""
    return erase_expired_users()
