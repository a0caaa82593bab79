"""PostgreSQL: ``pg_dump --format=custom`` in the same snapshot as the manifest's row counts, and
``pg_restore`` into an empty database.

The client tools are given the connection through libpq's environment variables (``PGPASSWORD``
and the rest), never on the command line, so the password shows in no process list or log."""

from __future__ import annotations

import os
import re
import shutil
import subprocess  # nosec B404: runs the PostgreSQL client tools, with argument lists
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper

from cls_portal.backup.manifest import BackupError, migration_state, table_counts

# Django's settings and connection options, as libpq reads them from the environment.
LIBPQ_SETTINGS = {
    "HOST": "PGHOST",
    "PORT": "PGPORT",
    "USER": "PGUSER",
    "PASSWORD": "PGPASSWORD",  # nosec B105: the name of libpq's variable, not a password
}
LIBPQ_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "options": "PGOPTIONS",
}


def client_environment(settings_dict: dict[str, Any]) -> dict[str, str]:
    """The process environment plus the database's connection details for libpq."""
    env = dict(os.environ)
    for key, variable in LIBPQ_SETTINGS.items():
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    env["PGDATABASE"] = str(settings_dict["NAME"])
    for key, variable in LIBPQ_OPTIONS.items():
        value = (settings_dict.get("OPTIONS") or {}).get(key)
        if value:
            env[variable] = str(value)
    return env


def client_tool(name: str) -> str:
    folder = settings.BACKUP_PG_BIN
    found = str(Path(folder) / name) if folder else shutil.which(name)
    if not found or not Path(found).is_file():
        where = f"in BACKUP_PG_BIN ({folder})" if folder else "on the PATH"
        raise BackupError(
            f"{name} was not found {where}: install the PostgreSQL client tools of the "
            "server's version (on Debian, apt-get install postgresql-client) or set "
            "BACKUP_PG_BIN to their folder."
        )
    return found


def tool_major_version(tool: str) -> int:
    result = subprocess.run(  # noqa: S603  # nosec B603: a fixed argument list, no shell
        [tool, "--version"], capture_output=True, text=True, check=False, timeout=30
    )
    found = re.search(r"\(PostgreSQL\)\s+(\d+)", result.stdout)
    if result.returncode != 0 or not found:
        raise BackupError(f"{tool} --version did not say its version: {result.stdout.strip()}")
    return int(found.group(1))


def checked_tool(name: str, connection: BaseDatabaseWrapper) -> str:
    """The tool, refused if it is older than the server (pg_dump cannot dump a newer server)."""
    tool = client_tool(name)
    connection.ensure_connection()
    server = connection.pg_version // 10000  # type: ignore[attr-defined]
    client = tool_major_version(tool)
    if client < server:
        raise BackupError(
            f"{name} is version {client} but the server is PostgreSQL {server}: install the "
            f"client tools of version {server} (postgresql-client-{server}) and set "
            "BACKUP_PG_BIN to their folder (e.g. /usr/lib/postgresql/"
            f"{server}/bin)."
        )
    return tool


def run_tool(command: list[str], connection: BaseDatabaseWrapper, what: str) -> None:
    # A fixed argument list, no shell, and no secret in it (the password is in the environment).
    result = subprocess.run(  # noqa: S603  # nosec B603
        command,
        env=client_environment(connection.settings_dict),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"{what} failed: {result.stderr.strip() or result.stdout.strip()}")


def dump(connection: BaseDatabaseWrapper, path: Path) -> dict[str, Any]:
    """Dump the database to ``path`` and count its rows, both in one snapshot: a read-only
    repeatable-read transaction exports its snapshot and pg_dump works from that same one."""
    tool = checked_tool("pg_dump", connection)
    if connection.in_atomic_block:
        raise BackupError("A backup cannot be made inside a transaction: run it on its own.")
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        tables = connection.introspection.table_names(cursor)
        counts = table_counts(cursor, tables, connection.ops.quote_name)
        migrations = migration_state(cursor) if "django_migrations" in tables else {}
        run_tool(
            [tool, "--format=custom", "--no-password", f"--snapshot={snapshot}", f"--file={path}"],
            connection,
            "pg_dump",
        )
    return {
        "tables": counts,
        "migrations": migrations,
        "server_version": connection.pg_version,  # type: ignore[attr-defined]
        "tool_version": tool_major_version(tool),
    }


def tables_in(connection: BaseDatabaseWrapper) -> list[str]:
    with connection.cursor() as cursor:
        return connection.introspection.table_names(cursor)


def empty(connection: BaseDatabaseWrapper) -> None:
    """Drop every table (``--force``): the restore then starts from an empty database."""
    quote = connection.ops.quote_name
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for table in tables_in(connection):
            cursor.execute(f"DROP TABLE IF EXISTS {quote(table)} CASCADE")


def restore(connection: BaseDatabaseWrapper, path: Path) -> None:
    """pg_restore into the (empty) database, all or nothing: one transaction, stopping at the
    first error. Owners and grants are not restored: the restoring user owns everything."""
    tool = checked_tool("pg_restore", connection)
    connection.close()
    run_tool(
        [
            tool,
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            "--no-password",
            f"--dbname={connection.settings_dict['NAME']}",
            str(path),
        ],
        connection,
        "pg_restore",
    )
