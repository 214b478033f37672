"""The CVR register's documents: reading them into small records, and writing them for the stub.

The register's data distribution (Erhvervsstyrelsen's "system-til-system" access) is an
Elasticsearch index, cvr-permanent, with one document per company (`Vrvirksomhed`) and one per
production unit (`VrproduktionsEnhed`). Both carry full history: names, addresses, e-mails and
memberships are lists of entries with a validity period (`periode.gyldigFra/gyldigTil`), and a
`...Metadata` object holds the newest values. Only this module knows that shape; the rest of
the portal sees `CvrCompany` and `CvrUnit`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

Document = Mapping[str, Any]


class CvrError(Exception):
    """The register could not give a usable answer (network, credentials, a broken document)."""


@dataclass(frozen=True)
class Index:
    """One of the register's indexes: where to search it and how its documents are keyed."""

    path: str  # URL segment: {CVR_API_URL}/{path}/_search
    source_key: str  # the object inside each hit's _source
    number_field: str  # the document's own number, searched with a terms query
    width: int  # digits of that number; the register stores it as an integer

    def number(self, document: Document) -> str:
        return f"{int(document[self.number_field]):0{self.width}d}"


COMPANIES = Index("virksomhed", "Vrvirksomhed", "cvrNummer", 8)
UNITS = Index("produktionsenhed", "VrproduktionsEnhed", "pNummer", 10)

# sammensatStatus values meaning the company or unit no longer exists ("Ophørt", "OPLØST EFTER
# KONKURS", "TVANGSOPLØST", ...). Anything else ("NORMAL", "Aktiv", "UNDER KONKURS") is active.
_CLOSED_STATUS_PREFIXES = ("OPHØRT", "OPLØST", "TVANGSOPLØST", "SLETTET")


@dataclass(frozen=True)
class CvrAddress:
    street: str
    postal_code: str
    city: str


@dataclass(frozen=True)
class CvrUnit:
    p_number: str
    name: str
    address: CvrAddress
    is_active: bool


@dataclass(frozen=True)
class CvrCompany:
    cvr: str
    name: str
    address: CvrAddress
    # The newest public e-mail; "" when there is none. Secret ones (hemmelig) are never kept.
    email: str
    is_active: bool
    # The production units that belong to the company now, in the register's order.
    p_numbers: tuple[str, ...]


