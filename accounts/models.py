"""Users, and the versioned terms they accept.

The User model has e-mail as its login. Role memberships live in the app that owns the
organisation (company staff in `companies`, school staff and apprentices in
`apprenticeship`, survey administrators in `surveys`) so that `accounts` depends on no
domain app; `accounts.roles` collects them through providers the apps register.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra: object) -> User:
        if not email:
            raise ValueError("A user needs an e-mail address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail"), unique=True)
    full_name = models.CharField(_("navn"), max_length=200)
    is_active = models.BooleanField(_("aktiv"), default=True)
    is_staff = models.BooleanField(
        _("portaladministrator"),
        default=False,
        help_text=_("Må bruge administrationen og se alle data i portalen."),
    )
    date_joined = models.DateTimeField(_("oprettet"), default=timezone.now)
    # Set by the organisation's local administrator (accounts.services). A suspended or
    # revoked user is also inactive, which ends their sessions at the next request.
    suspended_at = models.DateTimeField(_("suspenderet"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("tilbagekaldt"), null=True, blank=True)
    erased_at = models.DateTimeField(_("slettet"), null=True, blank=True)
    # The identifier a local administrator registered for login through an identity broker
    # (MitID Erhverv UUID, Unilogin user id, Norwegian personal id): matched against the
    # broker's `sub` before the e-mail address.
    external_id = models.CharField(
        _("ekstern identitet"), max_length=128, blank=True, db_index=True
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("bruger")
        verbose_name_plural = _("brugere")
        constraints = [
            # Case-insensitive uniqueness: Anna@x.dk and anna@x.dk are one person.
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} <{self.email}>"

    def clean(self) -> None:
        super().clean()
        self.email = self.email.strip().lower()

    class Status(models.TextChoices):
        ACTIVE = "active", _("Aktiv")
        SUSPENDED = "suspended", _("Suspenderet")
        REVOKED = "revoked", _("Tilbagekaldt")
        INACTIVE = "inactive", _("Deaktiveret")

    @property
    def status(self) -> str:
        if self.revoked_at:
            return self.Status.REVOKED
        if self.suspended_at:
            return self.Status.SUSPENDED
        return self.Status.ACTIVE if self.is_active else self.Status.INACTIVE

    def get_status_display(self) -> str:
        return str(self.Status(self.status).label)

    @property
    def is_portal_admin(self) -> bool:
        return self.is_active and self.is_staff and self.is_superuser

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


def user_display(user: User) -> str:
    return user.full_name or user.email


class TermsVersion(models.Model):
    """One published version of a document users must accept (the portal's terms)."""

    class Kind(models.TextChoices):
        PORTAL_TERMS = "portal_terms", _("Vilkår for brug af portalen")
        # Signed by users who act for an organisation (staff, administrators), not by
        # apprentices: use only on the organisation's behalf, keep credentials safe, ...
        OBLIGATIONS = "obligations", _("Brugerens forpligtelser")

    kind = models.CharField(_("type"), max_length=32, choices=Kind.choices)
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("titel"), max_length=200)
    body = models.TextField(_("tekst"))
    published_at = models.DateTimeField(_("offentliggjort"), default=timezone.now)

    class Meta:
        verbose_name = _("vilkårsversion")
        verbose_name_plural = _("vilkårsversioner")
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="terms_kind_version_unique")
        ]
        # Serves "the newest published version of kind K".
        indexes = [models.Index(fields=["kind", "-published_at"], name="terms_current_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version}"


class TermsAcceptance(models.Model):
    """Who accepted which version, and when. Kept as evidence; never edited."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="terms_acceptances")
    terms = models.ForeignKey(TermsVersion, on_delete=models.PROTECT, related_name="acceptances")
    accepted_at = models.DateTimeField(_("accepteret"), default=timezone.now)

    class Meta:
        verbose_name = _("accept af vilkår")
        verbose_name_plural = _("accept af vilkår")
        constraints = [
            models.UniqueConstraint(fields=["user", "terms"], name="terms_acceptance_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.terms}"


class UserStatusChange(models.Model):
    """Who suspended, reactivated or revoked whom, and when. Kept with the user record."""

    class Action(models.TextChoices):
        CREATED = "created", _("Oprettet")
        SUSPENDED = "suspended", _("Suspenderet")
        REACTIVATED = "reactivated", _("Genaktiveret")
        REVOKED = "revoked", _("Tilbagekaldt")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="status_changes")
    action = models.CharField(_("handling"), max_length=16, choices=Action.choices)
    acting_user = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("udført af")
    )
    acting_user_name = models.CharField(_("udført af (navn)"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=255, blank=True)
    at = models.DateTimeField(_("tidspunkt"), default=timezone.now)

    class Meta:
        verbose_name = _("statusændring")
        verbose_name_plural = _("statusændringer")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.user} {self.get_action_display()} {self.at:%Y-%m-%d}"


class LoginEvent(models.Model):
    """Logins, logouts, failed logins and lockouts, password and second-factor changes: for
    the admin to see attacks and
    locked-out users, and for an investigation to see who was logged in when. Kept
    LOGIN_EVENT_RETENTION_DAYS (accounts.tasks.purge_old_login_events)."""

    class Kind(models.TextChoices):
        SUCCEEDED = "succeeded", _("Logget ind")
        LOGGED_OUT = "logged_out", _("Logget ud")
        FAILED = "failed", _("Forkert adgangskode")
        BROKER_REFUSED = "broker_refused", _("Login via identitetsbroker afvist")
        PASSWORD_CHANGED = "password_changed", _("Adgangskode ændret")
        PASSWORD_RESET = "password_reset", _("Adgangskode nulstillet eller valgt")
        MFA_ADDED = "mfa_added", _("Totrinsbekræftelse tilføjet")
        MFA_REMOVED = "mfa_removed", _("Totrinsbekræftelse fjernet")
        MFA_FAILED = "mfa_failed", _("Forkert kode til totrinsbekræftelse")
        LOCKED_OUT = "locked_out", _("Midlertidigt spærret")
        INACTIVE = "inactive", _("Inaktiv bruger forsøgte at logge ind")

    kind = models.CharField(_("hændelse"), max_length=16, choices=Kind.choices)
    email = models.CharField(_("e-mail"), max_length=254)
    user = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="login_events"
    )
    ip = models.GenericIPAddressField(_("IP-adresse"), null=True, blank=True)
    at = models.DateTimeField(_("tidspunkt"), default=timezone.now)

    class Meta:
        verbose_name = _("loginhændelse")
        verbose_name_plural = _("loginhændelser")
        ordering = ["-at"]
        # Serves the admin's newest-first list and "failures for this address lately".
        indexes = [models.Index(fields=["email", "-at"], name="loginevent_email_at_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.email} {self.at:%Y-%m-%d %H:%M}"
