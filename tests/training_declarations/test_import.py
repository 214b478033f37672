"""Goal catalogues from a spreadsheet: every bad row reported with its line number, nothing
imported unless every row is good."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from tests.training_declarations.conftest import make_request, sosu_catalogue
from training_declarations.imports import ImportFileError, read_catalogue_file

pytestmark = pytest.mark.django_db


def csv_file(text: str, name: str = "maal.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def xlsx_file(rows: list[list[object]]) -> SimpleUploadedFile:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("maal.xlsx", buffer.getvalue())


def test_a_good_csv_is_read() -> None:
    report = read_catalogue_file(csv_file("code;position;text\nA1;1;Første mål\nA2;2;Andet\n"))
    assert report.ok
    assert [(r.line, r.code, r.position, r.text) for r in report.rows] == [
        (2, "A1", 1, "Første mål"),
        (3, "A2", 2, "Andet"),
    ]


def test_every_bad_row_is_reported_with_its_line_number() -> None:
    text = (
        "kode,placering,tekst\n"
        "A1,1,Godt mål\n"
        ",2,Mangler kode\n"
        "A3,x,Forkert placering\n"
        "A1,4,Dobbelt kode\n"
        "A5,1,Dobbelt placering\n"
        "A6,6,\n"
        "\n"
        "A7,7,Godt igen\n"
    )
    report = read_catalogue_file(csv_file(text))
    assert not report.ok
    assert [line for line, _message in report.errors] == [3, 4, 5, 6, 7]
    messages = dict(report.errors)
    assert "Koden mangler" in messages[3]
    assert "»x«" in messages[4]
    assert "linje 2" in messages[5]
    assert "linje 2" in messages[6]
    assert "Teksten mangler" in messages[7]


def test_an_xlsx_is_read_with_numbers_as_positions() -> None:
    report = read_catalogue_file(xlsx_file([["code", "position", "text"], ["B1", 1.0, "Mål"]]))
    assert report.ok
    assert report.rows[0].position == 1


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (csv_file("a;b;c\n1;2;3\n"), "Mangler"),
        (csv_file(""), "tom"),
        (SimpleUploadedFile("maal.txt", b"x"), ".xlsx"),
        (SimpleUploadedFile("maal.xlsx", b"not a zip"), "kunne ikke læses"),
    ],
)
def test_unreadable_files_are_refused(upload, message: str) -> None:
    with pytest.raises(ImportFileError, match=message):
        read_catalogue_file(upload)


def import_url(catalogue) -> str:
    return reverse("admin:training_declarations_goalcatalogue_import", args=[catalogue.pk])


def test_the_admin_imports_a_catalogue_and_declarations_keep_their_texts(
    td_world, as_user, django_capture_on_commit_callbacks
) -> None:
    catalogue = sosu_catalogue(td_world)
    made = make_request(td_world, django_capture_on_commit_callbacks)
    old_texts = list(made.declaration.goals.values_list("text", flat=True))
    upload = xlsx_file([["code", "position", "text"], ["N1", 1, "Nyt mål"], ["N2", 2, "Andet mål"]])
    response = as_user("admin").post(import_url(catalogue), {"file": upload})
    assert response.status_code == 302
    assert list(catalogue.goals.values_list("code", "text")) == [
        ("N1", "Nyt mål"),
        ("N2", "Andet mål"),
    ]
    assert list(made.declaration.goals.values_list("text", flat=True)) == old_texts


def test_the_admin_imports_nothing_when_a_row_is_bad(td_world, as_user) -> None:
    catalogue = sosu_catalogue(td_world)
    before = list(catalogue.goals.values_list("code", "text"))
    upload = csv_file("code,position,text\nN1,1,Nyt\nN2,,Uden placering\n")
    response = as_user("admin").post(import_url(catalogue), {"file": upload})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Intet er importeret" in body
    assert "<td>3</td>" in body
    assert list(catalogue.goals.values_list("code", "text")) == before


def test_only_admins_reach_the_import(td_world, as_user) -> None:
    response = as_user("skole").get(import_url(sosu_catalogue(td_world)))
    assert response.status_code == 302  # the admin sends non-staff to log in


def test_the_catalogue_page_links_to_the_import(td_world, as_user) -> None:
    catalogue = sosu_catalogue(td_world)
    change = reverse("admin:training_declarations_goalcatalogue_change", args=[catalogue.pk])
    assert import_url(catalogue) in as_user("admin").get(change).content.decode()
