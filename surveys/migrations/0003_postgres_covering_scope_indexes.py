"""PostgreSQL only: the two sending-scope indexes carry the columns the dashboard counts.

The survey dashboard counts, per training company, who in the organisation's scope was
invited, answered and reminded, and who the next message reaches: one aggregate over the
county's or training office's participants. Its rows lie scattered over the table (a
county's 5,000 participants on 1,600 pages at national scale), so reading them from the
heap was most of the query (10.5 ms); with the counted columns in the index it is an
index-only scan (3.4 ms; bench/profile_page.py, bench/RESULTS.md). The indexes keep their
names and key columns, so Django's view of them (Participant.Meta.indexes) stays true; on
SQLite, which has no INCLUDE, they stay plain.

The price: a message sent or an answer given updates an indexed column, so those updates
are not HOT and touch both indexes; the visibility map that makes the scan index-only is
kept by autovacuum.
"""

from django.db import migrations

INCLUDE = "id, company_id, contract_start, contract_status, in_population, has_answered, last_message_number"
INDEXES = {
    "survey_part_cnty": "round_id, county_id, training_office_id",
    "survey_part_office": "round_id, training_office_id",
}


def _recreate(include: bool):
    def run(apps, schema_editor) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        for name, columns in INDEXES.items():
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}", params=None)
            covering = f" INCLUDE ({INCLUDE})" if include else ""
            schema_editor.execute(
                f"CREATE INDEX {name} ON surveys_participant ({columns}){covering}", params=None
            )

    return run


class Migration(migrations.Migration):
    dependencies = [("surveys", "0002_rounds_population_sending_responses")]

    operations = [migrations.RunPython(_recreate(True), _recreate(False), elidable=False)]
