"""Training declarations (Logbog): goal catalogues, the apprentice's request, the training
responsible's rating by personal link, reminders, and the back office's one-time-code login.

Secrets are never stored in the clear: a link token and an attempt key are kept as their
SHA-256, a one-time code as an HMAC-SHA256 keyed with SECRET_KEY and bound to its attempt.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apprenticeship.models import Apprentice, Education, School, Specialty
from companies.validators import validate_cvr


class Level(models.IntegerChoices):
    """The guide's scale for every training goal."""

    NOT_WORKED = 0, _("Har ikke arbejdet med målet")
    WITH_GUIDANCE = 1, _("Kan under vejledning arbejde med målet")
    WITH_OTHERS = 2, _("Kan i samarbejde med andre arbejde med målet")
    INDEPENDENT = 3, _("Kan selvstændigt arbejde med målet")


class GoalCatalogue(models.Model):
    """The ordered training goals of one education, or of one of its specialties."""

    education = models.ForeignKey(
        Education, on_delete=models.PROTECT, related_name="goal_catalogues"
    )
    specialty = models.ForeignKey(
        Specialty,
        on_delete=models.PROTECT,
        related_name="goal_catalogues",
        null=True,
        blank=True,
        help_text=_("Tom: kataloget gælder uddannelsen uden speciale."),
    )
    updated_at = models.DateTimeField(_("senest ændret"), default=timezone.now)

    class Meta:
        verbose_name = _("katalog over oplæringsmål")
        verbose_name_plural = _("kataloger over oplæringsmål")
        ordering = ["education__name", "specialty__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["education", "specialty"], name="td_catalogue_unique_specialty"
            ),
            # NULLs are distinct in a unique index: one catalogue without a specialty.
            models.UniqueConstraint(
                fields=["education"],
                condition=Q(specialty__isnull=True),
                name="td_catalogue_unique_education",
            ),
        ]

    def __str__(self) -> str:
        if self.specialty_id:
            return f"{self.education.name} – {self.specialty.name}"
        return self.education.name


