"""The tamper-evidence chain: how an entry's MAC is computed and how the chain is verified.

mac(n) = HMAC-SHA256(key, mac(n-1) || canonical(entry n)), in id order. The key
(settings.ACCESS_LOG_HMAC_KEY) never enters the database, so whoever can rewrite the tables
cannot recompute the chain. The canonical form includes the id, so moving content between
rows breaks the chain as surely as editing it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings

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


def entry_mac(prev_mac: str, row: Mapping[str, object]) -> str:
    key = settings.ACCESS_LOG_HMAC_KEY.encode()
    return hmac.new(key, prev_mac.encode() + b"|" + canonical(row), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int = 0
    unsealed: int = 0
    broken_entry_id: int | None = None
    reason: str = ""


def verify_rows(
    rows: Iterable[Mapping[str, object]], *, anchor_id: int, anchor_mac: str
) -> ChainReport:
    """Walk entries in id order (each row: CHAIN_FIELDS + seal_prev, seal_mac).

    Unsealed entries are fine only at the end (the sealer has not reached them yet); an
    unsealed entry followed by a sealed one lies before the sealed head and fails.
    """
    prev_id, prev_mac = anchor_id, anchor_mac
    checked = 0
    first_unsealed: int | None = None
    unsealed = 0
    for row in rows:
        entry_id = int(row["id"])  # type: ignore[call-overload]
        if row["seal_mac"] is None:
            first_unsealed = first_unsealed or entry_id
            unsealed += 1
            continue
        if first_unsealed is not None:
            return ChainReport(False, checked, unsealed, first_unsealed, "missing seal")
        if row["seal_prev"] != prev_id:
            reason = f"previous entry #{row['seal_prev']} is missing or out of order"
            return ChainReport(False, checked, unsealed, entry_id, reason)
        if not hmac.compare_digest(str(row["seal_mac"]), entry_mac(prev_mac, row)):
            return ChainReport(False, checked, unsealed, entry_id, "content was modified")
        prev_id, prev_mac = entry_id, str(row["seal_mac"])
        checked += 1
    return ChainReport(True, checked, unsealed)
