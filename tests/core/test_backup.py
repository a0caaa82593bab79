"""Backups on the embedded default (SQLite) and the checks every restore makes: a round trip
through ``manage.py backup`` / ``restore``, refusals in plain words, and the media archive's
own checks. The PostgreSQL restore is tests/core/test_backup_postgres.py."""

from __future__ import annotations

import io
import json
import sqlite3
import tarfile
from contextlib import closing
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from cls_portal.backup import media, postgres
from cls_portal.backup.manifest import BackupError, read_manifest
from tests.core.backup_support import (
    build_data,
    download,
    manage,
    migrations_clean,
    row_counts,
    sha256,
)

on_sqlite = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="backs up the SQLite test database in-process"
)


def sqlite_env(tmp_path: Path, name: str = "restored") -> dict[str, str]:
    return {"DATABASE_URL": f"sqlite:///{tmp_path / f'{name}.sqlite3'}",
            "DJANGO_MEDIA_ROOT": str(tmp_path / f"{name}-media")}  # fmt: skip


def sqlite_counts(path: Path) -> dict[str, int]:
    with closing(sqlite3.connect(path)) as restored:
        cursor = restored.cursor()
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
        return row_counts(cursor, [name for (name,) in cursor.fetchall()])


@pytest.fixture
def backup(transactional_db, world, make_user, settings, tmp_path):
    """Data with a finished report, backed up from the test database into tmp/backup."""
    settings.MEDIA_ROOT = tmp_path / "media"
    built = build_data(world, make_user)
    call_command("backup", out=tmp_path / "backup")
    return SimpleNamespace(folder=tmp_path / "backup", built=built)


@on_sqlite
def test_a_backup_restores_into_a_new_sqlite_database_whole(backup, tmp_path):
    manifest = read_manifest(backup.folder)
    assert manifest["engine"] == "sqlite"
    assert set(manifest["files"]) == {"database.sqlite3", "media.tar.gz"}
    assert list(manifest["media"].values()) == [sha256(backup.built.pdf)]
    assert (backup.folder.stat().st_mode & 0o777) == 0o700

    target = sqlite_env(tmp_path)
    restored = manage("restore", "--from", str(backup.folder), env=target)
    assert restored.returncode == 0, restored.stderr
    migrations_clean(target)
    counts = sqlite_counts(tmp_path / "restored.sqlite3")
    with connection.cursor() as cursor:
        assert counts == row_counts(cursor, counts)
    assert counts == manifest["tables"]
    assert counts["conversations_person"] == 4 and counts["outcomes_report"] == 1
    assert download(backup.built, target) == (200, sha256(backup.built.pdf))

    again = manage("restore", "--from", str(backup.folder), env=target)
    assert again.returncode != 0 and "Not restoring" in again.stderr
    forced = manage("restore", "--from", str(backup.folder), "--force", env=target)
    assert forced.returncode == 0, forced.stderr
    assert sqlite_counts(tmp_path / "restored.sqlite3") == manifest["tables"]


@on_sqlite
def test_a_damaged_backup_is_refused_before_anything_is_touched(backup, tmp_path):
    archive = backup.folder / "media.tar.gz"
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    archive.write_bytes(bytes(data))
    target = sqlite_env(tmp_path)
    result = manage("restore", "--from", str(backup.folder), env=target)
    assert result.returncode != 0
    assert "media.tar.gz does not match its checksum in the manifest" in result.stderr
    assert not Path(target["DJANGO_MEDIA_ROOT"]).exists()
    restored = tmp_path / "restored.sqlite3"
    assert not restored.exists() or sqlite_counts(restored) == {}


@on_sqlite
def test_a_backup_of_another_kind_of_database_is_refused(backup, tmp_path):
    manifest = read_manifest(backup.folder)
    manifest["engine"] = "postgresql"
    (backup.folder / "manifest.json").write_text(json.dumps(manifest))
    result = manage("restore", "--from", str(backup.folder), env=sqlite_env(tmp_path))
    assert result.returncode != 0
    assert "This backup is of a postgresql database, but DATABASE_URL names a sqlite one" in (
        result.stderr
    )


def test_a_folder_that_is_not_a_backup_is_refused(tmp_path):
    with pytest.raises(CommandError, match=r"has no manifest\.json: it is not a backup"):
        call_command("restore", source=tmp_path)
    with pytest.raises(CommandError, match="There is no backup folder"):
        call_command("restore", source=tmp_path / "nowhere")


def test_a_backup_goes_only_into_a_new_or_empty_folder(db, tmp_path):
    (tmp_path / "already.txt").write_text("something")
    with pytest.raises(CommandError, match="is not an empty folder: choose a new one"):
        call_command("backup", out=tmp_path)


