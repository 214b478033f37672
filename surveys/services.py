"""Writes in the survey: rounds, register imports, the population freeze, the role grant.

Sending lives in `surveys.sending`, answering in `surveys.answering`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from surveys import imports, links, selectors
from surveys.models import (
    Organisation,
    OrganisationMember,
    Participant,
    RegisterImport,
    SurveyAdministrator,
    SurveyRound,
    TrainingCompany,
)

# (month, day[, hour, minute]) of each date of a round, from the administration guide.
DEFAULT_DATES: dict[str, tuple[int, ...]] = {
    "reference_date": (10, 1),
    "correction_deadline": (9, 30, 12, 0),
    "extract_at": (10, 1, 6, 0),
    "opens_on": (10, 7),
    "last_day": (11, 1),
    "results_on": (11, 27),
}


def min_group_size() -> int:
    return getattr(settings, "SURVEYS_MIN_GROUP_SIZE", 5)


def default_dates(year: int) -> dict[str, dt.date | dt.datetime]:
    configured = {**DEFAULT_DATES, **getattr(settings, "SURVEYS_DEFAULT_DATES", {})}
    values: dict[str, dt.date | dt.datetime] = {}
    for name, parts in configured.items():
        if len(parts) == 2:
            values[name] = dt.date(year, parts[0], parts[1])
        else:
            naive = dt.datetime(year, parts[0], parts[1], parts[2], parts[3])
            values[name] = timezone.make_aware(naive)
    return values


def round_create(*, acting_user: object | None, year: int, title: str = "") -> SurveyRound:
    """A round for `year` with the configured default dates (changeable in the admin)."""
    survey_round = SurveyRound(
        year=year, title=title or f"Lærlingundersøkelsen {year}", **default_dates(year)
    )
    survey_round.full_clean()
    survey_round.save()
    return survey_round


# --- Register import -------------------------------------------------------------------


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    removed: int = 0
    errors: list[imports.RowError] = field(default_factory=list)


class RegisterImportFailed(Exception):
    def __init__(self, errors: list[imports.RowError]) -> None:
        super().__init__(f"{len(errors)} errors")
        self.errors = sorted(errors, key=lambda e: e.line)


def import_is_open(survey_round: SurveyRound, now: dt.datetime | None = None) -> bool:
    return not survey_round.is_frozen and (now or timezone.now()) < survey_round.extract_at


@transaction.atomic
def register_import(
    *,
    acting_user: object,
    survey_round: SurveyRound,
    organisation: Organisation,
    upload: UploadedFile,
) -> ImportReport:
    """Replace the organisation's slice of the round's register with the file's rows.

    All or nothing: any bad row (reported with its line number) and nothing is written.
    The round row is locked so imports and the population freeze never interleave.
    """
    _require_admin(acting_user, organisation)
    survey_round = SurveyRound.objects.select_for_update().get(pk=survey_round.pk)
    if not import_is_open(survey_round):
        raise ValidationError(
            _("Populationen er låst ved det endelige udtræk; registret kan ikke ændres mere.")
        )
    try:
        parsed = imports.parse_upload(upload)
    except imports.ImportFileError as error:
        raise RegisterImportFailed([imports.RowError(0, str(error))]) from error
    errors = list(parsed.errors)
    orgs = _organisations_by_orgnr(parsed.rows)
    errors += _check_scope(parsed.rows, orgs, organisation)
    errors += _check_companies(parsed.rows)
    existing = _existing_in_scope(survey_round, organisation, parsed.rows, errors)
    if errors:
        raise RegisterImportFailed(errors)
    companies = _upsert_companies(parsed.rows, orgs)
    report = _write_participants(survey_round, organisation, parsed.rows, orgs, companies, existing)
    RegisterImport.objects.create(
        round=survey_round,
        organisation=organisation,
        imported_by=acting_user,
        imported_at=timezone.now(),
        file_name=(upload.name or "")[:255],
        rows=report.rows,
        created=report.created,
        updated=report.updated,
        removed=report.removed,
    )
    return report


def _require_admin(user: object, organisation: Organisation) -> None:
    if not SurveyAdministrator.objects.filter(user=user, organisation=organisation).exists():
        raise PermissionDenied


def _organisations_by_orgnr(rows: list[imports.RegisterRow]) -> dict[str, Organisation]:
    numbers = {r.county_orgnr for r in rows} | {r.office_orgnr for r in rows if r.office_orgnr}
    return {o.orgnr: o for o in Organisation.objects.filter(orgnr__in=numbers)}


def _check_scope(
    rows: list[imports.RegisterRow], orgs: dict[str, Organisation], importer: Organisation
) -> list[imports.RowError]:
    errors = []
    for row in rows:
        county, office = orgs.get(row.county_orgnr), orgs.get(row.office_orgnr)
        if county is None or county.kind != Organisation.Kind.COUNTY:
            message = _("fylke %(orgnr)s er ikke en registreret fylkeskommune")
            errors.append(imports.RowError(row.line, message % {"orgnr": row.county_orgnr}))
        elif row.office_orgnr and (
            office is None or office.kind != Organisation.Kind.TRAINING_OFFICE
        ):
            message = _("opplaeringskontor %(orgnr)s er ikke et registreret opplæringskontor")
            errors.append(imports.RowError(row.line, message % {"orgnr": row.office_orgnr}))
        elif importer.is_county and county.pk != importer.pk:
            message = _("rækken hører til en anden fylkeskommune (%(orgnr)s)")
            errors.append(imports.RowError(row.line, message % {"orgnr": row.county_orgnr}))
        elif not importer.is_county and row.office_orgnr != importer.orgnr:
            errors.append(
                imports.RowError(row.line, _("rækken er ikke knyttet til jeres opplæringskontor"))
            )
    return errors


def _check_companies(rows: list[imports.RegisterRow]) -> list[imports.RowError]:
    """One company, one county and one office within a file."""
    first: dict[str, imports.RegisterRow] = {}
    errors = []
    for row in rows:
        if not row.company_orgnr:
            continue
        seen = first.setdefault(row.company_orgnr, row)
        if (seen.county_orgnr, seen.office_orgnr) != (row.county_orgnr, row.office_orgnr):
            message = _(
                "lærebedrift %(orgnr)s har et andet fylke eller opplæringskontor end i linje "
                "%(other)d"
            )
            errors.append(
                imports.RowError(
                    row.line, message % {"orgnr": row.company_orgnr, "other": seen.line}
                )
            )
    return errors


def _existing_in_scope(
    survey_round: SurveyRound,
    organisation: Organisation,
    rows: list[imports.RegisterRow],
    errors: list[imports.RowError],
) -> dict[str, Participant]:
    """The organisation's current slice by register id; a row whose id belongs to another
    organisation's slice is an error (the register itself must be corrected)."""
    existing = {
        p.register_id: p for p in selectors.visible_participants(survey_round, organisation)
    }
    ids = [r.register_id for r in rows if r.register_id not in existing]
    elsewhere = set(
        Participant.objects.filter(round=survey_round, register_id__in=ids).values_list(
            "register_id", flat=True
        )
    )
    for row in rows:
        if row.register_id in elsewhere:
            message = _("løbenummer %(id)s er registreret under en anden organisation")
            errors.append(imports.RowError(row.line, message % {"id": row.register_id}))
    return existing


