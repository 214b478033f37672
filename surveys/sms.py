"""The SMS gateway interface and its backends.

`send_sms(to, body, key)` uses the backend named by settings.SURVEYS_SMS_BACKEND:

- "console" (default): prints the message, for the embedded default;
- "file": appends one JSON line per message to SURVEYS_SMS_FILE_PATH;
- "locmem": keeps messages in `outbox` (tests);
- "null": drops them (benchmarks);
- "http": POSTs JSON to SURVEYS_SMS_URL with a bearer token (SURVEYS_SMS_TOKEN).

`key` is the message's idempotency key (the OutgoingMessage id): the HTTP backend sends it as
`Idempotency-Key`, so a gateway that honours it drops the rare resend after a crash between
sending and marking the message sent.
"""

from __future__ import annotations

import json
import sys
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from django.conf import settings


class SmsError(Exception):
    """The gateway refused the message for good (bad number, 4xx): do not retry."""


class SmsTemporaryError(Exception):
    """The gateway could not be reached or failed (timeout, 5xx): retry later."""


@dataclass(frozen=True)
class Sms:
    to: str
    body: str
    key: str
    sender: str


class SmsBackend(Protocol):
    def send(self, message: Sms) -> None: ...


class ConsoleBackend:
    def send(self, message: Sms) -> None:
        sys.stdout.write(f"SMS to {message.to} ({message.key}): {message.body}\n")


class NullBackend:
    def send(self, message: Sms) -> None:
        return None


outbox: list[Sms] = []


class LocmemBackend:
    def send(self, message: Sms) -> None:
        outbox.append(message)


class FileBackend:
    _lock = threading.Lock()

    def __init__(self) -> None:
        self.path = Path(getattr(settings, "SURVEYS_SMS_FILE_PATH", "var/sms/sms.jsonl"))

    def send(self, message: Sms) -> None:
        line = json.dumps({"to": message.to, "body": message.body, "key": message.key})
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock, self.path.open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")


class HttpBackend:
    """A JSON-over-HTTPS gateway: POST {"to", "from", "text"} → 2xx."""

    def __init__(self) -> None:
        self.url = getattr(settings, "SURVEYS_SMS_URL", "")
        self.token = getattr(settings, "SURVEYS_SMS_TOKEN", "")
        self.timeout = getattr(settings, "SURVEYS_SMS_TIMEOUT", 10)
        if not self.url.startswith(("https://", "http://")):
            raise SmsTemporaryError("SURVEYS_SMS_URL is not set to an http(s) URL.")

    def send(self, message: Sms) -> None:
        payload = json.dumps({"to": message.to, "from": message.sender, "text": message.body})
        request = urllib.request.Request(  # noqa: S310 (scheme checked in __init__)
            self.url,
            data=payload.encode("utf-8"),
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {self.token}",
                "Idempotency-Key": message.key,
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                response.read()
        except urllib.error.HTTPError as error:
            if 400 <= error.code < 500 and error.code != 429:
                raise SmsError(f"gateway refused the message: HTTP {error.code}") from error
            raise SmsTemporaryError(f"gateway error: HTTP {error.code}") from error
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise SmsTemporaryError(f"gateway unreachable: {error}") from error


_BACKENDS: dict[str, type] = {
    "console": ConsoleBackend,
    "file": FileBackend,
    "locmem": LocmemBackend,
    "null": NullBackend,
    "http": HttpBackend,
}


def get_backend() -> SmsBackend:
    name = getattr(settings, "SURVEYS_SMS_BACKEND", "console")
    return _BACKENDS[name]()


def send_sms(*, to: str, body: str, key: str, backend: SmsBackend | None = None) -> None:
    sender = getattr(settings, "SURVEYS_SMS_SENDER", "Udir")
    (backend or get_backend()).send(Sms(to=to, body=body, key=key, sender=sender))
