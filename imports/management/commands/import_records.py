"""``manage.py import_records <kind> <file> --partnership <slug> [--dry-run] [--as <username>]``:
the same check and import as the Imports page, for scripted go-lives."""

from __future__ import annotations

from pathlib import Path

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cls_portal.accounts.models import User
from hubs.models import Partnership
from imports.kinds import KINDS
from imports.models import ImportJob
from imports.services import import_job_confirm, import_job_run, import_job_upload


class Command(BaseCommand):
    help = (
        "Check, then import, a CSV or Excel file of people, waiting-list entries, directory "
        "entries or users."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("file", type=Path)
        parser.add_argument("--partnership", required=True, help="The partnership's slug.")
        parser.add_argument("--dry-run", action="store_true", help="Check only; change nothing.")
        parser.add_argument(
            "--as", dest="username", default="",
            help="The administrator recorded as doing it (default: the system).",
        )  # fmt: skip

    def handle(self, *args, kind, file, partnership, dry_run, username, **options):
        try:
            place = Partnership.objects.get(slug=partnership)
        except Partnership.DoesNotExist as error:
            raise CommandError(f"No partnership has the slug “{partnership}”.") from error
        actor = None
        if username:
            actor = User.objects.filter(username=username, partnership=place).first()
            if actor is None:
                raise CommandError(f"{username} is not a user of {place}.")
        if not file.is_file():
            raise CommandError(f"There is no file at {file}.")
        with file.open("rb") as stream, transaction.atomic():
            job = import_job_upload(
                actor=actor, partnership=place, kind=kind, upload=File(stream, name=file.name)
            )
        # The upload queues the check for a worker (or runs it here without a broker); run it
        # here in any case, so the command reports at once (the queued one finds it done).
        job = import_job_run(job_id=job.pk, apply=False, actor=actor)
        self._report(job, "Would add {0}, update {1} and leave {2} as they are ({3} rows).")
        if job.status != ImportJob.Status.CHECKED:
            raise CommandError(f"{job.problem_count} problem(s): nothing was changed.")
        if dry_run:
            return
        with transaction.atomic():
            import_job_confirm(actor=actor, job=job)
        job = import_job_run(job_id=job.pk, apply=True, actor=actor)
        self._report(job, "Imported: added {0}, updated {1}, left {2} as they were ({3} rows).")
        if job.status != ImportJob.Status.DONE:
            raise CommandError(f"{job.problem_count} problem(s): nothing was changed.")

    def _report(self, job: ImportJob, summary: str) -> None:
        for problem in job.problems:
            where = f"row {problem['row']}" if problem["row"] else "the file"
            column = f", {problem['column']}" if problem["column"] else ""
            self.stdout.write(f"  {where}{column}: {problem['message']}")
        for note in job.notes:
            self.stdout.write(f"  {note}")
        self.stdout.write(summary.format(job.to_create, job.to_update, job.unchanged, job.rows))
