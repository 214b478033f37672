"""PostgreSQL only: the GIN index on apprentice ids and the append-only triggers.

SQLite (the embedded default) has neither GIN nor statement triggers of this kind, so these
run only when the connection is PostgreSQL (DESIGN.md: triggers must run in CI, which uses
PostgreSQL).

The triggers are statement-level BEFORE UPDATE/DELETE/TRUNCATE and set ENABLE ALWAYS, so they
also fire with session_replication_role = replica. The one way rows leave the log is the
retention purge: a DELETE is accepted only when the transaction has SET LOCAL
accesslog.purge = 'on' *and* has written its AccessLogPurge row (matched by txid), so every
deletion leaves a record behind in an append-only table.

Django's test runner empties all tables with one TRUNCATE between live-server tests; test
databases are named test_*, and there TRUNCATE is let through unless the session sets
accesslog.strict = 'on' (the trigger's own tests do).
"""

from django.db import migrations

ENTRY = "accesslog_accesslogentry"
SEAL = "accesslog_accesslogseal"
PURGE = "accesslog_accesslogpurge"

FUNCTION = r"""
CREATE OR REPLACE FUNCTION accesslog_reject_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE'
     AND current_database() LIKE 'test\_%'
     AND coalesce(current_setting('accesslog.strict', true), '') <> 'on' THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'DELETE' AND TG_ARGV[0] = 'purgeable'
     AND coalesce(current_setting('accesslog.purge', true), '') = 'on'
     AND EXISTS (SELECT 1 FROM accesslog_accesslogpurge WHERE transaction_id = txid_current())
  THEN
    RETURN NULL;
  END IF;
  RAISE EXCEPTION 'accesslog: % on % is not allowed: the access log is append-only',
    TG_OP, TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END
$$;
"""


def _trigger_sql(table: str, mode: str) -> list[str]:
    name = f"{table}_append_only"
    return [
        f"CREATE TRIGGER {name} BEFORE UPDATE OR DELETE OR TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION accesslog_reject_change('{mode}')",
        f"ALTER TABLE {table} ENABLE ALWAYS TRIGGER {name}",
    ]


FORWARDS = [
    # Serves "every access to apprentice X" (apprentice_ids @> ARRAY[x]).
    f"CREATE INDEX accesslog_apprentice_ids_gin ON {ENTRY} USING gin (apprentice_ids)",
    FUNCTION,
    *_trigger_sql(ENTRY, "purgeable"),
    *_trigger_sql(SEAL, "purgeable"),
    *_trigger_sql(PURGE, "never"),
]

BACKWARDS = [
    *(f"DROP TRIGGER IF EXISTS {t}_append_only ON {t}" for t in (ENTRY, SEAL, PURGE)),
    "DROP FUNCTION IF EXISTS accesslog_reject_change()",
    "DROP INDEX IF EXISTS accesslog_apprentice_ids_gin",
]


def _run(statements: list[str]):
    def run(apps, schema_editor) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            # params=None: no placeholder parsing (the function body contains "%").
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("accesslog", "0001_initial")]

    operations = [migrations.RunPython(_run(FORWARDS), _run(BACKWARDS), elidable=False)]
