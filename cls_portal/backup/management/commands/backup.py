"""``manage.py backup [--out DIR]``: the database and the media folder, with a manifest."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import pluralize

from cls_portal.backup.manifest import BackupError
from cls_portal.backup.services import backup_create


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump on PostgreSQL, SQLite's backup API on SQLite) and the "
        "media folder (report PDFs) into a new folder, with a manifest of row counts and "
        "checksums."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--out",
            type=Path,
            help="A new or empty folder to write into (default: a dated folder in BACKUP_ROOT).",
        )
        parser.add_argument("--database", default="default", help="The database alias.")

    def handle(self, *args, out=None, database="default", **options):
        try:
            manifest = backup_create(out=out, using=database)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        tables = manifest["tables"]
        self.stdout.write(f"Backup written to {manifest['folder']}")
        self.stdout.write(
            f"  {manifest['engine']} database: {len(tables)} tables, "
            f"{sum(tables.values())} rows; media: {len(manifest['media'])} "
            f"file{pluralize(len(manifest['media']))}"
        )
