"""SQLite (the embedded default): SQLite's own backup API, which copies a consistent database
even while the portal is writing to it."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper

from cls_portal.backup.manifest import migration_state, table_counts


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def _tables(cursor: Any) -> list[str]:
    cursor.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    )
    return [name for (name,) in cursor.fetchall()]


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def dump(connection: BaseDatabaseWrapper, path: Path) -> dict[str, Any]:
    """Copy the database to ``path``, then count the copy's rows (so counts and copy agree)."""
    connection.ensure_connection()
    with closing(sqlite3.connect(path)) as target:
        connection.connection.backup(target)
    with closing(_read_only(path)) as copy:
        cursor = copy.cursor()
        tables = _tables(cursor)
        counts = table_counts(cursor, tables, _quote)
        migrations = migration_state(cursor) if "django_migrations" in tables else {}
    return {
        "tables": counts,
        "migrations": migrations,
        "server_version": sqlite3.sqlite_version,
        "tool_version": sqlite3.sqlite_version,
    }


def tables_in(connection: BaseDatabaseWrapper) -> list[str]:
    with connection.cursor() as cursor:
        return _tables(cursor)


def restore(connection: BaseDatabaseWrapper, path: Path) -> None:
    """Copy the backup over the configured database through the backup API (whatever the
    target held is replaced as a whole)."""
    connection.ensure_connection()
    with closing(_read_only(path)) as source:
        source.backup(connection.connection)
