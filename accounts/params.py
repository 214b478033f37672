"""Numbers from a query string or a form: `str.isdigit()` is not enough.

"²".isdigit() is True and int("²") fails, and an id longer than a bigint fails in the
database; both used to be a server error instead of "not found".
"""

from __future__ import annotations

import re

_ID = re.compile(r"[0-9]{1,18}")


def parse_id(value: object) -> int | None:
    """A positive-or-zero number of at most 18 ASCII digits, else None."""
    if isinstance(value, str) and _ID.fullmatch(value):
        return int(value)
    return None
