"""Making a backup and restoring one: the database (whatever engine DATABASE_URL names) and the
media folder, with a manifest that the restore checks everything against."""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connections
from django.utils import timezone

from cls_portal.backup import media, postgres, sqlite
from cls_portal.backup.manifest import (
    DATABASE_FILES,
    FORMAT,
    MEDIA_ARCHIVE,
    BackupError,
    app_version,
    engine_of,
    migration_differences,
    read_manifest,
    sha256_of,
    table_counts,
    verify_files,
    write_manifest,
)

logger = logging.getLogger(__name__)
ENGINES: dict[str, Any] = {"postgresql": postgres, "sqlite": sqlite}


def reachable(connection: Any) -> None:
    """Connect now, so a database that is not there is said plainly (libpq's message names the
    host and database, never the password)."""
    try:
        connection.ensure_connection()
    except DatabaseError as exc:
        raise BackupError(
            f"Cannot connect to the database {connection.settings_dict['NAME']}: "
            f"{str(exc).strip()} (check DATABASE_URL; a restore needs the database created "
            "first, e.g. with createdb)."
        ) from exc


def default_folder() -> Path:
    return Path(settings.BACKUP_ROOT) / f"cls-portal-{timezone.now():%Y%m%d-%H%M%S}"


def backup_create(*, out: Path | None = None, using: str = "default") -> dict[str, Any]:
    """Write a backup into ``out`` (a new or empty folder; by default a dated one under
    BACKUP_ROOT) and answer its manifest. The folder is readable by its owner only: it holds
    everyone's personal data. A backup that fails leaves no folder behind."""
    connection = connections[using]
    engine = engine_of(connection)
    directory = Path(out) if out else default_folder()
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise BackupError(f"{directory} is not an empty folder: choose a new one.")
    if directory.resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve()):
        raise BackupError(
            f"{directory} is inside the media folder, which the backup packs: choose a folder "
            "outside it."
        )
    reachable(connection)
    created = not directory.exists()
    directory.mkdir(parents=True, exist_ok=True)
    directory.chmod(0o700)
    started = timezone.now()  # the data is as of this moment (the snapshot is taken next)
    try:
        database_file = directory / DATABASE_FILES[engine]
        taken = ENGINES[engine].dump(connection, database_file)
        media_root = Path(settings.MEDIA_ROOT)
        media_checksums = media.pack(media_root, directory / MEDIA_ARCHIVE)
        files = {}
        for path in (database_file, directory / MEDIA_ARCHIVE):
            path.chmod(0o600)
            files[path.name] = {"sha256": sha256_of(path), "bytes": path.stat().st_size}
        manifest = {
            "format": FORMAT,
            "created_at": started.isoformat(),
            "app_version": app_version(),
            "engine": engine,
            "database": str(connection.settings_dict["NAME"]),
            "server_version": taken["server_version"],
            "tool_version": taken["tool_version"],
            "migrations": taken["migrations"],
            "tables": taken["tables"],
            "files": files,
            "media": media_checksums,
        }
        write_manifest(directory, manifest)
    except BaseException:
        if created:
            shutil.rmtree(directory, ignore_errors=True)
        else:
            for child in directory.iterdir():
                child.unlink(missing_ok=True)
        raise
    logger.info(
        "Backup written to %s: %d tables, %d rows, %d media files",
        directory,
        len(manifest["tables"]),
        sum(manifest["tables"].values()),
        len(media_checksums),
    )
    manifest["folder"] = str(directory)
    return manifest


@dataclass
class Restored:
    manifest: dict[str, Any]
    tables: int
    rows: int
    media_files: int
    migrations_to_apply: list[str] = field(default_factory=list)
    migrations_unknown: list[str] = field(default_factory=list)


def backup_restore(*, source: Path, using: str = "default", force: bool = False) -> Restored:
    """Restore a backup into the database DATABASE_URL names and into MEDIA_ROOT.

    Before anything is touched: the manifest is read, every file's checksum checked, and the
    target database and media folder must be empty (``force`` replaces what they hold). Then
    the database is restored all or nothing, its row counts compared table by table with the
    manifest, and the media unpacked and checked file by file."""
    source = Path(source)
    manifest = read_manifest(source)
    verify_files(source, manifest)
    connection = connections[using]
    engine = engine_of(connection)
    if manifest["engine"] != engine:
        raise BackupError(
            f"This backup is of a {manifest['engine']} database, but DATABASE_URL names a "
            f"{engine} one: restore it into the same kind of database."
        )
    module = ENGINES[engine]
    media_root = Path(settings.MEDIA_ROOT)
    reachable(connection)
    tables = module.tables_in(connection)
    if not force:
        busy = []
        if tables:
            busy.append(f"the database {connection.settings_dict['NAME']} has {len(tables)} tables")
        if media.has_files(media_root):
            busy.append(f"the media folder {media_root} has files in it")
        if busy:
            raise BackupError(
                f"Not restoring: {' and '.join(busy)}. Restore into a new, empty database and "
                "media folder, or give --force to replace what they hold."
            )
    if tables and engine == "postgresql":
        postgres.empty(connection)
    module.restore(connection, source / DATABASE_FILES[engine])
    connection.close()

    with connection.cursor() as cursor:
        counted = table_counts(cursor, module.tables_in(connection), connection.ops.quote_name)
    if counted != manifest["tables"]:
        different = sorted(
            name
            for name in set(counted) | set(manifest["tables"])
            if counted.get(name) != manifest["tables"].get(name)
        )
        raise BackupError(
            "The restored database does not hold what was backed up; row counts differ in: "
            + ", ".join(different[:10])
        )
    files = media.unpack(source / MEDIA_ARCHIVE, media_root, manifest["media"])
    to_apply, unknown = migration_differences(manifest["migrations"])
    logger.info(
        "Backup %s restored: %d tables, %d rows, %d media files",
        source,
        len(counted),
        sum(counted.values()),
        files,
    )
    return Restored(
        manifest=manifest,
        tables=len(counted),
        rows=sum(counted.values()),
        media_files=files,
        migrations_to_apply=to_apply,
        migrations_unknown=unknown,
    )
