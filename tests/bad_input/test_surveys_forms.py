"""Bad input on surveys: the register import (CSV and .xlsx, huge and broken files), the
participant's answer form, the reminder and role forms, the organisation parameter."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.utils.exceptions import IllegalCharacterError

from surveys import links
from surveys.forms import RegisterImportForm, ReminderForm
from surveys.imports import COLUMNS, max_bytes
from surveys.models import Participant
from tests.bad_input.helpers import (
    NASTY,
    assert_form_again,
    assert_not_500,
    few,
    fuzz,
    hostile_text,
    hostile_value,
    long_text,
    saved_or_form_again,
)
from tests.conftest import client_for
from tests.surveys.factories import make_participant, make_round

pytestmark = pytest.mark.django_db

cell_text = st.one_of(
    hostile_text, st.text(alphabet=st.sampled_from(NASTY + 'ab1;,\n"'), max_size=20)
)
row_strategy = st.fixed_dictionaries({column: cell_text for column in COLUMNS})


def import_url(survey_round, world) -> str:
    organisation = world.organisations["fylke"].pk
    return f"/laerlingundersokelsen/runder/{survey_round.pk}/import/?organisasjon={organisation}"


def csv_bytes(rows: list[dict[str, str]]) -> bytes:
    lines = [";".join(COLUMNS)] + [";".join(row.values()) for row in rows]
    return "\n".join(lines).encode("utf-8")


@fuzz
@given(rows=st.lists(row_strategy, min_size=1, max_size=4))
def test_the_register_import_reports_bad_rows_or_imports_clean_rows(world, rows) -> None:
    survey_round = make_round(frozen=False, opens_in=30)
    client = client_for(world.users["fylke"])
    upload = SimpleUploadedFile("register.csv", csv_bytes(rows), content_type="text/csv")
    response = client.post(import_url(survey_round, world), {"file": upload})
    saved_or_form_again(response)
    for participant in Participant.objects.filter(round=survey_round):
        assert "\x00" not in participant.name + participant.email + participant.mobile


@few
@given(rows=st.lists(st.lists(cell_text, min_size=11, max_size=11), min_size=1, max_size=3))
def test_the_register_import_reads_a_hostile_xlsx(world, rows) -> None:
    workbook = Workbook()
    workbook.active.append(list(COLUMNS))
    for row in rows:
        try:
            workbook.active.append(row)
        except IllegalCharacterError:
            continue
    buffer = io.BytesIO()
    workbook.save(buffer)
    survey_round = make_round(frozen=False, opens_in=30)
    upload = SimpleUploadedFile("register.xlsx", buffer.getvalue())
    response = client_for(world.users["fylke"]).post(
        import_url(survey_round, world), {"file": upload}
    )
    saved_or_form_again(response)


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\x00" * 100,
        b"PK\x03\x04garbage",
        b"\xd0\xcf\x11\xe0old",
        "a;b\n\x85".encode("latin-1"),
    ],
)
@pytest.mark.parametrize("name", ["register.csv", "register.xlsx", "register.txt", "x.exe"])
def test_the_register_import_refuses_broken_files_with_the_form(world, content, name) -> None:
    survey_round = make_round(frozen=False, opens_in=30)
    upload = SimpleUploadedFile(name, content)
    response = client_for(world.users["fylke"]).post(
        import_url(survey_round, world), {"file": upload}
    )
    assert_form_again(response)


def test_the_register_import_refuses_a_file_over_the_limit(world) -> None:
    survey_round = make_round(frozen=False, opens_in=30)
    upload = SimpleUploadedFile("register.csv", b"id;navn\n" + b"x" * max_bytes())
    assert not RegisterImportForm(files={"file": upload}).is_valid()
    upload.seek(0)
    response = client_for(world.users["fylke"]).post(
        import_url(survey_round, world), {"file": upload}
    )
    assert_form_again(response)
    assert "for stor" in response.content.decode()


def test_a_csv_field_longer_than_the_csv_module_allows_is_a_form_error(world) -> None:
    survey_round = make_round(frozen=False, opens_in=30)
    row = dict.fromkeys(COLUMNS, "x")
    row["navn"] = "x" * 200_000
    upload = SimpleUploadedFile("register.csv", csv_bytes([row]))
    response = client_for(world.users["fylke"]).post(
        import_url(survey_round, world), {"file": upload}
    )
    assert_form_again(response)


@fuzz
@given(scale=hostile_value, text=st.one_of(hostile_value, long_text))
def test_the_answer_is_saved_or_the_form_comes_again(world, scale, text) -> None:
    survey_round = make_round()
    participant = make_participant(
        survey_round, county=world.organisations["fylke"], last_message_number=0
    )
    first, _second, free_text = survey_round.questions.order_by("position")
    url = f"/laerlingundersokelsen/svar/{links.token_for(participant.token_nonce)}/"
    response = Client().post(url, {f"q{first.pk}": scale, f"q{free_text.pk}": text})
    typed = text if isinstance(text, str) and len(text) <= 4000 else ""
    saved_or_form_again(response, typed)


@fuzz
@given(number=hostile_value, user=hostile_value)
def test_the_reminder_and_role_forms_never_fail(world, number, user) -> None:
    survey_round = make_round()
    client = client_for(world.users["fylke"])
    organisation = world.organisations["fylke"].pk
    url = f"/laerlingundersokelsen/runder/{survey_round.pk}/purring/?organisasjon={organisation}"
    assert_not_500(client.post(url, {"number": number}))
    assert_not_500(
        client.post(f"/laerlingundersokelsen/tilganger/{organisation}/gi/", {"user": user})
    )
    ReminderForm({"number": number}).is_valid()


def test_a_superscript_digit_as_organisation_is_not_a_server_error(world) -> None:
    client = client_for(world.users["fylke"])
    client.raise_request_exception = False
    assert_not_500(client.get("/laerlingundersokelsen/", {"organisasjon": "²"}))