def _upsert_companies(
    rows: list[imports.RegisterRow], orgs: dict[str, Organisation]
) -> dict[str, TrainingCompany]:
    wanted = {r.company_orgnr: r for r in rows if r.company_orgnr}
    companies = {c.orgnr: c for c in TrainingCompany.objects.filter(orgnr__in=wanted)}
    changed = []
    for number, row in wanted.items():
        county = orgs[row.county_orgnr]
        office = orgs.get(row.office_orgnr) if row.office_orgnr else None
        company = companies.get(number)
        if company is None:
            companies[number] = TrainingCompany.objects.create(
                orgnr=number, name=row.company_name, county=county, training_office=office
            )
        elif (company.name, company.county_id, company.training_office_id) != (
            row.company_name,
            county.pk,
            office.pk if office else None,
        ):
            company.name, company.county, company.training_office = row.company_name, county, office
            changed.append(company)
    TrainingCompany.objects.bulk_update(changed, ["name", "county", "training_office"])
    return companies


_WRITTEN_FIELDS = [
    "kind",
    "name",
    "email",
    "email_valid",
    "mobile",
    "mobile_e164",
    "county",
    "training_office",
    "company",
    "contract_start",
    "contract_status",
]


def _write_participants(
    survey_round: SurveyRound,
    organisation: Organisation,
    rows: list[imports.RegisterRow],
    orgs: dict[str, Organisation],
    companies: dict[str, TrainingCompany],
    existing: dict[str, Participant],
) -> ImportReport:
    report = ImportReport(rows=len(rows))
    new, changed = [], []
    for row in rows:
        values = {
            "kind": row.kind,
            "name": row.name,
            "email": row.email,
            "email_valid": row.email_valid,
            "mobile": row.mobile,
            "mobile_e164": row.mobile_e164,
            "county": orgs[row.county_orgnr],
            "training_office": orgs.get(row.office_orgnr) if row.office_orgnr else None,
            "company": companies.get(row.company_orgnr) if row.company_orgnr else None,
            "contract_start": row.contract_start,
            "contract_status": row.contract_status,
        }
        participant = existing.pop(row.register_id, None)
        if participant is None:
            nonce, digest = links.new_nonce_and_hash()
            new.append(
                Participant(
                    round=survey_round,
                    register_id=row.register_id,
                    token_nonce=nonce,
                    token_hash=digest,
                    **values,
                )
            )
        else:
            for name, value in values.items():
                setattr(participant, name, value)
            changed.append(participant)
    Participant.objects.bulk_create(new, batch_size=1000)
    Participant.objects.bulk_update(changed, _WRITTEN_FIELDS, batch_size=1000)
    # What is left of the slice is no longer in the extract.
    removed_ids = [p.pk for p in existing.values()]
    Participant.objects.filter(pk__in=removed_ids).delete()
    report.created, report.updated, report.removed = len(new), len(changed), len(removed_ids)
    return report


