"""PostgreSQL only: collect per-apprentice statistics on apprentice_ids.

With the default statistics target, ANALYZE keeps no element statistics for an array whose
~60,000 distinct ids are each rare, so the planner guesses that `@> ARRAY[x]` matches 0.5 %
of the table (25,000 rows of 5 million instead of ~850). For "newest 50 accesses to X" it
then walks the accessed_at index backwards and filters hundreds of thousands of rows
(160-190 ms and growing with the table) instead of using the GIN index. Target 10000 keeps
up to 100,000 element frequencies; the estimate becomes exact and the plan the GIN one
(measured in bench/accesslog_bench.py). The price is a larger ANALYZE sample, run by
autovacuum now and then.
"""

from django.db import migrations

FORWARDS = (
    "ALTER TABLE accesslog_accesslogentry ALTER COLUMN apprentice_ids SET STATISTICS 10000"
)
BACKWARDS = "ALTER TABLE accesslog_accesslogentry ALTER COLUMN apprentice_ids SET STATISTICS -1"


def _run(statement: str):
    def run(apps, schema_editor) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("accesslog", "0002_postgres_gin_and_append_only")]

    operations = [migrations.RunPython(_run(FORWARDS), _run(BACKWARDS), elidable=False)]
