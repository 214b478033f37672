"""Writes in apprenticeship: the staff's selection of apprentices."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apprenticeship.models import Apprentice, StaffSelection
from companies.models import CompanyStaff


@transaction.atomic
def selection_add(
    *, acting_user: object, staff: CompanyStaff, apprentice_ids: Iterable[int]
) -> list[StaffSelection]:
    """Add apprentices to `staff`'s selection. Only apprentices with a current agreement at
    the staff member's company can be chosen; anything else is refused as a whole."""
    if staff.user_id != getattr(acting_user, "pk", None):
        raise ValidationError(_("Du kan kun ændre din egen udvælgelse."))
    wanted = set(apprentice_ids)
    allowed = set(
        Apprentice.objects.selectable_for(staff).filter(pk__in=wanted).values_list("pk", flat=True)
    )
    if wanted - allowed:
        raise ValidationError(
            _("Du kan kun vælge lærlinge med en aktuel uddannelsesaftale i din virksomhed.")
        )
    existing = set(
        StaffSelection.objects.filter(staff=staff, apprentice_id__in=wanted).values_list(
            "apprentice_id", flat=True
        )
    )
    new = [StaffSelection(staff=staff, apprentice_id=pk) for pk in sorted(wanted - existing)]
    return StaffSelection.objects.bulk_create(new, ignore_conflicts=True)


@transaction.atomic
def selection_remove(
    *, acting_user: object, staff: CompanyStaff, apprentice_ids: Iterable[int]
) -> int:
    """Remove apprentices from `staff`'s selection; returns how many were removed."""
    if staff.user_id != getattr(acting_user, "pk", None):
        raise ValidationError(_("Du kan kun ændre din egen udvælgelse."))
    deleted, _details = StaffSelection.objects.filter(
        staff=staff, apprentice_id__in=set(apprentice_ids)
    ).delete()
    return deleted