# --- The population freeze -------------------------------------------------------------


@transaction.atomic
def population_freeze(*, survey_round: SurveyRound, now: dt.datetime | None = None) -> bool:
    """Fix the final population at the extract time. Idempotent: a second run (a retried
    or doubled task) finds the round frozen and changes nothing."""
    locked = SurveyRound.objects.select_for_update().get(pk=survey_round.pk)
    if locked.is_frozen:
        return False
    participants = Participant.objects.filter(round=locked)
    participants.update(in_population=False)
    participants.filter(selectors.population_q(locked)).update(in_population=True)
    locked.population_frozen_at = now or timezone.now()
    locked.save(update_fields=["population_frozen_at"])
    survey_round.population_frozen_at = locked.population_frozen_at
    return True


# --- The role "Lærlingundersøkelsen administrasjon" -------------------------------------


def _require_access_manager(user: object, organisation: Organisation) -> None:
    if not OrganisationMember.objects.filter(
        user=user, organisation=organisation, is_access_manager=True
    ).exists():
        raise PermissionDenied


@transaction.atomic
def survey_role_grant(
    *, acting_user: object, organisation: Organisation, user_id: int
) -> SurveyAdministrator:
    """An access manager gives the role to a user registered under the organisation."""
    _require_access_manager(acting_user, organisation)
    member = OrganisationMember.objects.filter(organisation=organisation, user_id=user_id).first()
    if member is None:
        raise ValidationError(
            _("Brugeren er ikke registreret under organisationens organisasjonsnummer.")
        )
    role, _created = SurveyAdministrator.objects.get_or_create(
        user_id=user_id, organisation=organisation
    )
    return role


@transaction.atomic
def survey_role_revoke(*, acting_user: object, organisation: Organisation, user_id: int) -> int:
    _require_access_manager(acting_user, organisation)
    deleted, _details = SurveyAdministrator.objects.filter(
        user_id=user_id, organisation=organisation
    ).delete()
    return deleted
