"""Writes of the training declarations: catalogues, requests, the rating by link, reminders.

The back office's login lives in `backoffice.py`.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apprenticeship.models import Apprentice, School
from companies.models import Company
from companies.validators import clean_cvr
from training_declarations import tokens
from training_declarations.emails import absolute_url, send_templated
from training_declarations.imports import GoalRow
from training_declarations.models import (
    Declaration,
    DeclarationContact,
    DeclarationGoal,
    DeclarationLink,
    DeclarationProfile,
    DeclarationReminder,
    GoalCatalogue,
    TrainingGoal,
)

logger = logging.getLogger(__name__)

MAX_SCHOOL_CONTACTS = 10
MAX_REMINDERS = 3


def link_days() -> int:
    return int(getattr(settings, "DECLARATION_LINK_DAYS", 30))


def reminder_offsets() -> list[int]:
    """Days relative to the period's end date (negative: before it); at most three."""
    offsets = getattr(settings, "DECLARATION_REMINDER_OFFSETS_DAYS", (-7, 3, 10))
    return sorted(int(days) for days in offsets)[:MAX_REMINDERS]


# --- Goal catalogues ----------------------------------------------------------------------


@transaction.atomic
def catalogue_import(
    *, catalogue: GoalCatalogue, rows: Sequence[GoalRow], acting_user: object
) -> GoalCatalogue:
    """Replace the catalogue's goals by `rows` (already checked by imports.check_lines).

    Declarations made earlier keep their own copies of the texts, so replacing is safe.
    """
    if not rows:
        raise ValidationError(_("Kataloget skal have mindst ét oplæringsmål."))
    catalogue.goals.all().delete()
    goals = [
        TrainingGoal(catalogue=catalogue, code=row.code, position=row.position, text=row.text)
        for row in rows
    ]
    for goal in goals:
        goal.full_clean(exclude=["catalogue"], validate_unique=False)
    TrainingGoal.objects.bulk_create(goals)
    catalogue.updated_at = timezone.now()
    catalogue.save(update_fields=["updated_at"])
    logger.info(
        "training_declarations: catalogue %s replaced with %d goals by %s",
        catalogue.pk,
        len(goals),
        getattr(acting_user, "email", acting_user),
    )
    return catalogue


# --- The apprentice's profile -------------------------------------------------------------


@transaction.atomic
def profile_update(
    *,
    apprentice: Apprentice,
    acting_user: object,
    first_name: str,
    last_name: str,
    email: str,
    catalogue: GoalCatalogue | None,
) -> DeclarationProfile:
    if apprentice.user_id != getattr(acting_user, "pk", None):
        raise ValidationError(_("Du kan kun ændre din egen profil."))
    apprentice.first_name = first_name.strip()
    apprentice.last_name = last_name.strip()
    apprentice.email = email.strip()
    apprentice.full_clean()
    apprentice.save(update_fields=["first_name", "last_name", "email"])
    profile, _created = DeclarationProfile.objects.get_or_create(apprentice=apprentice)
    profile.catalogue = catalogue
    profile.full_clean()
    profile.save(update_fields=["catalogue"])
    return profile


# --- The request --------------------------------------------------------------------------


@transaction.atomic
def declaration_create(
    *,
    apprentice: Apprentice,
    acting_user: object,
    training_type: str,
    catalogue: GoalCatalogue,
    period_end: dt.date,
    main_course: int,
    school: School,
    team: str,
    responsible_email: str,
    school_emails: Sequence[str],
    cvr: str,
    now: dt.datetime | None = None,
) -> Declaration:
    """The apprentice's request: copy the catalogue's goals, make a personal link and
    e-mail it to the training responsible (after commit)."""
    now = now or timezone.now()
    if apprentice.user_id != getattr(acting_user, "pk", None):
        raise ValidationError(_("Du kan kun oprette erklæringer for dig selv."))
    cvr = clean_cvr(cvr)
    contacts = _clean_contacts(school_emails)
    goals = list(catalogue.goals.order_by("position"))
    if not goals:
        raise ValidationError(_("Der er endnu ingen oplæringsmål for denne uddannelse."))
    company = Company.objects.filter(cvr=cvr).only("name").first()
    declaration = Declaration(
        apprentice=apprentice,
        training_type=training_type,
        catalogue=catalogue,
        period_end=period_end,
        main_course=main_course,
        school=school,
        team=team.strip(),
        responsible_email=responsible_email.strip().lower(),
        cvr=cvr,
        company_name=company.name if company else "",
        created_at=now,
        link_expires_at=now + dt.timedelta(days=link_days()),
    )
    declaration.full_clean()
    declaration.save()
    DeclarationContact.objects.bulk_create(
        DeclarationContact(declaration=declaration, email=email) for email in contacts
    )
    DeclarationGoal.objects.bulk_create(
        DeclarationGoal(declaration=declaration, position=g.position, code=g.code, text=g.text)
        for g in goals
    )
    _send_link(declaration, kind=DeclarationLink.Kind.REQUEST, now=now)
    return declaration


