"""Writes in accounts: creating organisation users and changing their status (the LRA's
work), and the retention erasure of revoked users."""

from __future__ import annotations

import datetime as dt

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import LoginEvent, TermsAcceptance, User, UserStatusChange
from accounts.organisations import Organisation, directory_for


def _log(target: User, action: str, acting_user: User, organisation: str = "") -> None:
    UserStatusChange.objects.create(
        user=target,
        action=action,
        acting_user=acting_user,
        acting_user_name=acting_user.full_name,
        organisation=organisation,
    )


@transaction.atomic
def user_create(
    *,
    acting_user: User,
    organisation: Organisation,
    email: str,
    full_name: str,
    role: str,
    external_id: str = "",
) -> User:
    """A new user of `organisation` with no password: they set one through the e-mailed
    link (allauth's password reset), so nobody else ever knows it."""
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError(
            {"email": _("Der findes allerede en bruger med denne e-mail i portalen.")}
        )
    directory = directory_for(organisation.type)
    if directory is None or role not in dict(directory.role_choices()):
        raise ValidationError({"role": _("Vælg en gyldig rolle.")})
    external_id = external_id.strip()
    if external_id and User.objects.filter(external_id=external_id).exists():
        raise ValidationError({"external_id": _("Den eksterne identitet bruges allerede.")})
    user = User(email=email, full_name=full_name.strip(), external_id=external_id)
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    directory.add_member(organisation.id, user, role)
    _log(user, UserStatusChange.Action.CREATED, acting_user, organisation.name)
    return user


@transaction.atomic
def user_suspend(*, acting_user: User, user: User, organisation: Organisation) -> User:
    if user.revoked_at:
        raise ValidationError(_("Brugeren er tilbagekaldt og kan ikke suspenderes."))
    if user.pk == acting_user.pk:
        raise ValidationError(_("Du kan ikke suspendere dig selv."))
    user.suspended_at = timezone.now()
    user.is_active = False  # the next request with their session is refused
    user.save(update_fields=["suspended_at", "is_active"])
    _log(user, UserStatusChange.Action.SUSPENDED, acting_user, organisation.name)
    return user


@transaction.atomic
def user_reactivate(*, acting_user: User, user: User, organisation: Organisation) -> User:
    if user.revoked_at:
        raise ValidationError(_("En tilbagekaldt bruger kan ikke genaktiveres."))
    user.suspended_at = None
    user.is_active = True
    user.save(update_fields=["suspended_at", "is_active"])
    _log(user, UserStatusChange.Action.REACTIVATED, acting_user, organisation.name)
    return user


@transaction.atomic
def user_revoke(*, acting_user: User, user: User, organisation: Organisation) -> User:
    """Permanent. The record is kept (inactive) for the retention period, then erased."""
    if user.revoked_at:
        return user
    if user.pk == acting_user.pk:
        raise ValidationError(_("Du kan ikke tilbagekalde dig selv."))
    user.revoked_at = timezone.now()
    user.is_active = False
    user.set_unusable_password()
    user.save(update_fields=["revoked_at", "is_active", "password"])
    _log(user, UserStatusChange.Action.REVOKED, acting_user, organisation.name)
    return user


def retention_cutoff(now: dt.datetime | None = None) -> dt.datetime:
    now = now or timezone.now()
    years = settings.USER_RETENTION_YEARS
    try:
        return now.replace(year=now.year - years)
    except ValueError:  # 29 February
        return now.replace(year=now.year - years, day=28)


@transaction.atomic
def erase_expired_users(*, now: dt.datetime | None = None) -> int:
    """Erase users revoked more than USER_RETENTION_YEARS ago: their acceptance and status
    records go, and the user row keeps no personal data (other records may still point to
    it). Idempotent: erased users are skipped."""
    expired = list(
        User.objects.filter(revoked_at__lt=retention_cutoff(now), erased_at__isnull=True)
        .select_for_update()
        .values_list("pk", flat=True)
    )
    TermsAcceptance.objects.filter(user_id__in=expired).delete()
    UserStatusChange.objects.filter(user_id__in=expired).delete()
    LoginEvent.objects.filter(user_id__in=expired).delete()
    EmailAddress.objects.filter(user_id__in=expired).delete()
    for pk in expired:
        User.objects.filter(pk=pk).update(
            email=f"slettet-{pk}@invalid.invalid",
            full_name=_("Slettet bruger"),
            password="!",  # noqa: S106 - an unusable password marker
            erased_at=now or timezone.now(),
        )
    return len(expired)
