"""`manage.py seed_scale --size national --seed 1`: the scale benchmark's data (bench/generate.py).

Refuses the default SQLite demo database, and `national` anywhere but an explicitly named
PostgreSQL database (DATABASE_URL), so it never fills a developer's demo data by accident.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

ROOT = Path(settings.BASE_DIR)
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import generate  # noqa: E402


class Command(BaseCommand):
    help = "Generates deterministic benchmark data (tiny, small or national scale)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--size", required=True, choices=sorted(generate.SIZES))
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--force", action="store_true", help="Wipe a database that holds other data."
        )

    def handle(self, *args: object, size: str, seed: int, force: bool, **options: object) -> None:
        name = str(connection.settings_dict["NAME"])
        if connection.vendor == "sqlite" and Path(name) == ROOT / "db.sqlite3" and not force:
            raise CommandError("Refusing the SQLite demo database: set DATABASE_URL.")
        if size == "national" and (
            connection.vendor != "postgresql" or not os.environ.get("DATABASE_URL")
        ):
            raise CommandError("--size national needs PostgreSQL named by DATABASE_URL.")
        self.stdout.write(f"Generating '{size}' (seed {seed}) into {connection.vendor}:{name}")
        try:
            counts = generate.generate(size, seed, force=force, log=self.stdout.write)
        except generate.Refused as refused:
            raise CommandError(str(refused)) from refused
        self.stdout.write(generate.describe(counts))
