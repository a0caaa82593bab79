"""The name index for finding a person on PostgreSQL: people of a partnership in the order a
search lists them (surname, first name, id; upper-cased, in byte order), for those a search can
find (not anonymised, not merged into another record).

A search for "Camp" walks it from "CAMP" and stops after the first 21 rows instead of reading
and sorting every Campbell of the partnership (thousands on the large demo data). Its columns
are collated "C", which also lets it answer a ``LIKE 'CAMP%'`` prefix. PostgreSQL's own syntax,
so made here; SQLite needs none (conversations.selectors.people._name_order).
"""

from django.db import migrations

NAME = "person_search_name_order"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {NAME} ON conversations_person "
        '(partnership_id, upper(last_name::text) COLLATE "C", upper(first_name::text) COLLATE "C", '
        "id) WHERE NOT is_anonymised AND merged_into_id IS NULL"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("conversations", "0011_due_work_order_indexes")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
