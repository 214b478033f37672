"""Reminders to revisit old assessments (the beat task's services).

Who is told (decision): the registering company's staff who *currently* have the apprentice
in their selection ("Mine lærlinge") at that company. They are exactly the people the
visibility policy lets see the name, and they are the ones who would revisit it; the
registering employee is among them as long as they still work with the apprentice (someone
who has left or deselected the apprentice is no longer told). If nobody at the company has
selected the apprentice, the company's managers get a line with the *number* of such
apprentices, without names (they may not see them), asking them to make sure someone selects
and reassesses them.

Idempotency (DESIGN.md invariant 6), enforced by the database:
- `RevisitReminder` is unique per (assessment, round): an apprentice is flagged once per
  period of DROPOUT_RISK_REVISIT_DAYS (round 1 at 90 days, round 2 at 180, …), and a new
  assessment starts over;
- `RevisitReminderRecipient` is unique per (reminder, user), and `sent_at` is claimed with a
  conditional UPDATE before the e-mail goes out. A retried or duplicated task finds the rows
  claimed and sends nothing; a failed send un-claims its rows for the retry. (A worker that
  dies between claim and send loses that e-mail rather than sending it twice.)
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from accesslog.services import record_for_user
from accounts.models import User
from accounts.roles import roles_for
from apprenticeship.models import Apprentice, EducationAgreement, StaffSelection
from companies.models import Company, CompanyStaff
from dropout_risk.emails import send_templated
from dropout_risk.models import (
    LatestAssessment,
    RevisitReminder,
    RevisitReminderRecipient,
)
from dropout_risk.purposes import PURPOSE_REMINDER

logger = logging.getLogger(__name__)
BATCH = 1000


def revisit_days() -> int:
    return int(getattr(settings, "DROPOUT_RISK_REVISIT_DAYS", 90))


@transaction.atomic
def reminders_flag(*, now: dt.datetime | None = None) -> list[int]:
    """Flag every assessment older than DROPOUT_RISK_REVISIT_DAYS whose apprentice still has
    a current SOSU agreement at the registering company, and choose its recipients.
    Returns the ids of the users who now have something to be told."""
    now = now or timezone.now()
    days = revisit_days()
    current_here = EducationAgreement.objects.current(timezone.localdate(now)).filter(
        apprentice=OuterRef("apprentice_id"),
        company=OuterRef("company_id"),
        education__is_sosu=True,
    )
    # Cheap pre-filter: skip assessments reminded within the last period. The unique
    # constraint below is the guarantee.
    recent = RevisitReminder.objects.filter(
        assessment=OuterRef("assessment_id"), created_at__gt=now - dt.timedelta(days=days)
    )
    stale = (
        LatestAssessment.objects.filter(assessed_at__lte=now - dt.timedelta(days=days))
        .filter(Exists(current_here))
        .exclude(Exists(recent))
        .values_list("assessment_id", "apprentice_id", "company_id", "assessed_at")
    )
    reminders = [
        RevisitReminder(
            assessment_id=assessment_id,
            apprentice_id=apprentice_id,
            company_id=company_id,
            round=(now - assessed_at).days // days,
            created_at=now,
        )
        for assessment_id, apprentice_id, company_id, assessed_at in stale.iterator()
    ]
    RevisitReminder.objects.bulk_create(reminders, ignore_conflicts=True, batch_size=BATCH)
    _recipients_choose(RevisitReminder.objects.filter(created_at=now, recipients__isnull=True))
    return list(
        RevisitReminderRecipient.objects.filter(sent_at__isnull=True)
        .values_list("user_id", flat=True)
        .distinct()
        .order_by("user_id")
    )


def _recipients_choose(reminders) -> None:
    by_pair: dict[tuple[int, int], list[int]] = defaultdict(list)
    for reminder_id, apprentice_id, company_id in reminders.values_list(
        "pk", "apprentice_id", "company_id"
    ):
        by_pair[(apprentice_id, company_id)].append(reminder_id)
    if not by_pair:
        return
    selectors_of: dict[tuple[int, int], set[int]] = defaultdict(set)
    selections = StaffSelection.objects.filter(
        apprentice_id__in={a for a, _c in by_pair}, staff__company_id__in={c for _a, c in by_pair}
    ).values_list("apprentice_id", "staff__company_id", "staff__user_id")
    for apprentice_id, company_id, user_id in selections:
        selectors_of[(apprentice_id, company_id)].add(user_id)
    managers_of: dict[int, set[int]] = defaultdict(set)
    for company_id, user_id in CompanyStaff.objects.filter(
        company_id__in={c for _a, c in by_pair}, role=CompanyStaff.Role.MANAGER
    ).values_list("company_id", "user_id"):
        managers_of[company_id].add(user_id)
    rows = []
    for (apprentice_id, company_id), reminder_ids in by_pair.items():
        named = selectors_of.get((apprentice_id, company_id), set())
        users = named or managers_of.get(company_id, set())
        rows += [
            RevisitReminderRecipient(reminder_id=rid, user_id=uid, shows_name=bool(named))
            for rid in reminder_ids
            for uid in sorted(users)
        ]
    RevisitReminderRecipient.objects.bulk_create(rows, ignore_conflicts=True, batch_size=BATCH)


@dataclass(frozen=True)
class Line:
    name: str
    level: str
    assessed_at: dt.datetime


def reminder_email_send(*, user_id: int, now: dt.datetime | None = None) -> bool:
    """Send `user_id` one e-mail with everything pending for them. True if one was sent."""
    now = now or timezone.now()
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return False  # vanished or deactivated: the rows stay unsent and harmless
    claimed, context = _claim(user, now)
    if not claimed:
        return False
    try:
        send_templated("dropout_risk/emails/revisit", to=user.email, context=context)
    except Exception:
        RevisitReminderRecipient.objects.filter(pk__in=claimed, sent_at=now).update(sent_at=None)
        raise
    return True


@transaction.atomic
def _claim(user: User, now: dt.datetime) -> tuple[list[int], dict]:
    pending = list(
        RevisitReminderRecipient.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(user=user, sent_at__isnull=True)
        .select_related("reminder__assessment")
    )
    ids = [p.pk for p in pending]
    if not ids:
        return [], {}
    if RevisitReminderRecipient.objects.filter(pk__in=ids, sent_at__isnull=True).update(
        sent_at=now
    ) != len(ids):
        raise RuntimeError("reminder rows claimed twice despite the row locks")
    # Names only for apprentices the user may still see at that company (re-checked now).
    named_pairs = {
        (p.reminder.apprentice_id, p.reminder.company_id) for p in pending if p.shows_name
    }
    visible = set(
        Apprentice.objects.selected_by(user)
        .filter(pk__in={a for a, _c in named_pairs})
        .values_list("pk", flat=True)
    )
    own_companies = set(CompanyStaff.objects.filter(user=user).values_list("company_id", flat=True))
    named = [
        p
        for p in pending
        if p.shows_name
        and p.reminder.apprentice_id in visible
        and p.reminder.company_id in own_companies
    ]
    anonymous = defaultdict(int)
    for p in pending:
        if not p.shows_name:
            anonymous[p.reminder.company_id] += 1
    if not named and not anonymous:
        return [], {}  # nothing the user may be told any more; the rows stay claimed
    apprentices = {
        a.pk: a for a in Apprentice.objects.filter(pk__in={p.reminder.apprentice_id for p in named})
    }
    companies = dict(Company.objects.filter(pk__in=set(anonymous)).values_list("pk", "name"))
    lines = sorted(
        (
            Line(
                apprentices[p.reminder.apprentice_id].full_name,
                p.reminder.assessment.get_level_display(),
                p.reminder.assessment.registered_at,
            )
            for p in named
        ),
        key=lambda line: line.name,
    )
    # The e-mail shows these names to the user: logged like a page would be.
    named_companies = {p.reminder.company_id for p in named}
    record_for_user(
        user=user,
        purpose=PURPOSE_REMINDER,
        apprentice_ids=[p.reminder.apprentice_id for p in named],
        role=next(
            (
                r
                for r in roles_for(user)
                if r.organisation_type == "company" and r.organisation_id in named_companies
            ),
            None,
        ),
    )
    context = {
        "user": user,
        "lines": lines,
        "unselected": sorted((companies[c], n) for c, n in anonymous.items()),
        "days": revisit_days(),
        "overview_url": _absolute(reverse("dropout_risk:company_overview")),
        "selection_url": _absolute(reverse("apprenticeship:my_apprentices")),
    }
    return ids, context


def _absolute(path: str) -> str:
    return getattr(settings, "PORTAL_BASE_URL", "http://127.0.0.1:8000").rstrip("/") + path
