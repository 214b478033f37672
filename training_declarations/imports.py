"""Reading a goal catalogue from a spreadsheet (.xlsx or .csv) with the columns
code/position/text (kode/placering/tekst are accepted too).

The whole file is read and every bad row is reported with its line number and reason;
`services.catalogue_import` writes nothing unless every row is good.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from accounts.validators import CONTROL_CHARACTERS

COLUMNS = ("code", "position", "text")
_ALIASES = {
    "kode": "code",
    "nr": "code",
    "placering": "position",
    "position": "position",
    "rækkefølge": "position",
    "raekkefoelge": "position",
    "tekst": "text",
    "mål": "text",
    "maal": "text",
    "oplæringsmål": "text",
}
MAX_ROWS = 500
CODE_MAX = 32
TEXT_MAX = 2000
# An .xlsx is a zip: refuse one that would unpack to far more than any catalogue.
_MAX_UNPACKED_BYTES = 20 * 1024 * 1024
# 500 goals of 2,000 characters fit in 1 MB; the upload is held in memory.
MAX_FILE_BYTES = 5 * 1024 * 1024


def too_big_message() -> str:
    return _("Filen er for stor (højst %(mb)d MB).") % {"mb": MAX_FILE_BYTES // (1024 * 1024)}


class ImportFileError(Exception):
    """The file as a whole cannot be read (wrong type, no header, too big)."""


@dataclass(frozen=True)
class GoalRow:
    line: int
    code: str
    position: int
    text: str


@dataclass
class ImportReport:
    rows: list[GoalRow] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line, message)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def read_catalogue_file(upload: UploadedFile) -> ImportReport:
    if upload.size is not None and upload.size > MAX_FILE_BYTES:
        raise ImportFileError(too_big_message())
    name = (upload.name or "").lower()
    if name.endswith(".xlsx"):
        lines = _xlsx_lines(upload)
    elif name.endswith(".csv"):
        lines = _csv_lines(upload)
    else:
        raise ImportFileError(_("Filen skal være et regneark (.xlsx) eller en CSV-fil (.csv)."))
    return check_lines(lines)


def check_lines(lines: Iterator[tuple[int, list[object]]]) -> ImportReport:
    """Rows from (line number, cells) with a header first; every problem is reported."""
    report = ImportReport()
    header = _header(lines)
    seen_codes: dict[str, int] = {}
    seen_positions: dict[int, int] = {}
    for line, cells in lines:
        values = {column: _cell(cells, index) for column, index in header.items()}
        if not any(values.values()):
            continue  # blank lines are not errors
        if len(report.rows) + len(report.errors) >= MAX_ROWS:
            raise ImportFileError(_("Filen har mere end %(n)d mål.") % {"n": MAX_ROWS})
        problems, row = _check_row(line, values, seen_codes, seen_positions)
        report.errors.extend((line, problem) for problem in problems)
        if row is not None and not problems:
            report.rows.append(row)
    if not report.rows and not report.errors:
        report.errors.append((1, _("Filen indeholder ingen oplæringsmål.")))
    return report


def _check_row(
    line: int, values: dict[str, str], codes: dict[str, int], positions: dict[int, int]
) -> tuple[list[str], GoalRow | None]:
    problems: list[str] = []
    code, text = values["code"], values["text"]
    if any("\x00" in value or CONTROL_CHARACTERS.search(value) for value in values.values()):
        # PostgreSQL refuses NUL in text; the other controls are invisible garbage.
        problems.append(_("Linjen indeholder et usynligt kontroltegn. Fjern det i filen."))
    if not code:
        problems.append(_("Koden mangler."))
    elif len(code) > CODE_MAX:
        problems.append(_("Koden er længere end %(n)d tegn.") % {"n": CODE_MAX})
    elif code in codes:
        problems.append(
            _("Koden %(code)s står også i linje %(line)d.") % {"code": code, "line": codes[code]}
        )
    if not text:
        problems.append(_("Teksten mangler."))
    elif len(text) > TEXT_MAX:
        problems.append(_("Teksten er længere end %(n)d tegn.") % {"n": TEXT_MAX})
    position = _position(values["position"])
    if position is None:
        problems.append(
            _("Placeringen skal være et helt tal større end 0, ikke »%(value)s«.")
            % {"value": values["position"]}
        )
    elif position in positions:
        problems.append(
            _("Placering %(position)d står også i linje %(line)d.")
            % {"position": position, "line": positions[position]}
        )
    if code and code not in codes:
        codes[code] = line
    if position is not None and position not in positions:
        positions[position] = line
    if problems or position is None:
        return problems, None
    return problems, GoalRow(line=line, code=code, position=position, text=text)


def _position(value: str) -> int | None:
    try:
        number = float(value.replace(",", "."))
    except ValueError:
        return None
    if not number.is_integer() or number < 1 or number > 100_000:
        return None
    return int(number)


def _header(lines: Iterator[tuple[int, list[object]]]) -> dict[str, int]:
    for _line, cells in lines:
        names = [_normalise(str(cell or "")) for cell in cells]
        if not any(names):
            continue
        header = {}
        for index, name in enumerate(names):
            column = name if name in COLUMNS else _ALIASES.get(name)
            if column and column not in header:
                header[column] = index
        missing = [column for column in COLUMNS if column not in header]
        if missing:
            raise ImportFileError(
                _("Første linje skal have kolonnerne code, position og text. Mangler: %(cols)s.")
                % {"cols": ", ".join(missing)}
            )
        return header
    raise ImportFileError(_("Filen er tom."))


def _normalise(name: str) -> str:
    return name.strip().lower().replace(" ", "_")


def _cell(cells: list[object], index: int) -> str:
    if index >= len(cells) or cells[index] is None:
        return ""
    value = cells[index]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _csv_lines(upload: UploadedFile) -> Iterator[tuple[int, list[object]]]:
    raw = upload.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        raise ImportFileError(too_big_message())
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # Excel's "CSV" on Danish Windows
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        for row in reader:
            yield reader.line_num, list(row)
    except csv.Error as exc:  # e.g. a field longer than the csv module allows
        raise ImportFileError(
            _("CSV-filen kan ikke læses (linje %(line)d).") % {"line": reader.line_num}
        ) from exc


def _xlsx_lines(upload: UploadedFile) -> Iterator[tuple[int, list[object]]]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(upload) as archive:
            if sum(info.file_size for info in archive.infolist()) > _MAX_UNPACKED_BYTES:
                raise ImportFileError(_("Regnearket er for stort."))
        upload.seek(0)
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportFileError(_("Regnearket kunne ikke læses.")) from exc
    sheet = workbook.worksheets[0]
    for line, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        yield line, list(row)
    workbook.close()