def _clean_contacts(emails: Sequence[str]) -> list[str]:
    contacts = list(dict.fromkeys(e.strip().lower() for e in emails if e.strip()))
    if not contacts:
        raise ValidationError(_("Skriv mindst én e-mailadresse på en kontakt på skolen."))
    if len(contacts) > MAX_SCHOOL_CONTACTS:
        raise ValidationError(_("Højst %(n)d kontakter på skolen.") % {"n": MAX_SCHOOL_CONTACTS})
    for email in contacts:
        DeclarationContact(email=email).clean_fields(exclude=["declaration"])
    return contacts


@transaction.atomic
def declaration_renew(
    *, declaration: Declaration, acting_user: object, now: dt.datetime | None = None
) -> Declaration:
    """The apprentice sends the request again with a new link: the older links stop
    working, the draft is kept, and the link's period starts over."""
    now = now or timezone.now()
    declaration = Declaration.objects.select_for_update().get(pk=declaration.pk)
    if declaration.apprentice.user_id != getattr(acting_user, "pk", None):
        raise ValidationError(_("Du kan kun forny dine egne anmodninger."))
    if declaration.is_submitted:
        raise ValidationError(_("Erklæringen er allerede udfyldt og sendt."))
    declaration.links.filter(revoked_at__isnull=True).update(revoked_at=now)
    declaration.status = Declaration.Status.SENT
    declaration.link_expires_at = now + dt.timedelta(days=link_days())
    declaration.save(update_fields=["status", "link_expires_at"])
    _send_link(declaration, kind=DeclarationLink.Kind.RENEWAL, now=now)
    return declaration


def _send_link(
    declaration: Declaration, *, kind: str, now: dt.datetime, reminder_number: int = 0
) -> DeclarationLink:
    token, token_hash = tokens.new_token()
    link = DeclarationLink.objects.create(
        declaration=declaration,
        token_hash=token_hash,
        kind=kind,
        created_at=now,
        expires_at=declaration.link_expires_at,
    )
    context = {
        "declaration": declaration,
        "apprentice_name": declaration.apprentice.full_name,
        "url": absolute_url("rating_form", token=token),
        "expires_at": link.expires_at,
        "renewed": kind == DeclarationLink.Kind.RENEWAL,
        "reminder_number": reminder_number,
    }
    name = "reminder" if kind == DeclarationLink.Kind.REMINDER else "request"
    to = [declaration.responsible_email]
    # The token lives only in this closure until the e-mail is sent after commit.
    transaction.on_commit(lambda: send_templated(name, to=to, context=context), robust=True)
    return link


# --- The training responsible's link ------------------------------------------------------


def declaration_mark_opened(*, declaration: Declaration, now: dt.datetime | None = None) -> bool:
    """Opening the link marks the request "åbnet"; it never uses the link up (mail scanners
    open links too). A conditional UPDATE, so only the first opening counts."""
    updated = Declaration.objects.filter(pk=declaration.pk, status=Declaration.Status.SENT).update(
        status=Declaration.Status.OPENED, opened_at=now or timezone.now()
    )
    if updated:
        declaration.refresh_from_db(fields=["status", "opened_at"])
    return bool(updated)


@transaction.atomic
def declaration_save_draft(
    *,
    declaration: Declaration,
    levels: dict[int, int | None],
    work_areas: str,
    special_needs: str,
    now: dt.datetime | None = None,
) -> Declaration:
    """Save what the training responsible has filled in so far; goals may be unanswered."""
    now = now or timezone.now()
    declaration = _lock_unsubmitted(declaration)
    goals = list(declaration.goals.all())
    for goal in goals:
        goal.level = levels.get(goal.position)
        goal.full_clean(exclude=["declaration"], validate_unique=False)
    DeclarationGoal.objects.bulk_update(goals, ["level"])
    declaration.work_areas = work_areas.strip()
    declaration.special_needs = special_needs.strip()
    declaration.draft_saved_at = now
    if declaration.status == Declaration.Status.SENT:
        declaration.status = Declaration.Status.OPENED
        declaration.opened_at = now
    declaration.full_clean()
    declaration.save(
        update_fields=["work_areas", "special_needs", "draft_saved_at", "status", "opened_at"]
    )
    return declaration


@transaction.atomic
def declaration_submit(*, declaration: Declaration, now: dt.datetime | None = None) -> Declaration:
    """Lock the declaration (every goal must have a level) and send it to the school
    contacts and the apprentice. This, and only this, uses the link up."""
    now = now or timezone.now()
    declaration = _lock_unsubmitted(declaration)
    if declaration.is_expired(now):
        raise ValidationError(_("Linket er udløbet."), code="expired")
    if declaration.goals.filter(level__isnull=True).exists():
        raise ValidationError(_("Alle oplæringsmål skal have et niveau."), code="incomplete")
    declaration.status = Declaration.Status.SUBMITTED
    declaration.submitted_at = now
    declaration.full_clean()
    declaration.save(update_fields=["status", "submitted_at"])
    _send_submitted(declaration)
    return declaration


