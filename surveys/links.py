"""Personal answer links.

A link's token is derived from the participant's random `token_nonce` with a server key
(HMAC-SHA256), so the database alone never holds a usable link: only the token's SHA-256 is
stored, for the lookup. Deriving it (rather than storing it) lets every reminder, and every
retry of a crashed send, carry the same link.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.urls import reverse
from django.utils.crypto import salted_hmac


def _key() -> str:
    return getattr(settings, "SURVEYS_TOKEN_KEY", "") or settings.SECRET_KEY


def token_for(nonce: str) -> str:
    return salted_hmac("surveys.answer-link", nonce, secret=_key(), algorithm="sha256").hexdigest()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_nonce_and_hash() -> tuple[str, str]:
    nonce = secrets.token_hex(16)
    return nonce, token_hash(token_for(nonce))


def answer_url(nonce: str) -> str:
    base = getattr(settings, "PORTAL_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
    return base + reverse("surveys:answer", kwargs={"token": token_for(nonce)})
