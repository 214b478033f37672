"""Writes the stub CVR register's JSON documents (companies/cvr_stub/{virksomhed,produktionsenhed}).

    DEBUG=1 .venv/bin/python -m companies.cvr_stub.build_stub

The documents hold the demo's companies exactly as demo/ seeds them (same CVR numbers, names,
addresses, e-mails and P-numbers), so a sync of the seeded demo against the stub changes
nothing, plus a few companies that exist only in the register: for the admin's "Tilføj
virksomhed fra CVR" and for the sync's edge cases (a closed unit, a closed company, a secret
e-mail). tests/companies checks that the committed files are what this script writes.

This is a development tool: it may import demo/, which the companies app itself never does.
The benchmark's 40,000 companies are not files; see companies.cvr.generated.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from companies.cvr.documents import CompanySpec, UnitSpec, company_document, unit_document

STUB_DIR = Path(__file__).resolve().parent

# Companies in the register that the demo does not seed.
EXTRA_COMPANIES = [
    {
        "seed": 404,
        "name": "Bageriet Morgenbrød ApS",
        "address": "Bagervej 3",
        "postal_code": "5000",
        "city": "Odense C",
        "cvr_email": "ordre@morgenbroed.demo.test",
        "workplaces": [
            ("Bageriet Morgenbrød – Bagervej", "Bagervej 3"),
            ("Bageriet Morgenbrød – Vestergade", "Vestergade 41"),
        ],
        # A unit the company has closed: in its history, no longer current.
        "closed_workplaces": [("Bageriet Morgenbrød – Kongensgade", "Kongensgade 7")],
    },
    {
        "seed": 505,
        "name": "Maskinfabrikken Vestkyst A/S",
        "address": "Fabriksvej 9",
        "postal_code": "6700",
        "city": "Esbjerg",
        "cvr_email": "info@vestkyst.demo.test",
        "closed": True,
        "closed_workplaces": [("Maskinfabrikken Vestkyst A/S", "Fabriksvej 9")],
    },
]
# The demo company without a public e-mail has a secret one in the register: never stored.
SECRET_EMAILS = {303: "direktion@nordlysbyg.demo.test"}


def specs() -> list[CompanySpec]:
    from demo import data
    from demo.numbers import cvr_from_seed
    from demo.services import p_number_for

    result = []
    for company in [*data.COMPANIES, *EXTRA_COMPANIES]:
        seed = company["seed"]
        open_units = company.get("workplaces", [])
        closed_units = company.get("closed_workplaces", [])
        units = [
            UnitSpec(
                p_number=p_number_for(seed, index),
                name=name,
                street=street,
                postal_code=company["postal_code"],
                city=company["city"],
                closed=index > len(open_units),
            )
            for index, (name, street) in enumerate([*open_units, *closed_units], start=1)
        ]
        secret = SECRET_EMAILS.get(seed, "")
        result.append(
            CompanySpec(
                cvr=cvr_from_seed(seed),
                name=company["name"],
                street=company["address"],
                postal_code=company["postal_code"],
                city=company["city"],
                email=company["cvr_email"] or secret,
                email_secret=bool(secret),
                closed=company.get("closed", False),
                units=tuple(units),
            )
        )
    return result


def documents() -> dict[str, dict]:
    """Relative path → file content, for every stub document."""
    files: dict[str, dict] = {}
    for spec in specs():
        files[f"virksomhed/{spec.cvr}.json"] = {"Vrvirksomhed": company_document(spec)}
        for unit in spec.units:
            document = unit_document(unit, spec.cvr)
            files[f"produktionsenhed/{unit.p_number}.json"] = {"VrproduktionsEnhed": document}
    return files


def render(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def main() -> None:
    for folder in ("virksomhed", "produktionsenhed"):
        (STUB_DIR / folder).mkdir(exist_ok=True)
        for old in (STUB_DIR / folder).glob("*.json"):
            old.unlink()
    for relative, document in documents().items():
        (STUB_DIR / relative).write_text(render(document), encoding="utf-8")
    print(f"Wrote {len(documents())} documents to {STUB_DIR}")


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()
    main()
