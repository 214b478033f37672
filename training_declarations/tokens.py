"""Secrets of the training declarations: link tokens, login attempt keys and one-time codes.

- A link token is 32 random bytes (256 bits, URL-safe base64, 43 characters). It is not
  signed: the server keeps the state (its SHA-256, expiry, revocation), so a lookup of the
  hash is the whole check and a signature would add nothing but length.
- A one-time code is stored as HMAC-SHA256(SECRET_KEY, "<attempt id>:<code>"), so a copy of
  the database does not give the codes away (a plain hash of six digits is reversed in a
  millisecond) and a code is worth nothing outside its own attempt.
"""

from __future__ import annotations

import hashlib
import re
import secrets

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

TOKEN_BYTES = 32
# What secrets.token_urlsafe(32) produces; anything else is refused before the database.
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{43}$")
CODE_LENGTH_FLOOR = 4


def new_token() -> tuple[str, str]:
    """(token for the e-mail, its hash for the database)."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, token_hash(token)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def looks_like_token(token: str) -> bool:
    return bool(TOKEN_PATTERN.match(token or ""))


def code_length() -> int:
    """BACKOFFICE_CODE_LENGTH digits (default 6, never fewer than 4: the guide's floor)."""
    return max(CODE_LENGTH_FLOOR, int(getattr(settings, "BACKOFFICE_CODE_LENGTH", 6)))


def new_code() -> str:
    length = code_length()
    return f"{secrets.randbelow(10**length):0{length}d}"


def code_hash(attempt_id: int, code: str) -> str:
    return salted_hmac(
        "training_declarations.backoffice-code", f"{attempt_id}:{code}", algorithm="sha256"
    ).hexdigest()


def code_matches(attempt_id: int, code: str, stored_hash: str) -> bool:
    # An attempt for an unknown address has no hash: compare anyway, so both take as long.
    candidate = code_hash(attempt_id, code)
    return bool(stored_hash) and constant_time_compare(candidate, stored_hash)
