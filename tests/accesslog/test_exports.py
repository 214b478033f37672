"""The spreadsheet writer: formula injection, all rows, long id lists."""

from __future__ import annotations

import pytest

from accesslog.exports import CELL_LIMIT, entries_to_xlsx, headers, id_cells
from accesslog.models import AccessLogEntry
from tests.accesslog.xlsx import read_rows

pytestmark = pytest.mark.django_db

HOSTILE = {
    "user_name": '=HYPERLINK("http://evil.example","klik")',
    "user_email": "+45@evil.example",
    "organisation_name": "-2+3",
    "purpose": "@SUM(A1:A9)",
    "url_name": "=1+1",
}


def _export(queryset=None) -> tuple[list, set[int]]:
    file, ids = entries_to_xlsx(queryset or AccessLogEntry.objects.order_by("id"), chunk_size=2)
    with file:
        return read_rows(file.read()), ids


def test_text_that_looks_like_a_formula_stays_text(make_entry) -> None:
    make_entry(**HOSTILE)
    rows, _ = _export()
    cells = {header: cell for header, cell in zip(headers(), rows[1], strict=False)}
    assert cells["bruger"].value == HOSTILE["user_name"]
    assert cells["e-mail"].value == HOSTILE["user_email"]
    assert cells["organisation"].value == HOSTILE["organisation_name"]
    assert cells["formål"].value == HOSTILE["purpose"]  # unregistered: shown as the code
    assert cells["URL-navn"].value == HOSTILE["url_name"]
    for cell in rows[1][1:]:
        assert cell.data_type == "s", cell.coordinate


def test_every_row_is_written_with_its_columns_and_ids_returned(make_entry) -> None:
    make_entry(apprentice_ids=[3, 4], purpose="accesslog.list", role_kind="school_staff")
    make_entry(apprentice_ids=[4, 9], ip="2001:db8::1")
    make_entry(apprentice_ids=[11])
    rows, ids = _export()
    assert ids == {3, 4, 9, 11}
    assert [c.value for c in rows[0]] == headers()
    assert len(rows) == 4
    first = [c.value for c in rows[1]]
    assert first[3:7] == ["Skolemedarbejder", "Testfirma", "Adgangslog – oversigt", "3, 4"]
    assert first[8] == "127.0.0.1"
    assert rows[2][8].value == "2001:db8::1"
    assert rows[1][0].is_date


def test_control_characters_do_not_break_the_file(make_entry) -> None:
    make_entry(user_name="Anna\x07 Hansen")
    rows, _ = _export()
    assert rows[1][1].value == "Anna Hansen"


def test_long_id_lists_continue_after_the_last_column() -> None:
    ids = list(range(100_000, 110_000))
    parts = id_cells(ids)
    assert len(parts) > 1
    assert all(len(part) <= CELL_LIMIT for part in parts)
    rejoined = [int(x) for part in parts for x in part.split(", ")]
    assert rejoined == ids
    assert id_cells([]) == [""]
