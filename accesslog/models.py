"""The access log: who saw which apprentices, when, acting as what, and why.

Three insert-only tables (DESIGN.md invariant 2, enforced by PostgreSQL triggers created in
the migrations):

- `AccessLogEntry`: one row per response that shows apprentice data. Users, organisations and
  apprentices are plain ids plus name snapshots, never foreign keys: the log outlives what it
  logs and sits below every domain app.
- `AccessLogSeal`: the HMAC chain, one row per entry, written later by the sealing task so
  that page views never wait for each other (invariant 2).
- `AccessLogPurge`: each retention purge, the only way rows ever leave the log.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accesslog.fields import ApprenticeIdsField


class AccessLogEntry(models.Model):
    id = models.BigAutoField(primary_key=True)
    accessed_at = models.DateTimeField(_("tidspunkt"), default=timezone.now)
    user_id = models.BigIntegerField(_("bruger-id"), null=True, blank=True)
    user_name = models.CharField(_("bruger"), max_length=200, blank=True)
    user_email = models.CharField(_("e-mail"), max_length=254, blank=True)
    role_kind = models.CharField(_("rolle"), max_length=32, blank=True)
    organisation_type = models.CharField(_("organisationstype"), max_length=32, blank=True)
    organisation_id = models.BigIntegerField(_("organisations-id"), null=True, blank=True)
    organisation_name = models.CharField(_("organisation"), max_length=255, blank=True)
    purpose = models.CharField(_("formål"), max_length=100)
    apprentice_ids = ApprenticeIdsField(verbose_name=_("elev-id'er"))
    url_name = models.CharField(_("URL-navn"), max_length=200, blank=True)
    ip = models.GenericIPAddressField(_("IP-adresse"), null=True, blank=True)

    class Meta:
        verbose_name = _("adgangslogpost")
        verbose_name_plural = _("adgangslog")
        indexes = [
            # "Entries in a period, newest first" (admin list, retention purge). The
            # apprentice_ids GIN index (@> ARRAY[x]) is created in migration 0002 because
            # SQLite has no GIN.
            models.Index(fields=["accessed_at"], name="accesslog_accessed_idx"),
            # "Entries made while acting for company C in a period" (management export).
            models.Index(
                fields=["organisation_type", "organisation_id", "accessed_at"],
                name="accesslog_org_idx",
            ),
            # "Entries by the user with e-mail E in a period" (admin filter).
            models.Index(fields=["user_email", "accessed_at"], name="accesslog_email_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.accessed_at:%Y-%m-%d %H:%M} {self.user_email} {self.purpose}"


class AccessLogSeal(models.Model):
    """The chain link of one entry: mac = HMAC(key, previous mac + the entry's content).

    A separate table so the log itself never needs an UPDATE. `prev_entry_id` is unique:
    two sealers can never attach two entries to the same predecessor, so the chain cannot
    fork even if the advisory lock were bypassed. DO_NOTHING keeps Django from loading rows
    on a purge (the database's foreign key still refuses an entry deleted before its seal).
    """

    entry = models.OneToOneField(
        AccessLogEntry, on_delete=models.DO_NOTHING, primary_key=True, related_name="seal"
    )
    prev_entry_id = models.BigIntegerField(_("forrige post"), unique=True)
    mac = models.CharField(_("HMAC"), max_length=64)
    # Which of the configured HMAC keys sealed this entry ("": the single
    # ACCESS_LOG_HMAC_KEY, and every seal from before key rotation); see accesslog.chain.
    # db_default: adding the column updates no row (the append-only trigger would refuse),
    # and a sealer still running the old code during a deploy inserts "" too.
    key_id = models.CharField(_("nøgle-id"), max_length=32, blank=True, default="", db_default="")
    sealed_at = models.DateTimeField(_("forseglet"), default=timezone.now)

    class Meta:
        verbose_name = _("forsegling")
        verbose_name_plural = _("forseglinger")

    def __str__(self) -> str:
        return f"#{self.entry_id} ← #{self.prev_entry_id}"


class AccessLogPurge(models.Model):
    """One retention purge: the named, logged operation that may delete log rows.

    `last_entry_id`/`last_entry_mac` anchor the chain: verification of the remaining entries
    starts from them. `transaction_id` (PostgreSQL's txid) lets the DELETE trigger accept
    deletes only in the transaction that wrote this row.
    """

    purged_at = models.DateTimeField(_("tidspunkt"), default=timezone.now)
    purged_by = models.CharField(_("udført af"), max_length=200)
    cutoff = models.DateTimeField(_("slettet før"))
    entries_deleted = models.PositiveBigIntegerField(_("antal slettede poster"))
    last_entry_id = models.BigIntegerField(_("sidste slettede post"))
    last_entry_mac = models.CharField(_("HMAC for sidste slettede post"), max_length=64)
    transaction_id = models.BigIntegerField(_("transaktions-id"), null=True, blank=True)

    class Meta:
        verbose_name = _("sletning efter opbevaringsperiode")
        verbose_name_plural = _("sletninger efter opbevaringsperiode")
        constraints = [
            # The chain anchor moves forward only once per purged id.
            models.UniqueConstraint(fields=["last_entry_id"], name="accesslog_purge_last_unique")
        ]

    def __str__(self) -> str:
        return f"{self.purged_at:%Y-%m-%d %H:%M}: {self.entries_deleted} ≤ #{self.last_entry_id}"


class ExportJob(models.Model):
    """A large export written in the background (accesslog.export_jobs).

    Not part of the log: an ordinary table that is updated as the job runs. The file lies in
    a private directory (ACCESS_LOG_EXPORT_DIR) that no URL serves; only the owner downloads
    it, through a view that checks their permission again and logs the download. `file_name`
    is a bare name inside that directory, never a path from a request.
    """

    class Kind(models.TextChoices):
        ADMIN = "admin", _("Adgangslog (portaladministrator)")
        COMPANY = "company", _("Virksomhedens adgangslog")

    class Status(models.TextChoices):
        QUEUED = "queued", _("I kø")
        RUNNING = "running", _("I gang")
        DONE = "done", _("Færdig")
        FAILED = "failed", _("Mislykkedes")
        EXPIRED = "expired", _("Slettet")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("bestilt af"),
    )
    kind = models.CharField(_("eksport"), max_length=16, choices=Kind.choices)
    # The filter: selector keyword arguments, datetimes as ISO text (export_jobs.parameters).
    parameters = models.JSONField(_("filter"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    row_count = models.PositiveBigIntegerField(_("antal rækker"), null=True, blank=True)
    # Every apprentice id in the file: logged with each download.
    apprentice_ids = ApprenticeIdsField(verbose_name=_("elev-id'er"), default=list, blank=True)
    file_name = models.CharField(_("fil"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("bestilt"), default=timezone.now)
    started_at = models.DateTimeField(_("startet"), null=True, blank=True)
    finished_at = models.DateTimeField(_("færdig"), null=True, blank=True)
    error = models.CharField(_("fejl"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("eksportjob")
        verbose_name_plural = _("eksportjob")
        indexes = [
            # The expiry task: finished jobs older than 24 hours.
            models.Index(fields=["status", "finished_at"], name="accesslog_exportjob_exp_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.kind} {self.status}"
