"""Importing a register extract: every bad row by line, all or nothing, scope, file types."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from surveys import services
from surveys.models import Organisation, Participant, RegisterImport, TrainingCompany
from tests.surveys.factories import csv_upload, make_round, orgnr, xlsx_upload

pytestmark = pytest.mark.django_db

COMPANY = orgnr(501)


def row(world, n: int, **overrides: str) -> str:
    values = {
        "id": f"R{n}",
        "type": "lærling",
        "navn": f"Kari Nordmann {n}",
        "epost": f"kari{n}@example.no",
        "mobil": "+47 912 34 567",
        "fylke": world.organisations["fylke"].orgnr,
        "opplaeringskontor": "",
        "laerebedrift": COMPANY,
        "laerebedrift_navn": "Vestkyst Bakeri AS",
        "kontraktstart": "2025-08-15",
        "kontraktstatus": "løpende",
    }
    values.update(overrides)
    return ";".join(values.values())


def run_import(world, upload, key: str = "fylke", survey_round=None):
    survey_round = survey_round or make_round(frozen=False, opens_in=30)
    return services.register_import(
        acting_user=world.users[key],
        survey_round=survey_round,
        organisation=world.organisations[key],
        upload=upload,
    )


def test_it_imports_a_good_file(world) -> None:
    report = run_import(world, csv_upload([row(world, 1), row(world, 2, mobil="12")]))
    assert (report.rows, report.created) == (2, 2)
    person = Participant.objects.get(register_id="R1")
    assert person.mobile_e164 == "+4791234567"
    assert person.email_valid
    assert person.company.orgnr == COMPANY
    assert person.contract_start == dt.date(2025, 8, 15)
    assert Participant.objects.get(register_id="R2").mobile_e164 == ""  # not an error
    assert RegisterImport.objects.get().created == 2


def test_it_reports_every_bad_row_by_line_and_imports_nothing(world) -> None:
    lines = [
        row(world, 1),
        row(world, 2, type="elev"),
        row(world, 3, kontraktstart="31.02.2025"),
        row(world, 4, fylke="123456789"),
        row(world, 5, kontraktstatus="ukjent"),
        row(world, 1),  # duplicate id
        row(world, 7, navn=""),
    ]
    with pytest.raises(services.RegisterImportFailed) as failure:
        run_import(world, csv_upload(lines))
    by_line = {e.line: e.message for e in failure.value.errors}
    assert sorted(by_line) == [3, 4, 5, 6, 7, 8]
    assert "elev" in by_line[3]
    assert "kontraktstart" in by_line[4]
    assert "123456789" in by_line[5]
    assert "ukjent" in by_line[6]
    assert "linje 2" in by_line[7]
    assert "navn" in by_line[8]
    assert not Participant.objects.exists()
    assert not TrainingCompany.objects.filter(orgnr=COMPANY).exists()
    assert not RegisterImport.objects.exists()


def test_a_county_cannot_import_another_countys_rows(world) -> None:
    other = Organisation.objects.create(kind="county", orgnr=orgnr(77), name="Annet fylke")
    with pytest.raises(services.RegisterImportFailed) as failure:
        run_import(world, csv_upload([row(world, 1), row(world, 2, fylke=other.orgnr)]))
    assert {e.line for e in failure.value.errors} == {3}
    assert not Participant.objects.exists()


def test_a_training_office_imports_only_its_own_apprentices(world) -> None:
    office = world.organisations["kontor"]
    other = Organisation.objects.create(kind="county", orgnr=orgnr(78), name="Annet fylke")
    mine = row(world, 1, opplaeringskontor=office.orgnr, fylke=other.orgnr)
    not_mine = row(world, 2, laerebedrift=orgnr(502))
    with pytest.raises(services.RegisterImportFailed) as failure:
        run_import(world, csv_upload([mine, not_mine]), key="kontor")
    assert [e.line for e in failure.value.errors] == [3]
    report = run_import(world, csv_upload([mine]), key="kontor")
    assert report.created == 1  # whatever the county


def test_a_new_file_replaces_the_slice(world) -> None:
    survey_round = make_round(frozen=False, opens_in=30)
    run_import(world, csv_upload([row(world, 1), row(world, 2)]), survey_round=survey_round)
    report = run_import(
        world,
        csv_upload([row(world, 2, navn="Nytt Navn"), row(world, 3)]),
        survey_round=survey_round,
    )
    assert (report.created, report.updated, report.removed) == (1, 1, 1)
    assert sorted(Participant.objects.values_list("register_id", "name")) == [
        ("R2", "Nytt Navn"),
        ("R3", "Kari Nordmann 3"),
    ]


def test_an_id_in_another_organisations_slice_is_refused(world) -> None:
    survey_round = make_round(frozen=False, opens_in=30)
    office = world.organisations["kontor"]
    other = Organisation.objects.create(kind="county", orgnr=orgnr(79), name="Annet fylke")
    run_import(
        world,
        csv_upload([row(world, 1, opplaeringskontor=office.orgnr, fylke=other.orgnr)]),
        key="kontor",
        survey_round=survey_round,
    )
    with pytest.raises(services.RegisterImportFailed) as failure:
        run_import(world, csv_upload([row(world, 1)]), survey_round=survey_round)
    assert [e.line for e in failure.value.errors] == [2]


def test_it_reads_utf8_with_a_byte_order_mark_and_commas(world) -> None:
    lines = [row(world, 1).replace(";", ",")]
    text = "\ufeff" + "\n".join(
        [
            "id,type,navn,epost,mobil,fylke,opplæringskontor,lærebedrift,laerebedrift_navn,"
            "kontraktstart,kontraktstatus",
            *lines,
        ]
    )
    upload = SimpleUploadedFile("uttrekk.csv", text.encode("utf-8"))
    assert run_import(world, upload).created == 1


@pytest.mark.parametrize(
    ("upload", "fragment"),
    [
        (SimpleUploadedFile("x.csv", "id;navn\nø;å\n".encode("latin-1")), "UTF-8"),
        (SimpleUploadedFile("x.pdf", b"%PDF-1.4"), "filtype"),
        (SimpleUploadedFile("x.xls", b"\xd0\xcf\x11\xe0rest"), "filtype"),
        (SimpleUploadedFile("x.xlsx", b"\xd0\xcf\x11\xe0rest"), ".xls"),
        (SimpleUploadedFile("x.xlsx", b"not a zip"), "Excel"),
        (SimpleUploadedFile("x.csv", b"a;b\n1;2\n"), "mangler"),
        (SimpleUploadedFile("x.csv", b""), "ingen"),
    ],
)
def test_a_bad_file_gets_a_clear_message(world, upload, fragment) -> None:
    with pytest.raises(services.RegisterImportFailed) as failure:
        run_import(world, upload)
    assert fragment in failure.value.errors[0].message


def test_it_refuses_a_file_over_the_size_limit(world, settings) -> None:
    settings.SURVEYS_IMPORT_MAX_BYTES = 100
    with pytest.raises(services.RegisterImportFailed) as failure:
        run_import(world, csv_upload([row(world, 1), row(world, 2)]))
    assert "for stor" in failure.value.errors[0].message


def test_it_imports_an_xlsx_with_numbers_and_dates_as_cells(world) -> None:
    county = int(world.organisations["fylke"].orgnr)
    rows = [
        [
            "R1",
            "Lærling",
            "Ola",
            "ola@example.no",
            91234567,
            county,
            None,
            int(COMPANY),
            "Bakeri",
            dt.datetime(2025, 1, 2),
            "Løpende",
        ],
        ["R2", "lærekandidat", "", "", "", county, None, "", "", "2025-01-02", "hevet"],
    ]
    with pytest.raises(services.RegisterImportFailed) as failure:
        run_import(world, xlsx_upload(rows))
    assert [e.line for e in failure.value.errors] == [3]
    rows[1][2] = "Kari"
    report = run_import(world, xlsx_upload(rows))
    assert report.created == 2
    assert Participant.objects.get(register_id="R1").mobile_e164 == "+4791234567"


def test_the_import_page_shows_the_errors_by_line(world, as_user) -> None:
    survey_round = make_round(frozen=False, opens_in=30)
    client = as_user("fylke")
    url = f"/laerlingundersokelsen/runder/{survey_round.pk}/import/"
    response = client.post(url, {"file": csv_upload([row(world, 1), row(world, 2, type="x")])})
    assert response.status_code == 200
    assert b'data-testid="import-errors"' in response.content
    assert "<td>3</td>" in response.content.decode()
    assert not Participant.objects.exists()
    response = client.post(url, {"file": csv_upload([row(world, 1)])})
    assert response.status_code == 302
    assert Participant.objects.count() == 1


def test_the_import_page_refuses_a_wrong_file_type(world, as_user) -> None:
    survey_round = make_round(frozen=False, opens_in=30)
    url = f"/laerlingundersokelsen/runder/{survey_round.pk}/import/"
    response = as_user("fylke").post(url, {"file": SimpleUploadedFile("a.docx", b"PK\x03\x04")})
    assert response.status_code == 200
    assert "Forkert filtype" in response.content.decode()
