"""Small builders for survey tests: rounds dated around today, participants, upload files."""

from __future__ import annotations

import datetime as dt
import io
from itertools import count

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from surveys import links
from surveys.models import Organisation, Participant, Question, SurveyRound, TrainingCompany

_numbers = count(1)


def orgnr(seed: int) -> str:
    base = 970_000_00 + seed * 17
    while True:
        body = f"{base:08d}"
        weights = (3, 2, 7, 6, 5, 4, 3, 2)
        check = (11 - sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11) % 11
        if check != 10:
            return f"{body}{check}"
        base += 1


def make_round(*, frozen: bool = True, opens_in: int = -3, **dates: object) -> SurveyRound:
    """A round whose distribution opened `-opens_in` days ago (open now by default)."""
    today = timezone.localdate()
    opens = today + dt.timedelta(days=opens_in)
    reference = opens - dt.timedelta(days=6)
    values = {
        "reference_date": reference,
        "correction_deadline": timezone.now() - dt.timedelta(days=7),
        # Before the freeze the extract is still to come (imports are open).
        "extract_at": timezone.now() + dt.timedelta(days=-6 if frozen else 6),
        "opens_on": opens,
        "last_day": opens + dt.timedelta(days=25),
        "results_on": opens + dt.timedelta(days=50),
        "population_frozen_at": timezone.now() - dt.timedelta(days=6) if frozen else None,
    }
    values.update(dates)
    year = 3000 + next(_numbers)
    survey_round = SurveyRound.objects.create(year=year, title=f"Runde {year}", **values)
    Question.objects.create(round=survey_round, position=1, text="Trives du?")
    Question.objects.create(round=survey_round, position=2, text="Veiledning?")
    Question.objects.create(
        round=survey_round, position=3, kind=Question.Kind.TEXT, text="Noe mer?"
    )
    return survey_round


def make_company(county: Organisation, office: Organisation | None = None) -> TrainingCompany:
    n = next(_numbers)
    return TrainingCompany.objects.create(
        orgnr=orgnr(1000 + n), name=f"Bedrift {n}", county=county, training_office=office
    )


def make_participant(
    survey_round: SurveyRound,
    *,
    county: Organisation,
    office: Organisation | None = None,
    company: TrainingCompany | None = None,
    **values: object,
) -> Participant:
    n = next(_numbers)
    nonce, digest = links.new_nonce_and_hash()
    data = {
        "register_id": f"T{n}",
        "kind": Participant.Kind.APPRENTICE,
        "name": f"Person {n}",
        "email": f"p{n}@example.no",
        "email_valid": True,
        "mobile": "91234567",
        "mobile_e164": "+4791234567",
        "contract_start": survey_round.reference_date - dt.timedelta(days=400),
        "contract_status": Participant.ContractStatus.RUNNING,
        "in_population": survey_round.is_frozen,
    }
    data.update(values)
    return Participant.objects.create(
        round=survey_round,
        county=county,
        training_office=office,
        company=company if company is not None else make_company(county, office),
        token_nonce=nonce,
        token_hash=digest,
        **data,
    )


HEADER = (
    "id;type;navn;epost;mobil;fylke;opplaeringskontor;laerebedrift;laerebedrift_navn;"
    "kontraktstart;kontraktstatus"
)


def csv_upload(
    lines: list[str], *, name: str = "uttrekk.csv", encoding: str = "utf-8"
) -> SimpleUploadedFile:
    text = "\n".join([HEADER, *lines]) + "\n"
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def xlsx_upload(rows: list[list[object]], *, name: str = "uttrekk.xlsx") -> SimpleUploadedFile:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(";"))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())
