"""Reading a register extract (VIGO-like CSV or .xlsx) into checked rows.

The file is read completely and every bad row is reported with its line number and reason;
`services.register_import` writes nothing unless the whole file is good. Contact details that
do not validate are not errors: they are what the data-quality page is for.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from stdnum.no import orgnr

from surveys.models import Participant

COLUMNS = (
    "id",
    "type",
    "navn",
    "epost",
    "mobil",
    "fylke",
    "opplaeringskontor",
    "laerebedrift",
    "laerebedrift_navn",
    "kontraktstart",
    "kontraktstatus",
)
REQUIRED_COLUMNS = ("id", "type", "navn", "fylke", "kontraktstart", "kontraktstatus")
_ALIASES = {
    "lopenummer": "id",
    "elevnummer": "id",
    "kategori": "type",
    "e_post": "epost",
    "e_mail": "epost",
    "mobilnummer": "mobil",
    "fylkeskommune": "fylke",
    "bedrift": "laerebedrift",
    "bedrift_navn": "laerebedrift_navn",
    "bedriftsnavn": "laerebedrift_navn",
    "kontrakt_start": "kontraktstart",
    "startdato": "kontraktstart",
    "status": "kontraktstatus",
    "kontrakt_status": "kontraktstatus",
}
_KINDS = {
    "lærling": Participant.Kind.APPRENTICE,
    "laerling": Participant.Kind.APPRENTICE,
    "l": Participant.Kind.APPRENTICE,
    "lærekandidat": Participant.Kind.CANDIDATE,
    "laerekandidat": Participant.Kind.CANDIDATE,
    "k": Participant.Kind.CANDIDATE,
}
_STATUSES = {
    "løpende": Participant.ContractStatus.RUNNING,
    "lopende": Participant.ContractStatus.RUNNING,
    "aktiv": Participant.ContractStatus.RUNNING,
    "godkjent": Participant.ContractStatus.RUNNING,
    "midlertidig stanset": Participant.ContractStatus.PAUSED,
    "stanset": Participant.ContractStatus.PAUSED,
    "avsluttet": Participant.ContractStatus.ENDED,
    "fullført": Participant.ContractStatus.ENDED,
    "hevet": Participant.ContractStatus.CANCELLED,
}
# An .xlsx is a zip: refuse one that would unpack to far more than any real extract.
_MAX_UNPACKED_BYTES = 100 * 1024 * 1024


class ImportFileError(Exception):
    """The file as a whole cannot be read (type, encoding, columns, size)."""


@dataclass(frozen=True)
class RowError:
    line: int
    message: str


@dataclass
class RegisterRow:
    line: int
    register_id: str
    kind: str
    name: str
    email: str
    email_valid: bool
    mobile: str
    mobile_e164: str
    county_orgnr: str
    office_orgnr: str
    company_orgnr: str
    company_name: str
    contract_start: dt.date
    contract_status: str


@dataclass
class ParseResult:
    rows: list[RegisterRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def max_bytes() -> int:
    return getattr(settings, "SURVEYS_IMPORT_MAX_BYTES", 5 * 1024 * 1024)


def max_rows() -> int:
    return getattr(settings, "SURVEYS_IMPORT_MAX_ROWS", 100_000)


def parse_upload(upload: UploadedFile) -> ParseResult:
    """Every row checked; ImportFileError if the file itself is unusable."""
    if upload.size is not None and upload.size > max_bytes():
        raise ImportFileError(
            _("Filen er for stor (højst %(mb)d MB).") % {"mb": max_bytes() // (1024 * 1024)}
        )
    data = upload.read(max_bytes() + 1)
    if len(data) > max_bytes():
        raise ImportFileError(
            _("Filen er for stor (højst %(mb)d MB).") % {"mb": max_bytes() // (1024 * 1024)}
        )
    result = ParseResult()
    seen: dict[str, int] = {}
    count = 0
    for line, raw in _records(upload.name or "", data):
        count += 1
        if count > max_rows():
            raise ImportFileError(_("Filen har over %(n)d rækker.") % {"n": max_rows()})
        row = _parse_row(line, raw, result.errors)
        if row is None:
            continue
        if row.register_id in seen:
            result.errors.append(
                RowError(
                    line,
                    _("Løbenummeret %(id)s står også i linje %(other)d.")
                    % {"id": row.register_id, "other": seen[row.register_id]},
                )
            )
            continue
        seen[row.register_id] = line
        result.rows.append(row)
    if count == 0:
        raise ImportFileError(_("Filen indeholder ingen rækker."))
    return result


def _records(name: str, data: bytes) -> Iterator[tuple[int, dict[str, str | object]]]:
    lower = name.lower()
    if not lower.endswith((".csv", ".txt", ".xlsx")):
        raise ImportFileError(
            _("Forkert filtype: upload registerudtrækket som CSV (UTF-8) eller Excel (.xlsx).")
        )
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(
            _("Filen er i det gamle Excel-format (.xls). Gem den som .xlsx eller CSV (UTF-8).")
        )
    if data.startswith(b"PK\x03\x04"):
        return _xlsx_records(data)
    if lower.endswith(".xlsx"):
        raise ImportFileError(_("Filen er ikke en gyldig Excel-fil (.xlsx)."))
    return _csv_records(data)


def _csv_records(data: bytes) -> Iterator[tuple[int, dict[str, str | object]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            _("Filen er ikke UTF-8. Gem den som »CSV UTF-8« og prøv igen.")
        ) from error
    if "\x00" in text:
        raise ImportFileError(_("Filen er ikke en tekstfil (CSV)."))
    first_line = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = _header(next(reader, []))
        previous_end = reader.line_num
        for values in reader:
            line = previous_end + 1
            previous_end = reader.line_num
            if not any(v.strip() for v in values):
                continue
            yield line, dict(zip(header, values, strict=False))
    except csv.Error as error:
        raise ImportFileError(
            _("CSV-filen kan ikke læses (linje %(line)d): %(error)s")
            % {"line": reader.line_num, "error": error}
        ) from error


def _xlsx_records(data: bytes) -> Iterator[tuple[int, dict[str, str | object]]]:
    from openpyxl import load_workbook

    buffer = io.BytesIO(data)
    try:
        with zipfile.ZipFile(buffer) as archive:
            if sum(info.file_size for info in archive.infolist()) > _MAX_UNPACKED_BYTES:
                raise ImportFileError(_("Excel-filen er for stor."))
        workbook = load_workbook(buffer, read_only=True, data_only=True)
    except ImportFileError:
        raise
    except Exception as error:  # openpyxl raises many types for a broken file
        raise ImportFileError(_("Filen er ikke en gyldig Excel-fil (.xlsx).")) from error
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        header = _header([_cell_text(v) for v in next(rows, ())])
        for line, values in enumerate(rows, start=2):
            if not any(_cell_text(v) for v in values):
                continue
            yield line, dict(zip(header, values, strict=False))
    finally:
        workbook.close()


def _header(cells: list[str]) -> list[str]:
    if not any(str(c).strip() for c in cells):
        raise ImportFileError(_("Filen indeholder ingen rækker."))
    names = [_normalise_header(c) for c in cells]
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    if missing:
        raise ImportFileError(
            _("Første linje skal have kolonnenavnene. Disse mangler: %(columns)s.")
            % {"columns": ", ".join(missing)}
        )
    return names


def _normalise_header(value: object) -> str:
    text = _cell_text(value).lower()
    for old, new in (("æ", "ae"), ("ø", "o"), ("å", "aa"), ("-", "_"), (" ", "_")):
        text = text.replace(old, new)
    return _ALIASES.get(text, text)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _parse_row(line: int, raw: dict[str, object], errors: list[RowError]) -> RegisterRow | None:
    text = {column: _cell_text(raw.get(column)) for column in COLUMNS}
    problems: list[str] = []
    for column in ("id", "navn"):
        if not text[column]:
            problems.append(_("%(column)s mangler") % {"column": column})
    kind = _KINDS.get(text["type"].lower())
    if kind is None:
        problems.append(
            _("ukendt type »%(value)s« (lærling/lærekandidat)") % {"value": text["type"]}
        )
    status = _STATUSES.get(text["kontraktstatus"].lower())
    if status is None:
        problems.append(_("ukendt kontraktstatus »%(value)s«") % {"value": text["kontraktstatus"]})
    county = _orgnr(text["fylke"], "fylke", problems, required=True)
    office = _orgnr(text["opplaeringskontor"], "opplaeringskontor", problems)
    company = _orgnr(text["laerebedrift"], "laerebedrift", problems)
    start = _date(raw.get("kontraktstart"), problems)
    if len(text["id"]) > 40 or len(text["navn"]) > 200:
        problems.append(_("løbenummer eller navn er for langt"))
    if problems:
        errors.append(RowError(line, "; ".join(problems)))
        return None
    email, mobile = text["epost"][:254], text["mobil"][:40]
    return RegisterRow(
        line=line,
        register_id=text["id"],
        kind=kind,
        name=text["navn"],
        email=email,
        email_valid=email_is_valid(email),
        mobile=mobile,
        mobile_e164=normalise_mobile(mobile),
        county_orgnr=county,
        office_orgnr=office,
        company_orgnr=company,
        company_name=text["laerebedrift_navn"][:255] or company,
        contract_start=start,
        contract_status=status,
    )


def _orgnr(value: str, column: str, problems: list[str], *, required: bool = False) -> str:
    if not value:
        if required:
            problems.append(_("%(column)s mangler") % {"column": column})
        return ""
    compact = orgnr.compact(value)
    if not orgnr.is_valid(compact):
        problems.append(
            _("%(column)s: %(value)s er ikke et gyldigt organisasjonsnummer")
            % {"column": column, "value": value}
        )
    return compact


def _date(value: object, problems: list[str]) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _cell_text(value)
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    problems.append(_("kontraktstart »%(value)s« er ikke en dato (ÅÅÅÅ-MM-DD)") % {"value": text})
    return dt.date.min


def email_is_valid(value: str) -> bool:
    if not value:
        return False
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


def normalise_mobile(value: str) -> str:
    """The number in E.164 if it is a valid Norwegian mobile number, else ""."""
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, "NO")
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_valid_number(number) or number.country_code != 47:
        return ""
    if phonenumbers.number_type(number) not in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    ):
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def template_csv() -> str:
    """A sample file with the expected columns, for the import page."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(COLUMNS)
    writer.writerow(
        [
            "100001",
            "lærling",
            "Kari Nordmann",
            "kari@example.no",
            "+47 912 34 567",
            "",
            "",
            "",
            "",
            "2025-08-15",
            "løpende",
        ]
    )
    return buffer.getvalue()