class TrainingGoal(models.Model):
    catalogue = models.ForeignKey(GoalCatalogue, on_delete=models.CASCADE, related_name="goals")
    code = models.CharField(_("kode"), max_length=32)
    position = models.PositiveIntegerField(_("placering"))
    text = models.TextField(_("oplæringsmål"), max_length=2000)

    class Meta:
        verbose_name = _("oplæringsmål")
        verbose_name_plural = _("oplæringsmål")
        ordering = ["catalogue", "position"]
        constraints = [
            models.UniqueConstraint(fields=["catalogue", "code"], name="td_goal_code_unique"),
            models.UniqueConstraint(
                fields=["catalogue", "position"], name="td_goal_position_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.text[:60]}"


class DeclarationProfile(models.Model):
    """The apprentice's Logbog settings kept here, so apprenticeship's models stay as they
    are: the preferred education (specialty) prefilled on a new request."""

    apprentice = models.OneToOneField(
        Apprentice, on_delete=models.CASCADE, related_name="declaration_profile"
    )
    catalogue = models.ForeignKey(
        GoalCatalogue,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uddannelse (speciale)"),
    )

    class Meta:
        verbose_name = _("logbogsprofil")
        verbose_name_plural = _("logbogsprofiler")

    def __str__(self) -> str:
        return str(self.apprentice)


class DeclarationQuerySet(models.QuerySet["Declaration"]):
    def for_apprentice(self, apprentice: Apprentice) -> DeclarationQuerySet:
        return self.filter(apprentice=apprentice)

    def for_backoffice(self, email: str) -> DeclarationQuerySet:
        """The declarations on which an apprentice entered `email` (school contact or
        training responsible): the back office's whole scope."""
        email = email.strip().lower()
        # `id IN (indexed look-up UNION indexed look-up)`, in SQL: `responsible_email = E OR
        # EXISTS(contact E)` defeats both indexes and scanned all 300,000 declarations at
        # national scale, and passing the ids from Python made every page and its count send
        # a few hundred parameters.
        responsible = Declaration.objects.filter(responsible_email=email).order_by().values("pk")
        contact = DeclarationContact.objects.filter(email=email).order_by().values("declaration_id")
        return self.filter(pk__in=responsible.union(contact))

    def expired(self, now=None) -> DeclarationQuerySet:
        now = now or timezone.now()
        return self.exclude(status=Declaration.Status.SUBMITTED).filter(link_expires_at__lt=now)

    def pending(self, now=None) -> DeclarationQuerySet:
        """Requests the training responsible can still answer."""
        now = now or timezone.now()
        return self.exclude(status=Declaration.Status.SUBMITTED).filter(link_expires_at__gte=now)


class Declaration(models.Model):
    """A request for, and then the content of, one declaration of training (erklæring om
    oplæring) for one period."""

    class Status(models.TextChoices):
        SENT = "sent", _("Sendt")
        OPENED = "opened", _("Åbnet")
        SUBMITTED = "submitted", _("Udfyldt")

    # Shown, never stored: a request that was not submitted before its link expired.
    EXPIRED = "expired"
    EXPIRED_LABEL = _("Udløbet")

    class TrainingType(models.TextChoices):
        COMPANY = "company", _("Virksomhed")
        SCHOOL = "school", _("Skoleoplæring")

    apprentice = models.ForeignKey(
        Apprentice, on_delete=models.PROTECT, related_name="training_declarations"
    )
    training_type = models.CharField(
        _("oplæringsforløb"), max_length=16, choices=TrainingType.choices
    )
    # The education (specialty) is the catalogue's; its goals are copied into `goals`.
    catalogue = models.ForeignKey(
        GoalCatalogue,
        on_delete=models.PROTECT,
        related_name="declarations",
        verbose_name=_("uddannelse (speciale)"),
    )
    period_end = models.DateField(_("slutdato for oplæringsperioden"))
    main_course = models.PositiveSmallIntegerField(_("hovedforløb"))
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    team = models.CharField(_("holdnavn"), max_length=64)
    responsible_email = models.EmailField(_("e-mail til oplæringsansvarlig"))
    cvr = models.CharField(_("lærestedets CVR-nummer"), max_length=8, validators=[validate_cvr])
    # The company's name when the request was made, if the CVR number is known here.
    company_name = models.CharField(_("lærested"), max_length=255, blank=True)

    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.SENT
    )
    created_at = models.DateTimeField(_("oprettet"), default=timezone.now)
    opened_at = models.DateTimeField(_("åbnet"), null=True, blank=True)
    draft_saved_at = models.DateTimeField(_("kladde gemt"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("udfyldt"), null=True, blank=True)
    # The latest expiry of the request's links (kept by the services), so "udløbet" is a
    # plain filter.
    link_expires_at = models.DateTimeField(_("linket udløber"))

    work_areas = models.TextField(_("arbejdsområder og funktioner"), max_length=5000, blank=True)
    special_needs = models.TextField(
        _("særlige behov til næste skoleperiode"), max_length=5000, blank=True
    )

    objects = DeclarationQuerySet.as_manager()

    class Meta:
        verbose_name = _("erklæring om oplæring")
        verbose_name_plural = _("erklæringer om oplæring")
        ordering = ["-created_at", "-id"]
        indexes = [
            # "Se erklæringer": the apprentice's requests, newest first.
            models.Index(fields=["apprentice", "-created_at"], name="td_decl_apprentice_idx"),
            # The back office's scope for a training responsible, and the login check.
            models.Index(fields=["responsible_email"], name="td_decl_responsible_idx"),
            # The reminder task: unsubmitted requests by period end.
            models.Index(fields=["status", "period_end"], name="td_decl_status_end_idx"),
        ]
        constraints = [
            # Submitted declarations carry their submission time; others do not.
            models.CheckConstraint(
                condition=Q(status="submitted", submitted_at__isnull=False)
                | (~Q(status="submitted") & Q(submitted_at__isnull=True)),
                name="td_decl_submitted_at_matches_status",
            ),
            models.CheckConstraint(
                condition=Q(main_course__gte=1) & Q(main_course__lte=9),
                name="td_decl_main_course_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.apprentice} – {self.period_end:%d-%m-%Y}"

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED

    def is_expired(self, now=None) -> bool:
        shown = self.status_as_shown(self.status, self.link_expires_at, now or timezone.now())
        return shown == self.EXPIRED

    @property
    def shown_status(self) -> str:
        return self.status_as_shown(self.status, self.link_expires_at, timezone.now())

    @property
    def shown_status_label(self) -> str:
        return self.status_label(self.shown_status)

    @classmethod
    def status_as_shown(cls, status: str, link_expires_at: dt.datetime, now: dt.datetime) -> str:
        """shown_status from the two columns it depends on (lists read as values)."""
        if status != cls.Status.SUBMITTED and link_expires_at < now:
            return cls.EXPIRED
        return status

    @classmethod
    def status_label(cls, shown_status: str) -> str:
        if shown_status == cls.EXPIRED:
            return str(cls.EXPIRED_LABEL)
        return str(cls.Status(shown_status).label)

    @property
    def education_label(self) -> str:
        return str(self.catalogue)


class DeclarationContact(models.Model):
    """A school contact's e-mail address entered on a request (one or more per request)."""

    declaration = models.ForeignKey(
        Declaration, on_delete=models.CASCADE, related_name="school_contacts"
    )
    email = models.EmailField(_("e-mail"))

    class Meta:
        verbose_name = _("skolekontakt")
        verbose_name_plural = _("skolekontakter")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["declaration", "email"], name="td_contact_unique")
        ]
        # The back office's scope for a school contact, and the login check.
        indexes = [models.Index(fields=["email"], name="td_contact_email_idx")]

    def __str__(self) -> str:
        return self.email


class DeclarationGoal(models.Model):
    """One row of a declaration: the goal's text as it was when the request was made (a
    later catalogue import never changes a declaration), and the level given."""

    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="goals")
    position = models.PositiveIntegerField(_("placering"))
    code = models.CharField(_("kode"), max_length=32)
    text = models.TextField(_("oplæringsmål"))
    level = models.PositiveSmallIntegerField(
        _("niveau"), choices=Level.choices, null=True, blank=True
    )

    class Meta:
        verbose_name = _("oplæringsmål i erklæring")
        verbose_name_plural = _("oplæringsmål i erklæring")
        ordering = ["declaration", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["declaration", "position"], name="td_decl_goal_position_unique"
            ),
            models.CheckConstraint(
                condition=Q(level__isnull=True) | Q(level__gte=0, level__lte=3),
                name="td_decl_goal_level_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.level}"


class DeclarationLink(models.Model):
    """A personal link for the training responsible. Only the SHA-256 of the random token
    is stored, so the database alone never holds a usable link. Every e-mail (request,
    renewal, reminder) carries its own link: the token exists only until it is mailed."""

    class Kind(models.TextChoices):
        REQUEST = "request", _("Anmodning")
        RENEWAL = "renewal", _("Fornyet anmodning")
        REMINDER = "reminder", _("Påmindelse")

    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="links")
    token_hash = models.CharField(max_length=64, unique=True)
    kind = models.CharField(_("art"), max_length=16, choices=Kind.choices)
    created_at = models.DateTimeField(_("oprettet"), default=timezone.now)
    expires_at = models.DateTimeField(_("udløber"))
    # Set when the apprentice renews the request: older links stop working at once.
    revoked_at = models.DateTimeField(_("tilbagekaldt"), null=True, blank=True)
    # The training responsible asked (from the expired-link page) for a new link.
    renewal_requested_at = models.DateTimeField(_("nyt link efterspurgt"), null=True, blank=True)

    class Meta:
        verbose_name = _("link til oplæringsansvarlig")
        verbose_name_plural = _("links til oplæringsansvarlig")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.declaration_id} {self.kind} {self.created_at:%Y-%m-%d}"


