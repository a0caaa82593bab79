"""Remove people past their partnership's retention period: ``purge_expired [--dry-run]
[--partnership SLUG] [--today YYYY-MM-DD]``. Prints counts only, never names."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError

from conversations.services.privacy import purge_expired
from hubs.models import Partnership


class Command(BaseCommand):
    help = (
        "Remove every person whose episodes all closed before their partnership's retention "
        "period (and everything linked to them), leaving an audit tombstone without content."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count who would go; change nothing."
        )
        parser.add_argument("--partnership", metavar="SLUG", help="Only this partnership.")
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            default=None,
            help="Count the retention period back from this day (YYYY-MM-DD); default: today.",
        )

    def handle(self, *args, dry_run, partnership, today, **options):
        chosen = None
        if partnership:
            chosen = Partnership.objects.filter(slug=partnership).first()
            if chosen is None:
                raise CommandError(f"No partnership with the slug {partnership!r}.")
        results = purge_expired(today=today, partnership=chosen, dry_run=dry_run)
        verb = "would be removed" if dry_run else "removed"
        for result in results:
            self.stdout.write(
                f"{result.partnership.slug}: {result.people} "
                f"{'person' if result.people == 1 else 'people'} {verb} "
                f"(last episode closed before {result.cutoff:%Y-%m-%d})"
            )
        total = sum(result.people for result in results)
        self.stdout.write(self.style.SUCCESS(f"{total} in all {verb}."))
