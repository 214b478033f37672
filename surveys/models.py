"""The apprentice survey (Lærlingundersøkelsen): organisations, rounds, population, sending,
anonymous responses.

Who is who:
- `Organisation`: a county (fylkeskommune) or a training office (opplæringskontor), each with
  its 9-digit organisation number. `OrganisationMember` is a user "registered under the
  organisation number" (the Altinn registration); members flagged `is_access_manager` grant
  and revoke the role "Lærlingundersøkelsen administrasjon" (`SurveyAdministrator`).
- `TrainingCompany`: a lærebedrift, standalone or a member of a training office.
- `SurveyRound`: one national round with its dates and questionnaire (`Question`).
- `Participant`: one row of a register extract (VIGO) in a round. Personal data: only survey
  administrators in scope see it (`surveys.access`).
- `SendJob`/`SendChunk`/`OutgoingMessage`: invitations and reminders. The unique key
  (participant, channel, number) makes a duplicated task unable to send a message twice.
- `PendingResponse` → `Response`/`Answer`: answers, with nothing that links them to a
  participant (DESIGN.md invariant 5).
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from stdnum.no import orgnr

# Message numbers: 0 is the invitation, 1–3 are reminders (purringer). The guide allows at
# most three reminders; the database refuses a fourth (CheckConstraint below).
INVITATION = 0
MAX_REMINDERS = 3


def validate_orgnr(value: str) -> None:
    if not orgnr.is_valid(value):
        raise ValidationError(
            _("%(value)s er ikke et gyldigt organisasjonsnummer (9 siffer)."),
            code="invalid_orgnr",
            params={"value": value},
        )


class Organisation(models.Model):
    class Kind(models.TextChoices):
        COUNTY = "county", _("Fylkeskommune")
        TRAINING_OFFICE = "training_office", _("Opplæringskontor")

    kind = models.CharField(_("type"), max_length=32, choices=Kind.choices)
    orgnr = models.CharField(
        _("organisasjonsnummer"), max_length=9, unique=True, validators=[validate_orgnr]
    )
    name = models.CharField(_("navn"), max_length=255)
    county = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="training_offices",
        limit_choices_to={"kind": "county"},
        verbose_name=_("fylke"),
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_county(self) -> bool:
        return self.kind == self.Kind.COUNTY


class SurveyAdministrator(models.Model):
    """The role "Lærlingundersøkelsen administrasjon", granted within one organisation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="survey_admin_roles"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="administrators"
    )

    class Meta:
        verbose_name = _("administrator af Lærlingundersøkelsen")
        verbose_name_plural = _("administratorer af Lærlingundersøkelsen")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="survey_admin_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation}"


