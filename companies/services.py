"""Writes to companies and workplaces: the CVR sync, adding a company, workplace contact data.

The CVR sync makes the portal agree with the register for the fields the register owns (name,
address, CVR e-mail, status, the set of production units) and never touches what people enter
in the portal (Workplace.CONTACT_FIELDS). Each company is synced in its own transaction: a sync
that fails half-way leaves every company either fully updated or untouched.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from companies.cvr import CvrClient, CvrCompany, CvrError, CvrUnit, get_cvr_client
from companies.cvr.client import chunked
from companies.models import Company, CompanyStaff, Workplace
from companies.validators import clean_cvr, normalise_phone

logger = logging.getLogger(__name__)

# Companies per round trip to the register (plus one for their production units).
SYNC_BATCH_SIZE = 200


@dataclass
class SyncReport:
    """What a sync did, by CVR number. `failed` says why, in words an administrator can act on."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "failed": len(self.failed),
            "warnings": len(self.warnings),
        }


class _CompanyFailed(Exception):
    """Rolls one company's transaction back, with the reason for the report."""


def companies_sync(*, cvr_numbers: Iterable[str], client: CvrClient | None = None) -> SyncReport:
    """Fetch the given companies from CVR and create or update them with their units.

    Invalid CVR numbers (modulus 11) are refused before any call to the register.
    """
    report = SyncReport()
    valid = _valid_cvr_numbers(cvr_numbers, report)
    if valid:
        client = client or get_cvr_client()
    for batch in chunked(valid, SYNC_BATCH_SIZE):
        _sync_batch(batch, client, report)
    logger.info("CVR sync: %s", report.counts())
    return report


def companies_sync_all(*, client: CvrClient | None = None) -> SyncReport:
    """The nightly job: every company in the portal."""
    cvr_numbers = list(Company.objects.order_by("cvr").values_list("cvr", flat=True))
    return companies_sync(cvr_numbers=cvr_numbers, client=client)


def _valid_cvr_numbers(cvr_numbers: Iterable[str], report: SyncReport) -> list[str]:
    valid: list[str] = []
    for number in cvr_numbers:
        try:
            valid.append(clean_cvr(number))
        except ValidationError as exc:
            report.failed[number] = " ".join(exc.messages)
    return list(dict.fromkeys(valid))


def _sync_batch(batch: tuple[str, ...], client: CvrClient, report: SyncReport) -> None:
    try:
        records = client.companies(batch)
        units = client.units(p for record in records.values() for p in record.p_numbers)
    except CvrError as exc:
        for cvr in batch:
            report.failed[cvr] = str(exc)
        return
    for cvr in batch:
        if cvr not in records:
            report.failed[cvr] = _("CVR-nummeret findes ikke i CVR-registeret.")
            continue
        _sync_one(records[cvr], units, report)


def _sync_one(record: CvrCompany, units: Mapping[str, CvrUnit], report: SyncReport) -> None:
    warnings: list[str] = []
    try:
        with transaction.atomic():
            outcome = _apply_company(record, units, warnings)
    except (_CompanyFailed, ValidationError, IntegrityError) as exc:
        reason = _describe(exc, Company) if isinstance(exc, ValidationError) else str(exc)
        report.failed[record.cvr] = reason
        logger.warning("CVR sync of %s failed: %s", record.cvr, reason)
        return
    getattr(report, outcome).append(record.cvr)
    report.warnings.extend(warnings)


def _apply_company(record: CvrCompany, units: Mapping[str, CvrUnit], warnings: list[str]) -> str:
    """Create or update one company and its units; returns the SyncReport list it belongs in."""
    missing = [p for p in record.p_numbers if p not in units]
    if missing:
        # Closing or skipping units on a partial answer could lose data: leave it untouched.
        raise _CompanyFailed(
            _("CVR-registeret kender ikke produktionsenhederne %(numbers)s.")
            % {"numbers": ", ".join(missing)}
        )
    company = Company.objects.select_for_update().filter(cvr=record.cvr).first()
    created = company is None
    company = company or Company(cvr=record.cvr)
    changed = _assign(company, _company_values(record))
    company.last_synced_at = timezone.now()
    if created or changed:  # an unchanged company needs no validation queries
        company.full_clean()
    company.save(update_fields=None if created else [*changed, "last_synced_at"])
    units_changed = _sync_units(company, record, units, warnings)
    if created:
        return "created"
    return "updated" if changed or units_changed else "unchanged"


def _sync_units(
    company: Company,
    record: CvrCompany,
    units: Mapping[str, CvrUnit],
    warnings: list[str],
) -> bool:
    """New units appear, known units follow CVR, units gone from the company are closed.

    Workplaces are never deleted: agreements and history point at them.
    """
    existing = {
        w.p_number: w for w in Workplace.objects.select_for_update().filter(company=company)
    }
    current = set(record.p_numbers)
    changed = False
    for p_number, workplace in existing.items():
        values = _unit_values(units[p_number]) if p_number in current else _CLOSED
        fields = _assign(workplace, values)
        if fields:
            _check_unit(workplace, exclude=[*Workplace.CONTACT_FIELDS], constraints=True)
            workplace.save(update_fields=fields)
            changed = True
    new = [units[p] for p in record.p_numbers if p not in existing]
    return _create_units(company, new, warnings) or changed


_CLOSED = {"status": Workplace.Status.CLOSED}