class DeclarationReminder(models.Model):
    """One reminder to the training responsible. Unique per (declaration, number): a
    duplicated or retried task cannot send reminder N twice (DESIGN.md invariant 6)."""

    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="reminders")
    number = models.PositiveSmallIntegerField(_("nummer"))
    sent_at = models.DateTimeField(_("sendt"), default=timezone.now)

    class Meta:
        verbose_name = _("påmindelse")
        verbose_name_plural = _("påmindelser")
        ordering = ["declaration", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["declaration", "number"], name="td_reminder_unique_number"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=3), name="td_reminder_at_most_three"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.declaration_id} #{self.number}"


class BackofficeLoginAttempt(models.Model):
    """One request for a back-office code: an e-mail address, bound to one browser session
    by a random attempt key (only its SHA-256 is stored here; the key lives in the session).

    Rows exist for unknown addresses too, with no code: the page, the counters and the rate
    limits are the same whether or not the address is known. They also serve as the
    per-address and per-IP request counters of the rate limits (kept in the database, so
    they hold when Redis is down).
    """

    key_hash = models.CharField(max_length=64, unique=True)
    email = models.EmailField(_("e-mail"))
    ip = models.GenericIPAddressField(_("IP-adresse"), null=True, blank=True)
    created_at = models.DateTimeField(_("oprettet"), default=timezone.now)
    expires_at = models.DateTimeField(_("udløber"))
    # HMAC-SHA256(SECRET_KEY, attempt id + code); empty until the code is sent, and for
    # unknown addresses always.
    code_hash = models.CharField(max_length=64, blank=True)
    failures = models.PositiveSmallIntegerField(_("forkerte koder"), default=0)
    used_at = models.DateTimeField(_("brugt"), null=True, blank=True)

    class Meta:
        verbose_name = _("backend-loginforsøg")
        verbose_name_plural = _("backend-loginforsøg")
        ordering = ["-created_at"]
        indexes = [
            # Rate limit: code requests per address in a window.
            models.Index(fields=["email", "created_at"], name="td_attempt_email_idx"),
            # Rate limit: code requests per IP in a window.
            models.Index(fields=["ip", "created_at"], name="td_attempt_ip_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.email} {self.created_at:%Y-%m-%d %H:%M}"


class BackofficeLoginFailure(models.Model):
    """A failed back-office login (wrong, expired or dead code, or a rate limit hit). Kept
    for the admin's alarm and counted by the per-address and per-IP failure limits."""

    class Reason(models.TextChoices):
        WRONG_CODE = "wrong_code", _("Forkert kode")
        DEAD_CODE = "dead_code", _("Koden er brugt op eller udløbet")
        NO_ATTEMPT = "no_attempt", _("Intet loginforsøg i sessionen")
        RATE_LIMITED = "rate_limited", _("For mange forsøg")

    at = models.DateTimeField(_("tidspunkt"), default=timezone.now)
    email = models.EmailField(_("e-mail"), blank=True)
    ip = models.GenericIPAddressField(_("IP-adresse"), null=True, blank=True)
    reason = models.CharField(_("årsag"), max_length=16, choices=Reason.choices)

    class Meta:
        verbose_name = _("mislykket backend-login")
        verbose_name_plural = _("mislykkede backend-logins")
        ordering = ["-at"]
        indexes = [
            # The admin alarm: failures in the last 15 minutes; the retention purge.
            models.Index(fields=["at"], name="td_failure_at_idx"),
            # Rate limit: failures per address in a window.
            models.Index(fields=["email", "at"], name="td_failure_email_idx"),
            # Rate limit: failures per IP in a window.
            models.Index(fields=["ip", "at"], name="td_failure_ip_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.email} {self.reason}"
