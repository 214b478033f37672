"""PostgreSQL only: saved rejections and cancellations are append-only (DESIGN.md
invariant 2), enforced by triggers, not only by the code.

- A row-level BEFORE UPDATE OR DELETE trigger refuses every change, with one exception on
  rejections: the retention erasure. An UPDATE is let through only when it turns a row whose
  applicant data has not been erased into one where applicant_name, applicant_mobile and
  applicant_address are '' and applicant_erased_at is set, and *every other column* is
  unchanged. "Every other column" is checked as the row's JSON minus those four keys, so a
  column added later is covered without touching this function.
- A statement-level BEFORE TRUNCATE trigger refuses TRUNCATE. Django's test runner empties
  all tables with one TRUNCATE between transactional (live-server) tests; in test databases
  (named test_*) TRUNCATE is let through unless the session sets rejections.strict = 'on'
  (the trigger's own test does). Same convention as the access log's triggers.
- ENABLE ALWAYS: the triggers fire under session_replication_role = replica as well.

SQLite (the embedded default) gets no triggers: there the code's refusal is the guard, and CI
runs the trigger tests on PostgreSQL.
"""

from django.db import migrations

REJECTION = "rejections_rejection"
CANCELLATION = "rejections_cancellation"

ROW_FUNCTION = r"""
CREATE OR REPLACE FUNCTION rejections_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  applicant text[] := ARRAY['applicant_name', 'applicant_mobile', 'applicant_address',
                            'applicant_erased_at'];
BEGIN
  IF TG_OP = 'UPDATE' AND TG_ARGV[0] = 'erasable' THEN
    IF OLD.applicant_erased_at IS NULL
       AND NEW.applicant_erased_at IS NOT NULL
       AND NEW.applicant_name = ''
       AND NEW.applicant_mobile = ''
       AND NEW.applicant_address = ''
       AND (to_jsonb(NEW) - applicant) = (to_jsonb(OLD) - applicant)
    THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION 'rejections: % on % is not allowed: saved rejections are append-only',
    TG_OP, TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END
$$;
"""

TRUNCATE_FUNCTION = r"""
CREATE OR REPLACE FUNCTION rejections_refuse_truncate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF current_database() LIKE 'test\_%'
     AND coalesce(current_setting('rejections.strict', true), '') <> 'on' THEN
    RETURN NULL;
  END IF;
  RAISE EXCEPTION 'rejections: TRUNCATE on % is not allowed: saved rejections are append-only',
    TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END
$$;
"""


def _triggers(table: str, mode: str) -> list[str]:
    return [
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION rejections_refuse_change('{mode}')",
        f"ALTER TABLE {table} ENABLE ALWAYS TRIGGER {table}_append_only",
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION rejections_refuse_truncate()",
        f"ALTER TABLE {table} ENABLE ALWAYS TRIGGER {table}_no_truncate",
    ]


FORWARDS = [
    ROW_FUNCTION,
    TRUNCATE_FUNCTION,
    *_triggers(REJECTION, "erasable"),
    *_triggers(CANCELLATION, "never"),
]

BACKWARDS = [
    *(
        f"DROP TRIGGER IF EXISTS {table}_{name} ON {table}"
        for table in (REJECTION, CANCELLATION)
        for name in ("append_only", "no_truncate")
    ),
    "DROP FUNCTION IF EXISTS rejections_refuse_change()",
    "DROP FUNCTION IF EXISTS rejections_refuse_truncate()",
]


class PostgresOnlyRunSQL(migrations.RunSQL):
    """RunSQL that does nothing on other databases (SQLite has no such triggers)."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("rejections", "0002_seed_reasons")]

    operations = [PostgresOnlyRunSQL(FORWARDS, BACKWARDS, elidable=False)]
