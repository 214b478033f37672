"""Deterministic synthetic companies for the scale benchmark (40,000 companies, 100,000 units).

Committing 40,000 JSON files would bloat the repository, so the stub makes these documents
on demand from a seed. The numbers are recognisable without any table:

- CVR "9SSSSSdC": "9", the seed in five digits, a free digit d chosen so that the modulus-11
  check digit C exists (it cannot be 10). The demo's CVR numbers start with 1, so no overlap.
- P-number "9SSSSSIIII": "9", the seed, the unit's index (1-based, four digits).

Seeds run from 0 to 99,999. Company seed s has 1 + s % 4 units (2.5 on average), except every
10,000th seed, which has LARGE_COMPANY_UNITS (the "500 workplaces" list page benchmark).
The benchmark generator asks `generated_cvr(seed)` and `generated_p_numbers(seed)` for the
numbers to put in the database, and a sync against the stub then changes nothing.
"""

from __future__ import annotations

from companies.cvr.documents import CompanySpec, UnitSpec, company_document, unit_document

MAX_SEED = 99_999
LARGE_COMPANY_EVERY = 10_000
LARGE_COMPANY_UNITS = 500
_CVR_WEIGHTS = (2, 7, 6, 5, 4, 3, 2)  # the check digit's own weight is 1
_STREETS = ("Industrivej", "Hovedgaden", "Stationsvej", "Havnevej", "Skolevej", "Møllevej")
_TOWNS = (("8000", "Aarhus C"), ("5000", "Odense C"), ("9000", "Aalborg"), ("7100", "Vejle"))


def generated_cvr(seed: int) -> str:
    _check_seed(seed)
    for free in range(10):
        body = f"9{seed:05d}{free}"
        check = -sum(int(d) * w for d, w in zip(body, _CVR_WEIGHTS, strict=True)) % 11
        if check != 10:
            return f"{body}{check}"
    raise AssertionError("unreachable: 2·d mod 11 takes ten distinct values")


def seed_of_cvr(cvr: str) -> int | None:
    """The seed `cvr` was generated from, or None when it is not a generated number."""
    if len(cvr) != 8 or not cvr.isdigit() or cvr[0] != "9":
        return None
    seed = int(cvr[1:6])
    return seed if generated_cvr(seed) == cvr else None


def unit_count(seed: int) -> int:
    if seed % LARGE_COMPANY_EVERY == 0:
        return LARGE_COMPANY_UNITS
    return 1 + seed % 4


def generated_p_numbers(seed: int) -> list[str]:
    return [f"9{seed:05d}{index:04d}" for index in range(1, unit_count(seed) + 1)]


def company_spec(seed: int) -> CompanySpec:
    postal_code, city = _TOWNS[seed % len(_TOWNS)]
    return CompanySpec(
        cvr=generated_cvr(seed),
        name=f"Testvirksomhed {seed:05d} ApS",
        street=f"{_STREETS[seed % len(_STREETS)]} {1 + seed % 97}",
        postal_code=postal_code,
        city=city,
        email=f"post@testvirksomhed{seed:05d}.example.dk",
        units=tuple(_unit_spec(seed, index) for index in range(1, unit_count(seed) + 1)),
    )


def generated_company_document(cvr: str) -> dict | None:
    seed = seed_of_cvr(cvr)
    return None if seed is None else company_document(company_spec(seed))


def generated_unit_document(p_number: str) -> dict | None:
    if len(p_number) != 10 or not p_number.isdigit() or p_number[0] != "9":
        return None
    seed, index = int(p_number[1:6]), int(p_number[6:])
    if not 1 <= index <= unit_count(seed):
        return None
    return unit_document(_unit_spec(seed, index), generated_cvr(seed))


def _unit_spec(seed: int, index: int) -> UnitSpec:
    postal_code, city = _TOWNS[(seed + index) % len(_TOWNS)]
    return UnitSpec(
        p_number=f"9{seed:05d}{index:04d}",
        name=f"Testvirksomhed {seed:05d} – afdeling {index}",
        street=f"{_STREETS[(seed + index) % len(_STREETS)]} {index}",
        postal_code=postal_code,
        city=city,
    )


def _check_seed(seed: int) -> None:
    if not 0 <= seed <= MAX_SEED:
        raise ValueError(f"A generated company's seed is 0–{MAX_SEED}, not {seed}.")