def parse_company(document: Document) -> CvrCompany:
    cvr = _number(COMPANIES, document)
    try:
        metadata = document["virksomhedMetadata"]
        return CvrCompany(
            cvr=cvr,
            name=metadata["nyesteNavn"]["navn"],
            address=_address(metadata.get("nyesteBeliggenhedsadresse") or {}),
            email=_public_email(document.get("elektroniskPost") or []),
            is_active=_is_active(metadata.get("sammensatStatus"), document.get("livsforloeb")),
            p_numbers=tuple(
                f"{int(entry['pNummer']):010d}" for entry in _current(document.get("penheder"))
            ),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise CvrError(
            _("CVR-registerets dokument for %(number)s mangler feltet %(field)s.")
            % {"number": cvr, "field": exc}
        ) from exc


def parse_unit(document: Document) -> CvrUnit:
    p_number = _number(UNITS, document)
    try:
        metadata = document["produktionsEnhedMetadata"]
        return CvrUnit(
            p_number=p_number,
            name=metadata["nyesteNavn"]["navn"],
            address=_address(metadata.get("nyesteBeliggenhedsadresse") or {}),
            is_active=_is_active(metadata.get("sammensatStatus"), document.get("livsforloeb")),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise CvrError(
            _("CVR-registerets dokument for %(number)s mangler feltet %(field)s.")
            % {"number": p_number, "field": exc}
        ) from exc


def _number(index: Index, document: Document) -> str:
    try:
        return index.number(document)
    except (KeyError, TypeError, ValueError) as exc:
        raise CvrError(
            _("Et dokument fra CVR-registeret har ikke et gyldigt nummer (%(field)s).")
            % {"field": exc}
        ) from exc


def _current(entries: Iterable[Document] | None) -> list[Document]:
    """The entries whose validity period is still open (gyldigTil is null)."""
    return [e for e in entries or [] if (e.get("periode") or {}).get("gyldigTil") is None]


def _public_email(entries: Iterable[Document]) -> str:
    public = [e for e in _current(entries) if not e.get("hemmelig")]
    return str(public[-1]["kontaktoplysning"]).strip() if public else ""


def _is_active(status: str | None, lifecycle: Iterable[Document] | None) -> bool:
    if status and status.strip().upper().startswith(_CLOSED_STATUS_PREFIXES):
        return False
    periods = list(lifecycle or [])
    # No lifecycle at all says nothing; a lifecycle whose every period ended means closed.
    return not periods or bool(_current(periods))


def _address(data: Document) -> CvrAddress:
    return CvrAddress(
        street=_street(data),
        postal_code=str(data.get("postnummer") or ""),
        city=str(data.get("postdistrikt") or ""),
    )


def _street(data: Document) -> str:
    """Danish address form: "Hovedgaden 12A-14, 2. tv" (or the register's free text)."""
    if not data.get("vejnavn"):
        return str(data.get("fritekst") or "")
    number = f"{data.get('husnummerFra') or ''}{data.get('bogstavFra') or ''}"
    if data.get("husnummerTil"):
        number += f"-{data['husnummerTil']}{data.get('bogstavTil') or ''}"
    street = f"{data['vejnavn']} {number}".strip()
    floor = " ".join(
        part
        for part in (
            f"{data['etage']}." if data.get("etage") else "",
            str(data.get("sidedoer") or ""),
        )
        if part
    )
    return f"{street}, {floor}" if floor else street


# --- Writing documents (the stub's JSON files and its generated companies) -------------------

_OPEN = {"gyldigFra": "2015-01-01", "gyldigTil": None}
_ENDED = {"gyldigFra": "2015-01-01", "gyldigTil": "2024-12-31"}
_UPDATED = "2025-01-02T08:00:00.000+01:00"


@dataclass(frozen=True)
class UnitSpec:
    p_number: str
    name: str
    street: str  # "Solgårdsvej 12": the house number is the last word
    postal_code: str
    city: str
    closed: bool = False


@dataclass(frozen=True)
class CompanySpec:
    cvr: str
    name: str
    street: str
    postal_code: str
    city: str
    email: str = ""
    email_secret: bool = False
    closed: bool = False
    units: tuple[UnitSpec, ...] = ()


def company_document(spec: CompanySpec) -> dict[str, Any]:
    """A Vrvirksomhed document with the fields the portal reads, shaped like the register's."""
    name = [{"navn": spec.name, "periode": _OPEN, "sidstOpdateret": _UPDATED}]
    emails = []
    if spec.email:
        emails.append(_contact(spec.email, secret=spec.email_secret))
    return {
        "cvrNummer": int(spec.cvr),
        "navne": name,
        "beliggenhedsadresse": [_address_entry(spec.street, spec.postal_code, spec.city)],
        "elektroniskPost": emails,
        "livsforloeb": [{"periode": _ENDED if spec.closed else _OPEN}],
        "penheder": [
            {"pNummer": int(u.p_number), "periode": _ENDED if u.closed else _OPEN}
            for u in spec.units
        ],
        "virksomhedMetadata": {
            "nyesteNavn": {"navn": spec.name, "periode": _OPEN},
            "nyesteBeliggenhedsadresse": _address_entry(spec.street, spec.postal_code, spec.city),
            "nyesteKontaktoplysninger": [spec.email]
            if spec.email and not spec.email_secret
            else [],
            "sammensatStatus": "Ophørt" if spec.closed else "NORMAL",
            "antalPenheder": len(spec.units),
        },
    }


def unit_document(spec: UnitSpec, cvr: str) -> dict[str, Any]:
    """A VrproduktionsEnhed document, linked to its company by virksomhedsrelation."""
    address = _address_entry(spec.street, spec.postal_code, spec.city)
    return {
        "pNummer": int(spec.p_number),
        "navne": [{"navn": spec.name, "periode": _OPEN, "sidstOpdateret": _UPDATED}],
        "beliggenhedsadresse": [address],
        "livsforloeb": [{"periode": _ENDED if spec.closed else _OPEN}],
        "virksomhedsrelation": [{"cvrNummer": int(cvr), "periode": _OPEN}],
        "produktionsEnhedMetadata": {
            "nyesteNavn": {"navn": spec.name, "periode": _OPEN},
            "nyesteBeliggenhedsadresse": address,
            "nyesteCvrNummerRelation": int(cvr),
            "sammensatStatus": "Ophørt" if spec.closed else "Aktiv",
        },
    }


def _contact(value: str, *, secret: bool) -> dict[str, Any]:
    return {
        "kontaktoplysning": value,
        "hemmelig": secret,
        "periode": _OPEN,
        "sidstOpdateret": _UPDATED,
    }


def _address_entry(street: str, postal_code: str, city: str) -> dict[str, Any]:
    road, _space, number = street.rpartition(" ")
    if not (road and number[:1].isdigit()):
        road, number = street, ""
    digits = "".join(ch for ch in number if ch.isdigit())
    return {
        "landekode": "DK",
        "fritekst": None,
        "vejnavn": road,
        "husnummerFra": int(digits) if digits else None,
        "bogstavFra": number[len(digits) :] or None,
        "husnummerTil": None,
        "bogstavTil": None,
        "etage": None,
        "sidedoer": None,
        "conavn": None,
        "postboks": None,
        "postnummer": int(postal_code),
        "postdistrikt": city,
        "periode": _OPEN,
        "sidstOpdateret": _UPDATED,
    }
