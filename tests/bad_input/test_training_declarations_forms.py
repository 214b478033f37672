"""Bad input on training_declarations: "Opret erklæring", the profile, the rating form, the
back office's login, code, filters and export, and the admin's catalogue import."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import IllegalCharacterError

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
from tests.training_declarations.conftest import RESPONSIBLE, rating_post, sosu_catalogue
from tests.training_declarations.test_backoffice import log_in
from training_declarations.forms import CatalogueImportForm, DeclarationCreateForm
from training_declarations.imports import MAX_FILE_BYTES
from training_declarations.models import Declaration, TrainingGoal

pytestmark = pytest.mark.django_db

CREATE_FIELDS = (
    "training_type",
    "catalogue",
    "period_end",
    "main_course",
    "school",
    "team",
    "responsible_email",
    "school_emails",
    "cvr",
)


def valid_create(world) -> dict[str, object]:
    return {
        "training_type": Declaration.TrainingType.COMPANY,
        "catalogue": sosu_catalogue(world).pk,
        "period_end": "2099-01-01",
        "main_course": "2",
        "school": world.schools["sosu"].pk,
        "team": "ASS-24",
        "responsible_email": RESPONSIBLE,
        "school_emails": "kontakt@sosu-havnestad.demo.test",
        "cvr": world.companies["kommune"].cvr,
    }


@fuzz
@given(overrides=st.fixed_dictionaries({}, optional={n: hostile_value for n in CREATE_FIELDS}))
def test_the_request_saves_or_shows_the_typed_values_again(td_world, overrides) -> None:
    client = client_for(td_world.users["elev"])
    data = {**valid_create(td_world), **overrides}
    response = client.post(reverse("training_declarations:declaration_create"), data)
    assert_not_500(response)
    if response.status_code == 302:
        declaration = Declaration.objects.order_by("-pk").first()
        assert "\x00" not in declaration.team
    else:
        typed = [overrides.get(n) for n in ("team", "school_emails", "responsible_email")]
        assert_form_again(response, *[t for t in typed if isinstance(t, str) and len(t) < 60])


@few
@given(name=st.sampled_from(["team", "school_emails", "cvr", "responsible_email"]), value=long_text)
def test_the_request_refuses_very_long_values(td_world, name, value) -> None:
    form = DeclarationCreateForm({**valid_create(td_world), name: value})
    assert not form.is_valid() and name in form.errors


@fuzz
@given(
    data=st.fixed_dictionaries(
        {}, optional={n: hostile_value for n in ("first_name", "last_name", "email", "catalogue")}
    )
)
def test_the_profile_saves_or_shows_the_typed_values_again(td_world, data) -> None:
    client = client_for(td_world.users["elev"])
    response = client.post(reverse("training_declarations:profile"), data)
    typed = [data.get(n) for n in ("first_name", "last_name", "email")]
    saved_or_form_again(response, *[v for v in typed if isinstance(v, str) and len(v) <= 100])


@fuzz
@given(
    texts=st.fixed_dictionaries(
        {},
        optional={n: st.one_of(hostile_value, long_text) for n in ("work_areas", "special_needs")},
    ),
    level=hostile_value,
    step=st.sampled_from(["rating_save", "rating_review"]),
)
def test_the_rating_saves_or_shows_the_typed_values_again(made, texts, level, step) -> None:
    data = {**rating_post(made.declaration), **texts, "goal_1": level}
    response = Client().post(reverse(f"training_declarations:{step}", args=[made.token]), data)
    saved_or_form_again(
        response, *[v for v in texts.values() if isinstance(v, str) and len(v) <= 5000]
    )
    made.declaration.refresh_from_db()
    assert "\x00" not in made.declaration.work_areas + made.declaration.special_needs


@fuzz
@given(email=st.one_of(hostile_text, long_text), code=hostile_value, next_=hostile_text)
def test_the_back_office_login_refuses_bad_input_with_the_form(made, email, code, next_) -> None:
    client = Client()
    login = reverse("training_declarations:backoffice_login")
    response = client.post(login, {"email": email, "next": next_})
    saved_or_form_again(response, email if len(email) <= 254 else "")
    response = client.post(reverse("training_declarations:backoffice_code"), {"code": code})
    assert_not_500(response)


_LOGGED_IN: dict[int, Client] = {}


@fuzz
@given(
    params=st.fixed_dictionaries(
        {},
        optional={
            n: hostile_value
            for n in ("school", "team", "period_end_from", "period_end_to", "status", "side")
        },
    )
)
def test_the_back_office_overview_and_export_never_fail(
    made,
    django_capture_on_commit_callbacks,
    params,
) -> None:
    # One login for all examples (the code requests are rate-limited per address).
    if id(made) not in _LOGGED_IN:
        _LOGGED_IN.clear()
        _LOGGED_IN[id(made)] = Client()
        log_in(_LOGGED_IN[id(made)], RESPONSIBLE, django_capture_on_commit_callbacks)
    client = _LOGGED_IN[id(made)]
    assert_not_500(client.get(reverse("training_declarations:backoffice_overview"), params))
    response = client.get(reverse("training_declarations:backoffice_export"), params)
    assert_not_500(response)
    if response.status_code == 200:
        load_workbook(io.BytesIO(b"".join(response.streaming_content)))


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\x01=", "\x1b@"])
def test_the_back_office_export_writes_text_with_formulas_and_controls_as_text(
    made,
    django_capture_on_commit_callbacks,
    prefix,
) -> None:
    """Data from before the forms refused control characters must not break the export."""
    Declaration.objects.filter(pk=made.declaration.pk).update(
        team=f"{prefix}HOLD", company_name=f"{prefix}FIRMA", cvr=f"{prefix}1"
    )
    client = Client()
    log_in(client, RESPONSIBLE, django_capture_on_commit_callbacks)
    response = client.get(reverse("training_declarations:backoffice_export"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    written = {c.value: c.data_type for row in sheet.iter_rows(min_row=2) for c in row}
    clean = prefix.lstrip("\x01\x1b")
    for text in (f"{clean}HOLD", f"{clean}FIRMA", f"{clean}1"):
        assert written.get(text) == "s", (text, written)


# --- The admin's catalogue import ----------------------------------------------------------


def import_url(world) -> str:
    catalogue = sosu_catalogue(world)
    return reverse("admin:training_declarations_goalcatalogue_import", args=[catalogue.pk])


cell_text = st.one_of(
    hostile_text, st.text(alphabet=st.sampled_from(NASTY + "ab1"), min_size=1, max_size=20)
)


def csv_upload(rows: list[list[str]], sep: str = ";") -> SimpleUploadedFile:
    text = "\n".join(sep.join(row) for row in [["code", "position", "text"], *rows])
    return SimpleUploadedFile("maal.csv", text.encode("utf-8"), content_type="text/csv")


@fuzz
@given(rows=st.lists(st.lists(cell_text, min_size=3, max_size=4), min_size=1, max_size=5))
def test_the_catalogue_import_reports_bad_rows_or_imports_clean_goals(td_world, rows) -> None:
    client = client_for(td_world.users["admin"])
    response = client.post(import_url(td_world), {"file": csv_upload(rows)})
    assert_not_500(response)
    for goal in TrainingGoal.objects.filter(catalogue=sosu_catalogue(td_world)):
        assert "\x00" not in goal.text + goal.code
        assert "\x01" not in goal.text + goal.code


@few
@given(text=long_text)
def test_the_catalogue_import_refuses_huge_cells(td_world, text) -> None:
    client = client_for(td_world.users["admin"])
    huge = text * 30  # longer than the csv module's field limit (128 KiB)
    response = client.post(import_url(td_world), {"file": csv_upload([["A1", "1", huge]])})
    assert_form_again(response)


@few
@given(cells=st.lists(st.lists(cell_text, min_size=3, max_size=3), min_size=1, max_size=4))
def test_the_catalogue_import_reads_a_hostile_xlsx(td_world, cells) -> None:
    workbook = Workbook()
    workbook.active.append(["code", "position", "text"])
    for row in cells:
        try:
            workbook.active.append(row)
        except IllegalCharacterError:  # openpyxl itself refuses control characters
            continue
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("maal.xlsx", buffer.getvalue())
    response = client_for(td_world.users["admin"]).post(import_url(td_world), {"file": upload})
    assert_not_500(response)


@pytest.mark.parametrize(
    "content", [b"", b"\x00" * 1000, b"PK\x03\x04" + b"x" * 100, "æøå;\x00;x".encode("cp1252")]
)
@pytest.mark.parametrize("name", ["maal.csv", "maal.xlsx", "maal.exe"])
def test_the_catalogue_import_refuses_broken_files_with_the_form(
    td_world,
    content,
    name,
) -> None:
    upload = SimpleUploadedFile(name, content)
    response = client_for(td_world.users["admin"]).post(import_url(td_world), {"file": upload})
    assert_form_again(response)


def test_the_catalogue_import_refuses_a_file_over_the_limit(td_world) -> None:
    upload = SimpleUploadedFile("maal.csv", b"code;position;text\n" + b"x" * MAX_FILE_BYTES)
    form = CatalogueImportForm(files={"file": upload})
    assert not form.is_valid()
    assert "for stor" in " ".join(form.errors["file"])
    upload.seek(0)
    response = client_for(td_world.users["admin"]).post(import_url(td_world), {"file": upload})
    assert_form_again(response)
    assert "for stor" in response.content.decode()


@pytest.mark.parametrize("bad", ["\x00", "\x01", "\x1b[31m"])
def test_a_goal_with_a_control_character_is_reported_by_line(td_world, bad) -> None:
    """PostgreSQL refused the NUL at the save (a 500); now the row is an error like others."""
    goals = list(TrainingGoal.objects.filter(catalogue=sosu_catalogue(td_world)))
    upload = csv_upload([["A1", "1", "Godt mål"], ["A2", "2", f"Mål{bad}med tegn"]])
    response = client_for(td_world.users["admin"]).post(import_url(td_world), {"file": upload})
    assert_form_again(response)
    assert "kontroltegn" in response.content.decode()
    assert list(TrainingGoal.objects.filter(catalogue=sosu_catalogue(td_world))) == goals
