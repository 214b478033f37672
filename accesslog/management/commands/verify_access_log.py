"""`manage.py verify_access_log`: check the whole HMAC chain, streaming.

Prints OK, or names the first broken entry and exits 1: an entry whose content was
modified, one whose predecessor was deleted or moved, or one without a seal that lies
before the sealed head. Entries sealed with a key id that is no longer configured
(ACCESS_LOG_HMAC_KEYS) cannot be checked: they are counted and named, and the command exits
2 unless something is broken. Gaps in ids from rolled-back inserts verify fine: the chain links
entries, not numbers.
"""

from __future__ import annotations

from contextlib import closing

from django.core.management.base import BaseCommand, CommandError

from accesslog.chain import verify_rows
from accesslog.selectors import chain_anchor, chain_rows


class Command(BaseCommand):
    help = (
        "Verify the access log's HMAC chain; exit code 1 names the first broken entry, 2 "
        "counts entries sealed with a key that is no longer configured."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--chunk-size", type=int, default=2000)

    def handle(self, *args: object, **options: object) -> None:
        anchor_id, anchor_mac = chain_anchor()
        chunk_size = int(options["chunk_size"])  # type: ignore[call-overload]
        # Close the server-side cursor now, also when verification stops early; left to the
        # garbage collector it would be closed later, inside some other transaction.
        with closing(chain_rows(anchor_id, chunk_size=chunk_size)) as rows:
            report = verify_rows(rows, anchor_id=anchor_id, anchor_mac=anchor_mac)
        if report.broken_entry_id is not None:
            raise CommandError(
                f"BROKEN at entry #{report.broken_entry_id}: {report.reason} "
                f"({report.checked} entries verified before it).",
                returncode=1,
            )
        if report.unverifiable:
            key_ids = ", ".join(repr(k) for k in report.unknown_key_ids)
            raise CommandError(
                f"UNVERIFIED: {report.unverifiable} sealed entries "
                f"(#{report.unverifiable_first_id} to #{report.unverifiable_last_id}) were "
                f"sealed with key ids that are not configured ({key_ids}) and could not be "
                f"checked; {report.checked} entries verified, {report.unsealed} not yet "
                "sealed. Add the retired keys back to ACCESS_LOG_HMAC_KEYS to check them.",
                returncode=2,
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"OK: {report.checked} sealed entries verified after #{anchor_id}; "
                f"{report.unsealed} not yet sealed."
            )
        )
