"""Prefix indexes for finding a person on PostgreSQL.

Searching by the start of a name or postcode is ``UPPER(last_name::text) LIKE 'MAC%'`` (and the
same for the first name) or ``postcode LIKE 'RV3 %'``. A plain index cannot answer a ``LIKE``
unless the database's collation is "C"; these expression indexes with ``text_pattern_ops`` can,
whatever the collation. They are PostgreSQL's own syntax, so they are made here rather than in
the model's Meta; SQLite needs none (a search there scans a small table).
"""

from django.db import migrations

INDEXES = {
    "person_upper_last_name_prefix": "(partnership_id, upper(last_name::text) text_pattern_ops)",
    "person_upper_first_name_prefix": "(partnership_id, upper(first_name::text) text_pattern_ops)",
    "person_postcode_prefix": "(partnership_id, postcode text_pattern_ops)",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, columns in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON conversations_person {columns}"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("conversations", "0006_crisis_referral_index")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