def test_a_backup_is_not_written_into_the_media_folder_it_packs(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with pytest.raises(CommandError, match="is inside the media folder, which the backup packs"):
        call_command("backup", out=tmp_path / "media" / "backups" / "tonight")
    assert not (tmp_path / "media").exists()


@on_sqlite
def test_a_backup_that_fails_leaves_no_folder_behind(transactional_db, tmp_path, monkeypatch):
    def broken(root, archive):
        raise OSError("disk full")

    monkeypatch.setattr(media, "pack", broken)
    with pytest.raises(OSError, match="disk full"):
        call_command("backup", out=tmp_path / "backup")
    assert not (tmp_path / "backup").exists()


def archive_of(path: Path, files: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def test_media_unpacks_checked_file_by_file(tmp_path):
    root = tmp_path / "media"
    (root / "reports").mkdir(parents=True)
    (root / "reports" / "old.pdf").write_bytes(b"kept")
    files = {"reports/a.pdf": b"%PDF one", "reports/2026/b.pdf": b"%PDF two"}
    archive = archive_of(tmp_path / "m.tar.gz", files)
    expected = {name: sha256(data) for name, data in files.items()}
    assert media.unpack(archive, root, expected) == 2
    assert (root / "reports" / "2026" / "b.pdf").read_bytes() == b"%PDF two"
    assert (root / "reports" / "old.pdf").read_bytes() == b"kept"
    assert [path.name for path in root.iterdir() if path.name.startswith(".restore-")] == []


def test_media_that_differs_from_the_manifest_changes_nothing(tmp_path):
    root = tmp_path / "media"
    archive = archive_of(tmp_path / "m.tar.gz", {"reports/a.pdf": b"%PDF tampered"})
    with pytest.raises(BackupError, match=r"changed: reports/a\.pdf\. Nothing in the media"):
        media.unpack(archive, root, {"reports/a.pdf": sha256(b"%PDF original")})
    with pytest.raises(BackupError, match=r"missing: reports/b\.pdf"):
        media.unpack(archive, root, {"reports/a.pdf": sha256(b"%PDF tampered"),
                                     "reports/b.pdf": "0" * 64})  # fmt: skip
    assert list(root.iterdir()) == []


def test_media_paths_out_of_the_folder_are_refused(tmp_path):
    root = tmp_path / "media"
    archive = archive_of(tmp_path / "m.tar.gz", {"../escaped.txt": b"x"})
    with pytest.raises(BackupError, match="could not be unpacked"):
        media.unpack(archive, root, {"../escaped.txt": sha256(b"x")})
    assert not (tmp_path / "escaped.txt").exists()
    assert list(root.iterdir()) == []


def test_media_packs_every_file_but_links_and_staging_folders(tmp_path):
    root = tmp_path / "media"
    (root / "reports").mkdir(parents=True)
    (root / "reports" / "a.pdf").write_bytes(b"%PDF a")
    (root / ".restore-abc").mkdir()
    (root / ".restore-abc" / "half.pdf").write_bytes(b"half")
    (root / "link.pdf").symlink_to(root / "reports" / "a.pdf")
    checksums = media.pack(root, tmp_path / "m.tar.gz")
    assert checksums == {"reports/a.pdf": sha256(b"%PDF a")}
    with tarfile.open(tmp_path / "m.tar.gz") as tar:
        assert tar.getnames() == ["reports/a.pdf"]


def test_the_postgresql_tools_missing_or_too_old_are_named_in_plain_words(tmp_path, settings):
    settings.BACKUP_PG_BIN = str(tmp_path)
    with pytest.raises(BackupError, match="pg_dump was not found in BACKUP_PG_BIN"):
        postgres.client_tool("pg_dump")
    fake = tmp_path / "pg_dump"
    fake.write_text("#!/bin/sh\necho 'pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)'\n")
    fake.chmod(0o755)
    newer_server = SimpleNamespace(pg_version=160004, ensure_connection=lambda: None)
    with pytest.raises(BackupError, match=r"version 15 but the server is PostgreSQL 16.*"
                                          r"postgresql-client-16"):  # fmt: skip
        postgres.checked_tool("pg_dump", newer_server)
    assert postgres.checked_tool("pg_dump", SimpleNamespace(
        pg_version=150010, ensure_connection=lambda: None)) == str(fake)  # fmt: skip


def test_libpq_gets_the_connection_from_the_environment():
    env = postgres.client_environment({
        "NAME": "cls_portal", "USER": "cls", "PASSWORD": "pw", "HOST": "db", "PORT": 5433,
        "OPTIONS": {"sslmode": "require", "options": "-c jit=off"},
    })  # fmt: skip
    assert (env["PGDATABASE"], env["PGUSER"], env["PGPASSWORD"]) == ("cls_portal", "cls", "pw")
    assert (env["PGHOST"], env["PGPORT"], env["PGSSLMODE"]) == ("db", "5433", "require")
    assert env["PGOPTIONS"] == "-c jit=off"
