"""A real restore on PostgreSQL (run by .ci/run's PostgreSQL part): back up a database holding
people, episodes and a finished report, restore it into a new database and media folder, and
check that migrations are clean, every table holds as many rows, and the report still downloads."""

from __future__ import annotations

import logging
import subprocess
import uuid
from urllib.parse import quote

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from cls_portal.backup import postgres
from cls_portal.backup.manifest import BackupError, read_manifest
from tests.core.backup_support import (
    build_data,
    download,
    manage,
    migrations_clean,
    row_counts,
    sha256,
)

pytestmark = pytest.mark.postgres


def database_url(name: str) -> str:
    settings = connection.settings_dict
    password = f":{quote(settings['PASSWORD'], safe='')}" if settings["PASSWORD"] else ""
    return (
        f"postgres://{quote(settings['USER'], safe='')}{password}@"
        f"{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{name}"
    )


def server(name: str = "postgres") -> psycopg.Connection:
    return psycopg.connect(database_url(name), autocommit=True)


@pytest.fixture
def new_database(transactional_db):
    """A new, empty database with a name of its own, dropped at the end."""
    name = f"{connection.settings_dict['NAME']}_restored_{uuid.uuid4().hex[:8]}"
    with server() as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield name
    with server() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def counts_in(name: str) -> dict[str, int]:
    with server(name) as restored, restored.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )
        return row_counts(cursor, [table for (table,) in cursor.fetchall()])


def test_a_backup_restores_into_a_new_database_whole(
    world, make_user, settings, tmp_path, new_database
):
    settings.MEDIA_ROOT = tmp_path / "media"
    built = build_data(world, make_user)
    source = {"DATABASE_URL": database_url(connection.settings_dict["NAME"]),
              "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT)}  # fmt: skip
    backup = tmp_path / "backup"
    made = manage("backup", "--out", str(backup), env=source)
    assert made.returncode == 0, made.stderr
    assert {path.name for path in backup.iterdir()} == {
        "database.dump", "manifest.json", "media.tar.gz"
    }  # fmt: skip

    target = {"DATABASE_URL": database_url(new_database),
              "DJANGO_MEDIA_ROOT": str(tmp_path / "restored-media")}  # fmt: skip
    restored = manage("restore", "--from", str(backup), env=target)
    assert restored.returncode == 0, restored.stderr
    assert "every checksum matching" in restored.stdout

    migrations_clean(target)
    counts = counts_in(new_database)
    assert counts == counts_in(connection.settings_dict["NAME"])
    assert counts["conversations_person"] == 4 and counts["conversations_episode"] == 3
    assert counts["outcomes_report"] == 1 and counts["django_migrations"] > 0
    assert read_manifest(backup)["tables"] == counts

    # Through the product's own view, on the restored database and media folder: the same
    # bytes as were made. (The download writes an access entry: sequences were restored too.)
    assert download(built, target) == (200, sha256(built.pdf))
    assert sha256(built.pdf) == built.report.checksum

    again = manage("restore", "--from", str(backup), env=target)
    assert again.returncode != 0
    assert "Not restoring: the database" in again.stderr
    assert "the media folder" in again.stderr
    forced = manage("restore", "--from", str(backup), "--force", env=target)
    assert forced.returncode == 0, forced.stderr
    assert counts_in(new_database) == counts  # the download's access entry and session gone


def test_a_database_that_is_not_there_is_named_in_plain_words(transactional_db, tmp_path):
    missing = f"{connection.settings_dict['NAME']}_not_there"
    result = manage("backup", "--out", str(tmp_path / "backup"),
                    env={"DATABASE_URL": database_url(missing)})  # fmt: skip
    assert result.returncode != 0
    assert f"Cannot connect to the database {missing}: " in result.stderr
    assert f'database "{missing}" does not exist' in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "backup").exists()


def test_the_row_counts_and_the_dump_are_one_snapshot(
    world, make_user, settings, tmp_path, new_database, monkeypatch
):
    """A row added by another connection just before pg_dump starts is in neither the dump
    nor the manifest's counts (so the restore's own check, counts against manifest, holds)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    build_data(world, make_user)
    run_tool = postgres.run_tool
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM django_content_type")
        before = cursor.fetchone()[0]

    def add_a_row_first(command, conn, what):
        with server(conn.settings_dict["NAME"]) as other:
            other.execute(
                "INSERT INTO django_content_type (app_label, model) VALUES ('late', 'row')"
            )
        run_tool(command, conn, what)

    monkeypatch.setattr(postgres, "run_tool", add_a_row_first)
    call_command("backup", out=tmp_path / "backup")
    assert read_manifest(tmp_path / "backup")["tables"]["django_content_type"] == before
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM django_content_type")
        assert cursor.fetchone()[0] == before + 1

    target = {"DATABASE_URL": database_url(new_database),
              "DJANGO_MEDIA_ROOT": str(tmp_path / "restored-media")}  # fmt: skip
    restored = manage("restore", "--from", str(tmp_path / "backup"), env=target)
    assert restored.returncode == 0, restored.stderr
    assert counts_in(new_database)["django_content_type"] == before


def test_the_password_goes_by_the_environment_never_the_command_line(
    transactional_db, settings, tmp_path, monkeypatch, caplog
):
    settings.MEDIA_ROOT = tmp_path / "media"
    secret = "s3cret-never-shown"  # trust authentication here: the server ignores it
    monkeypatch.setitem(connection.settings_dict, "PASSWORD", secret)
    calls = []
    real_run = subprocess.run

    def recorded(command, **kwargs):
        calls.append((command, kwargs.get("env") or {}))
        return real_run(command, **kwargs)

    monkeypatch.setattr(postgres.subprocess, "run", recorded)
    with caplog.at_level(logging.DEBUG):
        call_command("backup", out=tmp_path / "backup")
    dump = next((cmd, env) for cmd, env in calls if "--format=custom" in cmd)
    assert dump[1]["PGPASSWORD"] == secret
    assert all(secret not in " ".join(map(str, cmd)) for cmd, _ in calls)
    assert secret not in caplog.text
    assert secret not in (tmp_path / "backup" / "manifest.json").read_text()


def test_a_pg_dump_older_than_the_server_is_refused_in_plain_words(
    db, settings, tmp_path, monkeypatch
):
    monkeypatch.setattr(postgres, "tool_major_version", lambda tool: 9)
    settings.MEDIA_ROOT = tmp_path / "media"
    server_major = connection.pg_version // 10000
    with pytest.raises(BackupError, match=f"pg_dump is version 9 but the server is PostgreSQL "
                                          f"{server_major}"):  # fmt: skip
        postgres.dump(connection, tmp_path / "x.dump")
