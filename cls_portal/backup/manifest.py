"""What a backup holds, written beside it as ``manifest.json``: when and from what it was made,
the migrations applied, the rows in every table and a SHA-256 of every file, so a restore can
prove it got all of it back."""

from __future__ import annotations

import hashlib
import json
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
MEDIA_ARCHIVE = "media.tar.gz"


class BackupError(Exception):
    """A backup or restore refused or failed, with the reason in plain words."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def app_version() -> str:
    try:
        project = tomllib.loads((Path(settings.BASE_DIR) / "pyproject.toml").read_text())
    except (OSError, tomllib.TOMLDecodeError):
        return "unknown"
    return str(project.get("project", {}).get("version", "unknown"))


def engine_of(connection: BaseDatabaseWrapper) -> str:
    if connection.vendor in DATABASE_FILES:
        return connection.vendor
    raise BackupError(f"Backups support PostgreSQL and SQLite, not {connection.vendor}.")


def table_counts(cursor: Any, tables: Iterable[str], quote: Any) -> dict[str, int]:
    """Rows in each table, read through ``cursor`` (so within its transaction's snapshot)."""
    counts = {}
    for table in sorted(tables):
        # The name comes from the database's own catalogue and is quoted by the backend.
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608  # nosec B608
        counts[table] = int(cursor.fetchone()[0])
    return counts


def migration_state(cursor: Any) -> dict[str, list[str]]:
    """The migrations applied, by app, as Django's own table records them."""
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    state: dict[str, list[str]] = {}
    for app, name in cursor.fetchall():
        state.setdefault(app, []).append(name)
    return state


def migration_differences(state: dict[str, list[str]]) -> tuple[list[str], list[str]]:
    """(migrations this code has that the backup had not applied, applied ones it does not
    know): the first means run ``migrate`` after restoring; the second, a newer version made it."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    apps = {app for app, _ in known}
    applied = {(app, name) for app, names in state.items() for name in names}
    missing = sorted(f"{app}.{name}" for app, name in known - applied)
    unknown = sorted(f"{app}.{name}" for app, name in applied - known if app in apps)
    return missing, unknown


def write_manifest(directory: Path, manifest: dict[str, Any]) -> Path:
    path = directory / MANIFEST
    path.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    path.chmod(0o600)
    return path


def read_manifest(directory: Path) -> dict[str, Any]:
    path = directory / MANIFEST
    if not directory.is_dir():
        raise BackupError(f"There is no backup folder at {directory}.")
    if not path.is_file():
        raise BackupError(
            f"{directory} has no {MANIFEST}: it is not a backup, or the backup did not finish."
        )
    try:
        manifest = json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"{path} cannot be read: {exc}.") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is not a backup manifest this version understands.")
    return manifest


def verify_files(directory: Path, manifest: dict[str, Any]) -> None:
    """Every file the manifest lists is there, whole (same SHA-256), before anything is touched."""
    for name, expected in sorted(manifest["files"].items()):
        path = directory / name
        if not path.is_file():
            raise BackupError(f"The backup is missing {name}.")
        if sha256_of(path) != expected["sha256"]:
            raise BackupError(
                f"{name} does not match its checksum in the manifest: the backup is damaged."
            )
