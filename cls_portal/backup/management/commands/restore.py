"""``manage.py restore --from DIR [--force]``: restore a backup into the database DATABASE_URL
names and into MEDIA_ROOT, checking it all came back."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import pluralize

from cls_portal.backup.manifest import BackupError
from cls_portal.backup.services import backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into an empty database and media folder, "
        "then check every table's row count and every media file's checksum."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--from",
            dest="source",
            type=Path,
            required=True,
            help="The backup's folder (the one holding manifest.json).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace what the database and media folder already hold.",
        )
        parser.add_argument("--database", default="default", help="The database alias.")

    def handle(self, *args, source, force=False, database="default", **options):
        try:
            restored = backup_restore(source=source, using=database, force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        manifest = restored.manifest
        self.stdout.write(
            f"Restored the backup of {manifest['created_at']} (version {manifest['app_version']})"
        )
        self.stdout.write(
            f"  {restored.tables} tables and {restored.rows} rows, as the manifest says; "
            f"{restored.media_files} media file{pluralize(restored.media_files)}, every "
            "checksum matching"
        )
        if restored.migrations_to_apply:
            count = len(restored.migrations_to_apply)
            self.stdout.write(
                f"  {count} migration{pluralize(count)} of this version "
                f"{pluralize(count, 'is,are')} not in the backup: run "
                "`python manage.py migrate` next."
            )
        if restored.migrations_unknown:
            self.stdout.write(
                "  The backup has migrations this version does not know "
                f"({', '.join(restored.migrations_unknown[:5])}): it was made by a newer "
                "version; run that version's code against it."
            )
