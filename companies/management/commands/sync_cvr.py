"""manage.py sync_cvr [CVR ...]: refresh companies from the CVR register (all when none given)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from companies.services import SyncReport, companies_sync, companies_sync_all
from companies.validators import clean_cvr


class Command(BaseCommand):
    help = (
        "Fetch companies from the CVR register and update name, address, CVR e-mail and "
        "production units. Named CVR numbers not yet in the portal are added. Without "
        "arguments every company in the portal is synced (the nightly job does the same)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("cvr", nargs="*", help="CVR numbers (8 digits)")

    def handle(self, *args: Any, **options: Any) -> None:
        numbers = options["cvr"]
        _refuse_invalid(numbers)
        report = companies_sync(cvr_numbers=numbers) if numbers else companies_sync_all()
        self._print(report)
        if report.failed:
            raise CommandError(f"{len(report.failed)} CVR number(s) failed; see above.")

    def _print(self, report: SyncReport) -> None:
        for label, numbers in (("created", report.created), ("updated", report.updated)):
            if numbers:
                self.stdout.write(self.style.SUCCESS(f"{label}: {', '.join(numbers)}"))
        self.stdout.write(f"unchanged: {len(report.unchanged)}")
        for warning in report.warnings:
            self.stdout.write(self.style.WARNING(f"warning: {warning}"))
        for cvr, reason in report.failed.items():
            self.stderr.write(self.style.ERROR(f"failed {cvr}: {reason}"))


def _refuse_invalid(numbers: list[str]) -> None:
    """All named numbers must pass the modulus-11 check before the register is asked."""
    problems = []
    for number in numbers:
        try:
            clean_cvr(number)
        except ValidationError as exc:
            problems.append(" ".join(exc.messages))
    if problems:
        raise CommandError("Nothing was synced. " + " ".join(problems))
