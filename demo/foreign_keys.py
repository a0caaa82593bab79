"""Foreign keys checked once at the end of the seed instead of row by row (PostgreSQL only).

Django makes every foreign key ``DEFERRABLE INITIALLY DEFERRED``: each row the seed writes
queues one check per key, run at commit as a ``SELECT … FOR KEY SHARE`` on the parent row. For
the national seed's three million rows that commit took over a minute. Here the seed's
transaction runs with ``session_replication_role = replica`` (which skips those per-row
triggers), and before it commits every foreign key is checked with one anti-join per key, as
restoring a dump does when it adds its constraints after the data: seconds instead.

Only a superuser may set that role, and it would also silence any trigger of the app's own (it
has none today); otherwise the keys are checked row by row as before.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from django.db import connection

# Each foreign key of the schema: the table and column that refer, and what they refer to.
FOREIGN_KEYS = """
    SELECT con.conname, child.relname, referring.attname, parent.relname, referred.attname
    FROM pg_constraint con
    JOIN pg_class child ON child.oid = con.conrelid
    JOIN pg_class parent ON parent.oid = con.confrelid
    JOIN pg_attribute referring
      ON referring.attrelid = con.conrelid AND referring.attnum = con.conkey[1]
    JOIN pg_attribute referred
      ON referred.attrelid = con.confrelid AND referred.attnum = con.confkey[1]
    WHERE con.contype = 'f' AND con.connamespace = current_schema()::regnamespace
    ORDER BY 1
"""


class BrokenForeignKey(Exception):
    """A seeded row refers to a row that does not exist."""


def _can_skip_row_checks(cursor) -> bool:
    cursor.execute(
        "SELECT current_setting('is_superuser') = 'on'"
        " AND NOT EXISTS (SELECT FROM pg_trigger WHERE NOT tgisinternal)"
        " AND NOT EXISTS (SELECT FROM pg_constraint"
        "                 WHERE contype = 'f' AND cardinality(conkey) > 1)"
    )
    return cursor.fetchone()[0]


@contextlib.contextmanager
def checked_at_the_end() -> Iterator[bool]:
    """Inside the seed's transaction: skip the per-row checks, then check every key at once.
    Yields whether it does (else the keys are checked row by row, as usual)."""
    if connection.vendor != "postgresql":
        yield False
        return
    with connection.cursor() as cursor:
        skipping = _can_skip_row_checks(cursor)
        if skipping:
            cursor.execute("SET LOCAL session_replication_role = replica")
    yield skipping
    if skipping:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = origin")
            check_all(cursor)


def check_all(cursor) -> None:
    """Raise ``BrokenForeignKey`` naming the first key with rows whose parent is missing."""
    quote = connection.ops.quote_name
    cursor.execute(FOREIGN_KEYS)
    for name, table, column, parent, parent_column in cursor.fetchall():
        # Names from the catalogue (quoted); no values go into the SQL. A count, not LIMIT 1:
        # with a limit the planner probes the parent's index row by row instead of hashing it.
        referring, referred = f"child.{quote(column)}", f"parent.{quote(parent_column)}"
        cursor.execute(
            f"SELECT count(*) FROM {quote(table)} AS child "  # noqa: S608  # nosec B608
            f"WHERE {referring} IS NOT NULL AND NOT EXISTS "
            f"(SELECT FROM {quote(parent)} AS parent WHERE {referred} = {referring})"
        )
        (missing,) = cursor.fetchone()
        if missing:
            raise BrokenForeignKey(
                f"{missing} rows of {table}.{column} refer to no {parent} row ({name})."
            )
