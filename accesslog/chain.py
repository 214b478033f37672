"""The tamper-evidence chain: how an entry's MAC is computed and how the chain is verified.

mac(n) = HMAC-SHA256(key, mac(n-1) || canonical(entry n)), in id order. The keys never enter
the database, so whoever can rewrite the tables cannot recompute the chain. The canonical form
includes the id, so moving content between rows breaks the chain as surely as editing it.

Key rotation: settings.ACCESS_LOG_HMAC_KEYS ("id1:secret1,id2:secret2", newest first, from the
environment variable of that name) names the keys.
New seals use the newest; each seal stores the id of its key (`AccessLogSeal.key_id`), so old
entries are verified with their own key. The single ACCESS_LOG_HMAC_KEY is the key with the
empty id: the key of every seal written before rotation, and the sealing key while no
ACCESS_LOG_HMAC_KEYS is set. A seal whose key is no longer configured cannot be checked;
verification counts and names such entries instead of passing or failing them silently.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# The fields that are chained, in a fixed order. Changing this list invalidates every
# existing seal: add a new chain version instead.
CHAIN_FIELDS = (
    "id",
    "accessed_at",
    "user_id",
    "user_name",
    "user_email",
    "role_kind",
    "organisation_type",
    "organisation_id",
    "organisation_name",
    "purpose",
    "apprentice_ids",
    "url_name",
    "ip",
)
GENESIS_MAC = ""
# The id of the single ACCESS_LOG_HMAC_KEY (seals written before key rotation existed).
LEGACY_KEY_ID = ""
KEY_ID_MAX_LENGTH = 32


def _plain(value: object) -> object:
    if isinstance(value, datetime):
        # Fixed UTC text with microseconds: identical whichever backend returned it.
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(value, list | tuple):
        return [int(v) for v in value]
    return value if value is None or isinstance(value, int) else str(value)


def canonical(row: Mapping[str, object]) -> bytes:
    values = [_plain(row[name]) for name in CHAIN_FIELDS]
    return json.dumps(values, ensure_ascii=False, separators=(",", ":")).encode()


def hmac_keys() -> dict[str, str]:
    """Every configured key by id, newest first; the single ACCESS_LOG_HMAC_KEY (id "")
    last. Malformed configuration fails loudly rather than sealing with a wrong key."""
    configured = settings.ACCESS_LOG_HMAC_KEYS
    keys: dict[str, str] = {}
    for key_id, secret in _parse_keys(configured):
        if key_id in keys:
            raise ImproperlyConfigured(f"ACCESS_LOG_HMAC_KEYS names the key id {key_id!r} twice.")
        keys[key_id] = secret
    legacy = getattr(settings, "ACCESS_LOG_HMAC_KEY", "") or ""
    if legacy:
        keys[LEGACY_KEY_ID] = legacy
    if not keys:
        raise ImproperlyConfigured("Set ACCESS_LOG_HMAC_KEYS or ACCESS_LOG_HMAC_KEY.")
    return keys


def _parse_keys(configured: object) -> list[tuple[str, str]]:
    if isinstance(configured, str):
        items = [item.strip() for item in configured.split(",") if item.strip()]
        pairs = []
        for item in items:
            key_id, separator, secret = item.partition(":")
            if not separator:
                raise ImproperlyConfigured(
                    "ACCESS_LOG_HMAC_KEYS must be id:secret pairs separated by commas."
                )
            pairs.append((key_id.strip(), secret.strip()))
    elif isinstance(configured, Mapping):
        pairs = [(str(k), str(v)) for k, v in configured.items()]
    else:  # a list of (id, secret) pairs
        pairs = [(str(k), str(v)) for k, v in configured]  # type: ignore[union-attr]
    for key_id, secret in pairs:
        if not key_id or len(key_id) > KEY_ID_MAX_LENGTH or not secret:
            raise ImproperlyConfigured(
                f"ACCESS_LOG_HMAC_KEYS: each key needs an id of 1-{KEY_ID_MAX_LENGTH} "
                "characters and a secret."
            )
    return pairs


def sealing_key() -> tuple[str, str]:
    """(key id, secret) that new seals use: the newest configured key."""
    return next(iter(hmac_keys().items()))


def entry_mac(prev_mac: str, row: Mapping[str, object], secret: str | None = None) -> str:
    key = (secret if secret is not None else sealing_key()[1]).encode()
    return hmac.new(key, prev_mac.encode() + b"|" + canonical(row), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int = 0
    unsealed: int = 0
    broken_entry_id: int | None = None
    reason: str = ""
    # Sealed with a key that is no longer configured: linked, but their MACs unchecked.
    unverifiable: int = 0
    unverifiable_first_id: int | None = None
    unverifiable_last_id: int | None = None
    unknown_key_ids: tuple[str, ...] = ()


def verify_rows(
    rows: Iterable[Mapping[str, object]], *, anchor_id: int, anchor_mac: str
) -> ChainReport:
    """Walk entries in id order (each row: CHAIN_FIELDS + seal_prev, seal_mac, seal_key).

    Unsealed entries are fine only at the end (the sealer has not reached them yet); an
    unsealed entry followed by a sealed one lies before the sealed head and fails. An entry
    sealed with a key that is not configured is counted as unverifiable (its link to the
    previous entry is still checked, and the chain continues from its stored MAC); the
    report is then not ok, with no broken entry.
    """
    keys = hmac_keys()
    prev_id, prev_mac = anchor_id, anchor_mac
    checked = 0
    first_unsealed: int | None = None
    unsealed = 0
    unverifiable = 0
    first_unverifiable: int | None = None
    last_unverifiable: int | None = None
    unknown: set[str] = set()

    def report(ok: bool, broken: int | None = None, reason: str = "") -> ChainReport:
        return ChainReport(
            ok and not unverifiable,
            checked,
            unsealed,
            broken,
            reason,
            unverifiable,
            first_unverifiable,
            last_unverifiable,
            tuple(sorted(unknown)),
        )

    for row in rows:
        entry_id = int(row["id"])  # type: ignore[call-overload]
        if row["seal_mac"] is None:
            first_unsealed = first_unsealed or entry_id
            unsealed += 1
            continue
        if first_unsealed is not None:
            return report(False, first_unsealed, "missing seal")
        if row["seal_prev"] != prev_id:
            reason = f"previous entry #{row['seal_prev']} is missing or out of order"
            return report(False, entry_id, reason)
        key_id = str(row.get("seal_key") or LEGACY_KEY_ID)
        if key_id not in keys:
            unknown.add(key_id)
            unverifiable += 1
            first_unverifiable = first_unverifiable or entry_id
            last_unverifiable = entry_id
        elif hmac.compare_digest(str(row["seal_mac"]), entry_mac(prev_mac, row, keys[key_id])):
            checked += 1
        else:
            return report(False, entry_id, "content was modified")
        prev_id, prev_mac = entry_id, str(row["seal_mac"])
    return report(True)
