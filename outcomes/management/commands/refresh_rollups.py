"""Work out every stale rollup now (what beat does a minute at a time): after a bulk load, a
restore, or turning FIGURE_ROLLUPS on. ``--rebuild`` marks every rollup stale first."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from outcomes.services.rollups import rollups_mark_everything, rollups_refresh_all


class Command(BaseCommand):
    help = "Work out the kept monthly figures (rollups) that are out of date."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--rebuild", action="store_true", help="Work every rollup out again, not only stale."
        )

    def handle(self, *args, rebuild: bool, **options) -> None:
        started = time.monotonic()
        if rebuild:
            rollups_mark_everything()
        done = rollups_refresh_all()
        self.stdout.write(f"{done} rollups worked out in {time.monotonic() - started:.1f}s.")
