"""An e-mail backend for the send benchmark: instead of sending, it appends each message's
OutgoingMessage id (the X-Survey-Message header) to a per-process file with one unbuffered
write, so a SIGKILL loses nothing and the bench can count real deliveries and duplicates."""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend

_fd: int | None = None
_pid: int | None = None


def _log_fd() -> int:
    global _fd, _pid
    if _fd is None or _pid != os.getpid():
        directory = Path(settings.SURVEYS_DELIVERY_LOG_DIR)
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / f"deliveries-{os.getpid()}.log"
        _fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        _pid = os.getpid()
    return _fd


class DeliveryLogBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        for message in email_messages:
            message.message()  # build the MIME message as a real backend would
            os.write(_log_fd(), f"{message.extra_headers.get('X-Survey-Message', '')}\n".encode())
        return len(email_messages)
