"""``manage.py generate_report --kind waiting-list|outcomes --period YYYY-MM --partnership SLUG
[--locality SLUG] [--out FILE]``: make a report now, by the same code the Celery task runs."""

from __future__ import annotations

import shutil

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from hubs.models import Locality, Partnership
from outcomes.models import Report
from outcomes.periods import Month
from outcomes.services.reports import ReportBusy, report_create, report_generate

KINDS = {"waiting-list": Report.Kind.WAITING_LIST, "outcomes": Report.Kind.OUTCOMES}


class Command(BaseCommand):
    help = "Make a monthly report PDF now (synchronously), as the Celery task would."

    def add_arguments(self, parser):
        parser.add_argument("--kind", required=True, choices=sorted(KINDS))
        parser.add_argument("--period", required=True, help="The month, YYYY-MM.")
        parser.add_argument("--partnership", required=True, help="The partnership's slug.")
        parser.add_argument("--locality", help="A locality's slug, for a locality report.")
        parser.add_argument("--out", help="Also copy the PDF to this file.")

    def handle(self, *args, kind, period, partnership, locality=None, out=None, **options):
        try:
            month = Month.parse(period)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        found = Partnership.objects.filter(slug=partnership).first()
        if found is None:
            raise CommandError(f"No partnership with the slug {partnership!r}.")
        place = None
        if locality:
            place = Locality.objects.filter(partnership=found, slug=locality).first()
            if place is None:
                raise CommandError(f"{found} has no locality with the slug {locality!r}.")
        report = report_create(
            actor=None, partnership=found, locality=place, kind=KINDS[kind], month=month,
            queue=False,
        )  # fmt: skip
        try:
            # The same report in progress is made here, unless a worker is making it now.
            report = report_generate(report_id=report.pk)
        except ReportBusy as exc:
            raise CommandError(
                f"Report #{report.pk}, the same report, is being made by a worker now. "
                "Download it from the reports page when it is ready."
            ) from exc
        path = default_storage.path(report.file.name)
        if out:
            shutil.copyfile(path, out)
            path = out
        self.stdout.write(f"Report #{report.pk} written to {path}")
        self.stdout.write(f"SHA-256 {report.checksum}")
