""" "Hent tidligere afslag som regneark": no applicant data, the company's rows only, and no
cell a spreadsheet program would run as a formula (DESIGN.md invariant 7)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import User
from companies.models import Workplace
from rejections import services
from rejections.models import RejectionReason
from tests.rejections.conftest import today

pytestmark = pytest.mark.django_db
URL = reverse("rejections:export")
APPLICANT = ("Amina Holm", "+4520123456", "20 12 34 56", "Søndergade 4")
DANGEROUS = ["=1+1", "+45 1234", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1", '=HYPERLINK("x")']


def download(client) -> bytes:
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "attachment" in response["Content-Disposition"]
    return b"".join(response.streaming_content)


def rows_of(content: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(content)).active
    return [tuple(cell.value for cell in row) for row in sheet.iter_rows()]


def cells_of(content: bytes) -> list:
    sheet = load_workbook(io.BytesIO(content)).active
    return [cell for row in sheet.iter_rows() for cell in row]


def test_it_has_the_columns_and_no_applicant_data(as_user, staff, reasons, record) -> None:
    record(staff, secondary_reason=reasons["danskkundskaber"])
    content = download(as_user("virksomhed"))
    header, row = rows_of(content)
    assert header == (
        "Dato for afslag",
        "Uddannelse",
        "Arbejdssted",
        "P-nummer",
        "Primær begrundelse for afslag",
        "Sekundær begrundelse for afslag",
        "Registreret af",
        "Registreret",
        "Registreret for sent",
        "Annulleret",
        "Annulleret dato",
    )
    assert row[1] == "Social- og sundhedsassistent"
    assert row[4] == "Ingen ledige lærepladser"
    assert row[5] == "Utilstrækkelige danskkundskaber"
    assert row[6] == "Karen Holm"
    assert row[8] == "Nej"
    assert row[9] == "Nej"
    text = " ".join(str(cell.value) for cell in cells_of(content))
    for secret in APPLICANT:
        assert secret not in text
    assert b"Amina" not in content  # not in any part of the zip (shared strings, metadata)


def test_it_shows_late_and_cancelled(as_user, staff, record) -> None:
    late = record(staff, rejected_on=today() - dt.timedelta(days=15))
    services.rejection_cancel(acting_user=staff.user, rejection=late, reason="Dublet.")
    _header, row = rows_of(download(as_user("virksomhed")))
    assert row[0] == dt.datetime.combine(late.rejected_on, dt.time())
    assert row[8] == "Ja"
    assert row[9] == "Ja"
    assert row[10] is not None
    assert "Dublet." not in [str(v) for v in row]  # free text could hold personal data


def test_another_companys_rejections_are_never_exported(
    as_user, staff, other_staff, record
) -> None:
    record(other_staff)
    record(staff)
    rows = rows_of(download(as_user("virksomhed")))
    assert len(rows) == 2  # the header and the company's own
    assert all(
        row[2] != Workplace.objects.filter(company=other_staff.company).first().name
        for row in rows[1:]
    )


def test_formula_like_text_is_written_as_text(as_user, world, staff, record) -> None:
    for index, text in enumerate(DANGEROUS):
        reason = RejectionReason.objects.create(
            code=f"farlig-{index}", text_da=text, text_en=text, position=500 + index
        )
        record(staff, primary_reason=reason)
    Workplace.objects.filter(pk=world.workplaces["kommune"][0].pk).update(name="=cmd|' /C calc'!A0")
    User.objects.filter(pk=staff.user_id).update(full_name="@Karen")
    cells = cells_of(download(as_user("virksomhed")))
    written = {cell.value: cell for cell in cells if isinstance(cell.value, str)}
    for text in [*DANGEROUS, "=cmd|' /C calc'!A0", "@Karen"]:
        cell = written[text]  # the value is exactly what was typed…
        assert cell.data_type == "s"  # …and a string, never a formula
        assert cell.quotePrefix


def test_it_opens_in_libreoffice(as_user, staff, reasons, record, tmp_path: Path) -> None:
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.skip("LibreOffice (soffice) is not installed on this machine")
    RejectionReason.objects.filter(pk=reasons["andet"].pk).update(text_da="=1+1")
    record(staff, primary_reason=reasons["andet"])
    source = tmp_path / "afslag.xlsx"
    source.write_bytes(download(as_user("virksomhed")))
    subprocess.run(
        [office, "--headless", "--convert-to", "csv", "--outdir", str(tmp_path), str(source)],
        check=True,
        timeout=120,
        capture_output=True,
    )
    with (tmp_path / "afslag.csv").open(encoding="utf-8", errors="replace") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][0] == "Dato for afslag"
    assert rows[1][4] == "=1+1"  # shown as the text, not computed to 2
    assert "Amina Holm" not in str(rows)


def test_a_user_who_is_not_company_staff_gets_404(as_user) -> None:
    assert as_user("elev").get(URL).status_code == 404


def test_anonymous_is_sent_to_login(client) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_post_is_not_allowed(as_user) -> None:
    assert as_user("virksomhed").post(URL).status_code == 405
