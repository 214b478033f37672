"""PostgreSQL only: the assessment history's append-only trigger also fires for replication
sessions (ENABLE ALWAYS: `SET session_replication_role = replica` no longer skips it), and
TRUNCATE is refused by a statement trigger. As in the access log, Django's test runner may
still TRUNCATE in test_* databases unless the session sets dropout_risk.strict = 'on'."""

from django.db import migrations

TABLE = "dropout_risk_assessment"

FUNCTION = r"""
CREATE OR REPLACE FUNCTION dropout_risk_assessment_no_truncate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF current_database() LIKE 'test\_%'
     AND coalesce(current_setting('dropout_risk.strict', true), '') <> 'on' THEN
    RETURN NULL;
  END IF;
  RAISE EXCEPTION 'dropout_risk: TRUNCATE on % is not allowed: assessments are history',
    TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END
$$;
"""

FORWARDS = [
    f"ALTER TABLE {TABLE} ENABLE ALWAYS TRIGGER dropout_risk_assessment_append_only",
    FUNCTION,
    f"CREATE TRIGGER dropout_risk_assessment_no_truncate BEFORE TRUNCATE ON {TABLE} "
    "FOR EACH STATEMENT EXECUTE FUNCTION dropout_risk_assessment_no_truncate()",
    f"ALTER TABLE {TABLE} ENABLE ALWAYS TRIGGER dropout_risk_assessment_no_truncate",
]
BACKWARDS = [
    f"DROP TRIGGER IF EXISTS dropout_risk_assessment_no_truncate ON {TABLE}",
    "DROP FUNCTION IF EXISTS dropout_risk_assessment_no_truncate()",
    f"ALTER TABLE {TABLE} ENABLE TRIGGER dropout_risk_assessment_append_only",
]


def _run(statements):
    def run(apps, schema_editor) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("dropout_risk", "0003_snapshot_foreign_keys_without_indexes")]

    operations = [migrations.RunPython(_run(FORWARDS), _run(BACKWARDS), elidable=False)]
