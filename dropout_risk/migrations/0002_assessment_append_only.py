"""PostgreSQL only: the assessment history is append-only ("nothing is overwritten").

A row-level BEFORE UPDATE OR DELETE trigger refuses every change except the one Django itself
makes when a user is deleted: registered_by_id set to NULL (on_delete=SET_NULL) with every
other column unchanged, so the name snapshot stays. TRUNCATE is not blocked: Django's test
runner empties tables with it between transactional tests. SQLite has no such trigger; there
the service layer is the only writer.
"""

from django.db import migrations

FUNCTION = r"""
CREATE OR REPLACE FUNCTION dropout_risk_assessment_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.registered_by_id IS NULL
     AND (to_jsonb(NEW) - 'registered_by_id') = (to_jsonb(OLD) - 'registered_by_id') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'dropout_risk: % on % is not allowed: assessments are history',
    TG_OP, TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END
$$;
"""

FORWARDS = [
    FUNCTION,
    "CREATE TRIGGER dropout_risk_assessment_append_only "
    "BEFORE UPDATE OR DELETE ON dropout_risk_assessment "
    "FOR EACH ROW EXECUTE FUNCTION dropout_risk_assessment_append_only()",
]
BACKWARDS = [
    "DROP TRIGGER IF EXISTS dropout_risk_assessment_append_only ON dropout_risk_assessment",
    "DROP FUNCTION IF EXISTS dropout_risk_assessment_append_only()",
]


def _run(statements):
    def run(apps, schema_editor) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("dropout_risk", "0001_initial")]

    operations = [migrations.RunPython(_run(FORWARDS), _run(BACKWARDS), elidable=False)]