class OrganisationMember(models.Model):
    """A user registered under an organisation number (as in Altinn). Access managers
    (the county's Altinn access managers, the training office's general manager) grant the
    survey role to members; nobody else can."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="survey_memberships"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="members")
    is_access_manager = models.BooleanField(_("styrer tilgange"), default=False)

    class Meta:
        verbose_name = _("registreret bruger")
        verbose_name_plural = _("registrerede brugere")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="survey_member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation}"


class TrainingCompany(models.Model):
    """A lærebedrift: standalone (the county sends to its apprentices) or a member of a
    training office (the office sends)."""

    orgnr = models.CharField(
        _("organisasjonsnummer"), max_length=9, unique=True, validators=[validate_orgnr]
    )
    name = models.CharField(_("navn"), max_length=255)
    county = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="companies",
        limit_choices_to={"kind": "county"},
        verbose_name=_("fylke"),
    )
    training_office = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="member_companies",
        limit_choices_to={"kind": "training_office"},
        verbose_name=_("opplæringskontor"),
    )

    class Meta:
        verbose_name = _("lærebedrift")
        verbose_name_plural = _("lærebedrifter")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SurveyRound(models.Model):
    """One national round. The dates are the guide's by default (settings
    SURVEYS_DEFAULT_DATES) and can be changed per round in the admin.

    The scheduled task `surveys.tasks.advance_rounds` records what has happened:
    `population_frozen_at` (the final extract), `closed_at`, `published_at`. Views check the
    dates as well, so a late beat never lets an answer or a reminder through after the last
    day.
    """

    year = models.PositiveIntegerField(_("år"), unique=True)
    title = models.CharField(_("titel"), max_length=200)
    reference_date = models.DateField(
        _("referencedato"), help_text=_("Populationen er dem i lære mindst 11 måneder på datoen.")
    )
    correction_deadline = models.DateTimeField(_("frist for rettelser i registret"))
    extract_at = models.DateTimeField(_("endeligt udtræk"))
    opens_on = models.DateField(_("udsendelse åbner"))
    last_day = models.DateField(_("sidste svardag"))
    results_on = models.DateField(_("resultater offentliggøres"))
    population_frozen_at = models.DateTimeField(_("population låst"), null=True, blank=True)
    closed_at = models.DateTimeField(_("lukket"), null=True, blank=True)
    published_at = models.DateTimeField(_("offentliggjort"), null=True, blank=True)

    class Meta:
        verbose_name = _("undersøgelsesrunde")
        verbose_name_plural = _("undersøgelsesrunder")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_on__lte=models.F("last_day"))
                & Q(last_day__lt=models.F("results_on")),
                name="survey_round_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if self.opens_on and self.last_day and self.opens_on > self.last_day:
            raise ValidationError(_("Udsendelsen skal åbne før sidste svardag."))
        if self.last_day and self.results_on and self.results_on <= self.last_day:
            raise ValidationError(_("Resultaterne offentliggøres efter sidste svardag."))

    @property
    def is_frozen(self) -> bool:
        return self.population_frozen_at is not None

    def is_answerable_on(self, day: dt.date) -> bool:
        return self.is_frozen and self.opens_on <= day <= self.last_day


class Question(models.Model):
    class Kind(models.TextChoices):
        SCALE = "scale", _("Skala 1–5")
        TEXT = "text", _("Fritekst")

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("nummer"))
    kind = models.CharField(_("type"), max_length=8, choices=Kind.choices, default=Kind.SCALE)
    text = models.CharField(_("spørgsmål"), max_length=500)
    low_label = models.CharField(_("betydning af 1"), max_length=100, blank=True)
    high_label = models.CharField(_("betydning af 5"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("spørgsmål")
        verbose_name_plural = _("spørgsmål")
        ordering = ["round", "position"]
        constraints = [
            models.UniqueConstraint(fields=["round", "position"], name="survey_question_position")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.text}"


class RegisterImport(models.Model):
    """Who imported which register extract when; the counts only, no personal data."""

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="imports")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    imported_at = models.DateTimeField(_("importeret"))
    file_name = models.CharField(_("fil"), max_length=255)
    rows = models.PositiveIntegerField(_("rækker"))
    created = models.PositiveIntegerField(_("nye"))
    updated = models.PositiveIntegerField(_("opdaterede"))
    removed = models.PositiveIntegerField(_("fjernede"))

    class Meta:
        verbose_name = _("import af registerudtræk")
        verbose_name_plural = _("importer af registerudtræk")
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.imported_at:%Y-%m-%d %H:%M})"


class Participant(models.Model):
    """One person of a register extract in one round (apprentice or training candidate).

    `in_population` is fixed when the population is frozen; before that the population is
    computed by `selectors.population_q`. The personal link's token is never stored: it is
    derived from `token_nonce` with a server key when a message is sent, and only its hash
    is kept for looking the link up.
    """

    class Kind(models.TextChoices):
        APPRENTICE = "apprentice", _("Lærling")
        CANDIDATE = "candidate", _("Lærekandidat")

    class ContractStatus(models.TextChoices):
        RUNNING = "running", _("Løbende")
        PAUSED = "paused", _("Midlertidigt stoppet")
        ENDED = "ended", _("Afsluttet")
        CANCELLED = "cancelled", _("Hævet")

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="participants")
    register_id = models.CharField(_("løbenummer"), max_length=40)
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("navn"), max_length=200)
    email = models.CharField(_("e-mail"), max_length=254, blank=True)
    email_valid = models.BooleanField(_("gyldig e-mail"), default=False)
    mobile = models.CharField(_("mobil"), max_length=40, blank=True)
    mobile_e164 = models.CharField(
        _("mobil (E.164)"), max_length=16, blank=True, help_text=_("Tom hvis ikke gyldigt.")
    )
    county = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("fylke")
    )
    training_office = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opplæringskontor"),
    )
    company = models.ForeignKey(
        TrainingCompany,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participants",
        verbose_name=_("lærebedrift"),
    )
    contract_start = models.DateField(_("kontraktstart"))
    contract_status = models.CharField(
        _("kontraktstatus"), max_length=16, choices=ContractStatus.choices
    )
    in_population = models.BooleanField(_("i populationen"), default=False)
    token_nonce = models.CharField(max_length=32, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    has_answered = models.BooleanField(_("har svaret"), default=False)
    last_message_number = models.SmallIntegerField(
        _("seneste besked"), null=True, blank=True, help_text=_("0 = invitation, 1–3 = purring")
    )

    class Meta:
        verbose_name = _("deltager")
        verbose_name_plural = _("deltagere")
        constraints = [
            models.UniqueConstraint(fields=["round", "register_id"], name="survey_participant_key")
        ]
        # On PostgreSQL both carry the dashboard's counted columns (INCLUDE), so its count
        # per company is an index-only scan: migration 0003_postgres_covering_scope_indexes.
        indexes = [
            # The county's slice: "the round's participants in county C" (data quality,
            # sending to standalone companies, dashboard).
            models.Index(fields=["round", "county", "training_office"], name="survey_part_cnty"),
            # The training office's slice, whatever the county.
            models.Index(fields=["round", "training_office"], name="survey_part_office"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.register_id})"


class SendJob(models.Model):
    """One sending (invitations or reminder k) by one organisation in one round.

    Progress is counted here, per finished chunk, so the progress bar reads one row. At most
    one job per message number and organisation: at most one invitation and three reminders.
    """

    class Status(models.TextChoices):
        RUNNING = "running", _("I gang")
        DONE = "done", _("Færdig")
        STOPPED = "stopped", _("Stoppet efter sidste svardag")

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="jobs")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    number = models.PositiveSmallIntegerField(_("besked"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("startet"))
    finished_at = models.DateTimeField(_("færdig"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.RUNNING
    )
    total = models.PositiveIntegerField(_("modtagere"))
    processed = models.PositiveIntegerField(_("behandlet"), default=0)
    messages_sent = models.PositiveIntegerField(_("beskeder sendt"), default=0)
    messages_failed = models.PositiveIntegerField(_("beskeder fejlet"), default=0)

    class Meta:
        verbose_name = _("udsendelse")
        verbose_name_plural = _("udsendelser")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "organisation", "number"], name="survey_job_once_per_number"
            ),
            models.CheckConstraint(
                condition=Q(number__lte=MAX_REMINDERS), name="survey_job_max_reminders"
            ),
            models.CheckConstraint(
                condition=Q(processed__lte=models.F("total")), name="survey_job_progress"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round} – {self.organisation} – {self.number}"

    @property
    def is_reminder(self) -> bool:
        return self.number > INVITATION

    @property
    def percent(self) -> int:
        return 100 if not self.total else int(100 * self.processed / self.total)


class SendChunk(models.Model):
    """The recipients of a job, fixed when the job starts, in chunks of a few hundred: one
    Celery task per chunk. `done` flips once (a conditional UPDATE), so a chunk's counts are
    added to its job exactly once however often its task runs."""

    job = models.ForeignKey(SendJob, on_delete=models.CASCADE, related_name="chunks")
    index = models.PositiveIntegerField()
    participant_ids = models.JSONField()
    done = models.BooleanField(default=False)
    enqueued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job", "index"], name="survey_chunk_index"),
        ]
        indexes = [
            # "Chunks of running jobs still to do" (the resume task).
            models.Index(fields=["done", "enqueued_at"], name="survey_chunk_todo"),
        ]

    def __str__(self) -> str:
        return f"{self.job_id}/{self.index}"


class OutgoingMessage(models.Model):
    """One e-mail or SMS to one participant. Inserted (in its own transaction) before it is
    sent, marked sent after: a crash leaves a row to retry, and the unique key means a
    duplicated or retried task can never create, and so never send, the same message twice.
    """

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        SMS = "sms", _("SMS")

    class Status(models.TextChoices):
        PENDING = "pending", _("Venter")
        SENDING = "sending", _("Sendes")
        SENT = "sent", _("Sendt")
        FAILED = "failed", _("Fejlet")
        SKIPPED = "skipped", _("Ikke sendt: har svaret")

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="messages")
    job = models.ForeignKey(SendJob, on_delete=models.CASCADE, related_name="messages")
    channel = models.CharField(max_length=8, choices=Channel.choices)
    number = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    claim = models.UUIDField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("udgående besked")
        verbose_name_plural = _("udgående beskeder")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "channel", "number"], name="survey_message_once"
            ),
            models.CheckConstraint(
                condition=Q(number__lte=MAX_REMINDERS), name="survey_message_max_reminders"
            ),
        ]
        indexes = [
            # "This job's messages in status S" (a chunk's pending rows, the bench's checks).
            models.Index(fields=["job", "status"], name="survey_msg_job_status"),
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.number} → {self.participant_id}"


class PendingResponse(models.Model):
    """A submitted answer waiting to be mixed into `Response`/`Answer`.

    Answers are moved in batches, in random order, by `tasks.flush_responses`, so neither
    the order of rows nor the transaction that wrote them tells which participant's
    "has answered" flag changed with them. Nothing here refers to a participant; the day
    is the finest time kept.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    company = models.ForeignKey(
        TrainingCompany, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_on = models.DateField()
    answers = models.JSONField()

    def __str__(self) -> str:
        return str(self.pk)


class Response(models.Model):
    """One anonymous response. `organisation` is whose results it counts in; `company` is
    set only for companies whose population reached the minimum group size, so a response
    from a company of one or two cannot be attributed by its company."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="responses")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    company = models.ForeignKey(
        TrainingCompany, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_on = models.DateField(_("svardato"))

    class Meta:
        verbose_name = _("besvarelse")
        verbose_name_plural = _("besvarelser")
        indexes = [
            # "Responses counted for organisation O in round R" (results).
            models.Index(fields=["round", "organisation"], name="survey_resp_org"),
        ]

    def __str__(self) -> str:
        return str(self.pk)


class Answer(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    value = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        verbose_name = _("svar")
        verbose_name_plural = _("svar")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="survey_answer_once"),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=1, value__lte=5),
                name="survey_answer_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.value}"