def _lock_unsubmitted(declaration: Declaration) -> Declaration:
    locked = (
        Declaration.objects.select_for_update()
        .select_related("apprentice", "catalogue")
        .get(pk=declaration.pk)
    )
    if locked.is_submitted:
        raise ValidationError(_("Erklæringen er allerede udfyldt og sendt."), code="submitted")
    return locked


def _send_submitted(declaration: Declaration) -> None:
    contacts = list(declaration.school_contacts.values_list("email", flat=True))
    school_context = {
        "declaration": declaration,
        "apprentice_name": declaration.apprentice.full_name,
        "url": absolute_url("backoffice_detail", declaration_id=declaration.pk),
        "login_url": absolute_url("backoffice_login"),
    }
    transaction.on_commit(
        lambda: send_templated("submitted-school", to=contacts, context=school_context),
        robust=True,
    )
    address = apprentice_email(declaration.apprentice)
    if address:
        apprentice_context = {
            "declaration": declaration,
            "apprentice_name": declaration.apprentice.full_name,
            "url": absolute_url("apprentice_detail", declaration_id=declaration.pk),
        }
        transaction.on_commit(
            lambda: send_templated(
                "submitted-apprentice", to=[address], context=apprentice_context
            ),
            robust=True,
        )


def apprentice_email(apprentice: Apprentice) -> str:
    if apprentice.email:
        return apprentice.email
    return apprentice.user.email if apprentice.user_id else ""


def link_renewal_request(*, link: DeclarationLink, now: dt.datetime | None = None) -> bool:
    """From the expired-link page: tell the apprentice that a new link is wanted. Once
    per link (a conditional UPDATE), so reloading or double-clicking sends one e-mail."""
    now = now or timezone.now()
    declaration = link.declaration
    if declaration.is_submitted:
        return False
    claimed = DeclarationLink.objects.filter(pk=link.pk, renewal_requested_at__isnull=True).update(
        renewal_requested_at=now
    )
    address = apprentice_email(declaration.apprentice)
    if claimed and address:
        context = {
            "declaration": declaration,
            "apprentice_name": declaration.apprentice.full_name,
            "url": absolute_url("apprentice_detail", declaration_id=declaration.pk),
        }
        transaction.on_commit(
            lambda: send_templated("renewal-requested", to=[address], context=context),
            robust=True,
        )
    return bool(claimed)


# --- Reminders ----------------------------------------------------------------------------


def reminders_due(*, now: dt.datetime | None = None) -> list[tuple[int, int]]:
    """(declaration id, reminder number) of every reminder due now.

    Reminder N is due from period_end + offset[N-1] for a request that is still open (not
    submitted, link not expired) and was made before that day. Missed days collapse: only
    the latest due number is sent, so a task that did not run for a week sends one e-mail.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    offsets = reminder_offsets()
    if not offsets:
        return []
    latest_start = today - dt.timedelta(days=offsets[0])
    candidates = list(
        Declaration.objects.pending(now)
        .filter(period_end__lte=latest_start)
        .values_list("pk", "period_end", "created_at")
    )
    sent = _sent_numbers([pk for pk, _end, _created in candidates])
    due = []
    for pk, period_end, created_at in candidates:
        number = _due_number(period_end, timezone.localdate(created_at), today, offsets)
        if number > max(sent.get(pk, {0})):
            due.append((pk, number))
    return due


def _sent_numbers(ids: list[int]) -> dict[int, set[int]]:
    sent: dict[int, set[int]] = {}
    for pk, number in DeclarationReminder.objects.filter(declaration_id__in=ids).values_list(
        "declaration_id", "number"
    ):
        sent.setdefault(pk, set()).add(number)
    return sent


def _due_number(
    period_end: dt.date, created_on: dt.date, today: dt.date, offsets: list[int]
) -> int:
    number = 0
    for index, offset in enumerate(offsets, start=1):
        day = period_end + dt.timedelta(days=offset)
        if day <= today and created_on < day:
            number = index
    return number


def reminder_send(*, declaration_id: int, number: int, now: dt.datetime | None = None) -> bool:
    """Send reminder `number` unless it was sent already or the declaration was submitted
    meanwhile. The unique (declaration, number) row is the claim: a duplicated task fails
    to insert it and sends nothing. Returns whether this call sent it."""
    now = now or timezone.now()
    with transaction.atomic():
        declaration = (
            Declaration.objects.select_for_update()
            .select_related("apprentice")
            .filter(pk=declaration_id)
            .first()
        )
        if declaration is None or declaration.is_submitted or declaration.is_expired(now):
            return False
        if not 1 <= number <= MAX_REMINDERS:
            return False
        try:
            with transaction.atomic():
                DeclarationReminder.objects.create(
                    declaration=declaration, number=number, sent_at=now
                )
        except IntegrityError:
            return False
        _send_link(declaration, kind=DeclarationLink.Kind.REMINDER, now=now, reminder_number=number)
    return True


def reminders_send(*, now: dt.datetime | None = None) -> int:
    sent = 0
    for declaration_id, number in reminders_due(now=now):
        sent += reminder_send(declaration_id=declaration_id, number=number, now=now)
    return sent