def _create_units(company: Company, new: list[CvrUnit], warnings: list[str]) -> bool:
    if not new:
        return False
    elsewhere = set(
        Workplace.objects.filter(p_number__in=[u.p_number for u in new]).values_list(
            "p_number", flat=True
        )
    )
    for p_number in sorted(elsewhere):
        # CVR moved the unit to this company; moving it in the portal would move its
        # agreements and contact data too, so an administrator decides.
        warnings.append(
            _("P-nummer %(p)s hører til en anden virksomhed i portalen end CVR %(cvr)s.")
            % {"p": p_number, "cvr": company.cvr}
        )
    workplaces = [_new_workplace(company, u) for u in new if u.p_number not in elsewhere]
    for workplace in workplaces:
        # Checked without a query per row (a company may bring hundreds of units): the
        # company was just saved, uniqueness was checked above in one query, and the only
        # constraint concerns the phone, which a new unit does not have.
        _check_unit(workplace, exclude=["company"], constraints=False)
    Workplace.objects.bulk_create(workplaces)
    return bool(workplaces)


def _check_unit(workplace: Workplace, *, exclude: list[str], constraints: bool) -> None:
    try:
        workplace.full_clean(
            exclude=exclude, validate_unique=False, validate_constraints=constraints
        )
    except ValidationError as exc:
        raise _CompanyFailed(
            _("P-nummer %(p)s: %(errors)s") % {"p": workplace.p_number, "errors": _describe(exc)}
        ) from exc


def _describe(error: ValidationError, model: type[Model] = Workplace) -> str:
    """ "navn: Dette felt kan ikke være tomt." rather than a bare message without its field."""
    if not hasattr(error, "error_dict"):
        return " ".join(error.messages)
    parts = []
    for name, errors in error.error_dict.items():
        text = " ".join(ValidationError(errors).messages)
        if name == NON_FIELD_ERRORS:
            parts.append(text)
        else:
            parts.append(f"{model._meta.get_field(name).verbose_name}: {text}")
    return " ".join(parts)


def _new_workplace(company: Company, unit: CvrUnit) -> Workplace:
    return Workplace(company=company, p_number=unit.p_number, **_unit_values(unit))


def _company_values(record: CvrCompany) -> dict[str, str]:
    return {
        "name": record.name,
        "address": record.address.street,
        "postal_code": record.address.postal_code,
        "city": record.address.city,
        "cvr_email": record.email,
        "status": Company.Status.ACTIVE if record.is_active else Company.Status.CLOSED,
    }


def _unit_values(unit: CvrUnit) -> dict[str, str]:
    return {
        "name": unit.name,
        "address": unit.address.street,
        "postal_code": unit.address.postal_code,
        "city": unit.address.city,
        "status": Workplace.Status.ACTIVE if unit.is_active else Workplace.Status.CLOSED,
    }


def _assign(instance: Company | Workplace, values: Mapping[str, str]) -> list[str]:
    """Set the values that differ; returns the names of the fields that changed."""
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    for name in changed:
        setattr(instance, name, values[name])
    return changed


# --- The admin: adding a company from CVR, assigning its staff ----------------------------


def company_add_from_cvr(
    *, acting_user: object, cvr: str, client: CvrClient | None = None
) -> Company:
    """Create a company (with its production units) from the register by its CVR number."""
    number = clean_cvr(cvr)
    if Company.objects.filter(cvr=number).exists():
        raise ValidationError(
            _("Virksomheden med CVR-nummer %(cvr)s findes allerede i portalen."),
            code="exists",
            params={"cvr": number},
        )
    report = companies_sync(cvr_numbers=[number], client=client)
    if number in report.failed:
        raise ValidationError(report.failed[number], code="cvr_failed")
    logger.info("Company %s added from CVR by user %s", number, getattr(acting_user, "pk", None))
    return Company.objects.get(cvr=number)


def company_staff_assign(
    *, acting_user: object, company: Company, user: object, role: str
) -> CompanyStaff:
    """Make `user` a member of `company` with `role` (changing the role if already one)."""
    membership = CompanyStaff.objects.filter(company=company, user=user).first()
    membership = membership or CompanyStaff(company=company, user=user)
    membership.role = role
    membership.full_clean()
    membership.save()
    logger.info(
        "User %s assigned to company %s as %s by user %s",
        getattr(user, "pk", None),
        company.cvr,
        role,
        getattr(acting_user, "pk", None),
    )
    return membership


# --- Workplace contact data, entered in the portal ----------------------------------------


def workplace_update_contact(
    *,
    acting_user: object,
    workplace: Workplace,
    contact_person: str,
    email: str,
    phone: str,
    website: str,
) -> Workplace:
    """Change the contact data entered in the portal; the CVR fields stay as they are."""
    try:
        phone = normalise_phone(phone) if phone.strip() else ""
    except ValidationError as exc:
        raise ValidationError({"phone": exc.error_list}) from exc
    workplace.contact_person = contact_person.strip()
    workplace.email = email.strip()
    workplace.phone = phone
    workplace.website = website.strip()
    workplace.contact_updated_at = timezone.now()
    workplace.contact_updated_by = acting_user  # type: ignore[assignment]
    workplace.full_clean()
    workplace.save(
        update_fields=[*Workplace.CONTACT_FIELDS, "contact_updated_at", "contact_updated_by"]
    )
    return workplace
