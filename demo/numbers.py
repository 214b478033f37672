"""Check-digit helpers for generating valid demo and benchmark identifiers."""

from __future__ import annotations

_CVR_WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)
_ORGNR_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)


def cvr_from_seed(seed: int) -> str:
    """The first valid CVR number (8 digits, modulus 11) at or after 10000000 + seed * 11."""
    candidate = 10_000_000 + (seed * 11) % 89_999_989
    while True:
        digits = f"{candidate:08d}"
        if sum(int(d) * w for d, w in zip(digits, _CVR_WEIGHTS, strict=True)) % 11 == 0:
            return digits
        candidate += 1


def orgnr_from_seed(seed: int) -> str:
    """A valid Norwegian organisation number (9 digits, modulus-11 check digit)."""
    base = 800_000_00 + seed * 7
    while True:
        body = f"{base:08d}"
        remainder = sum(int(d) * w for d, w in zip(body, _ORGNR_WEIGHTS, strict=True)) % 11
        check = (11 - remainder) % 11
        if check != 10:
            return f"{body}{check}"
        base += 1
