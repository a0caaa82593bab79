"""Build a deterministic demo partnership: ``seed_demo [--scale demo|large] [--seed N]``."""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Callable

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

import demo.board
import demo.hubs
import demo.outcomes
import demo.pathway
import demo.peer_forum
import demo.people
import demo.signposts
import demo.users
from cls_portal.audit.context import audit_summarised
from demo.context import DEMO_PASSWORD, SCALES, SeedContext
from hubs.models import Partnership

# Each part of the demo, in the order the apps depend on each other.
SEEDERS: list[tuple[str, Callable[[SeedContext], None]]] = [
    ("places", demo.hubs.seed),
    ("users", demo.users.seed),
    ("people", demo.people.seed),
    ("signposts", demo.signposts.seed),
    ("pathway", demo.pathway.seed),
    ("peer forum", demo.peer_forum.seed),
    ("outcomes", demo.outcomes.seed),
    ("board", demo.board.seed),  # figures: fidelity self-assessments and targets
]
DEMO_SLUG = "riverside"


class Command(BaseCommand):
    help = "Create demo data: one partnership, its places, one user per role, and case history."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="demo")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            default=None,
            help="Pretend today is this date (YYYY-MM-DD); default: today.",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if the demo partnership already exists.",
        )
        parser.add_argument("--quiet-logins", action="store_true")

    # Demo data is written through the bulk paths: one audit summary row per batch
    # ("created 2000 people: ids …") instead of one per row (README, "Audit").
    @audit_summarised()
    def handle(self, *args, scale, seed, today, if_empty, quiet_logins, **options):
        exists = Partnership.objects.filter(slug=DEMO_SLUG).exists()
        if exists and if_empty:
            self.stdout.write("Demo data is already there; nothing to do.")
        elif exists:
            raise CommandError(
                "Demo data already exists in this database. Use a fresh database "
                "(e.g. delete var/cls_portal.sqlite3) or pass --if-empty."
            )
        else:
            started = time.monotonic()
            ctx = SeedContext(
                rng=random.Random(seed),
                today=today or datetime.date.today(),
                scale=scale,
                sizes=SCALES[scale],
                stdout=self.stdout,
            )
            with transaction.atomic():
                for name, seed_part in SEEDERS:
                    began = time.monotonic()
                    seed_part(ctx)
                    ctx.say(f"  {name}: {time.monotonic() - began:.1f}s")
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo data ({scale}) ready in {time.monotonic() - started:.1f}s."
                )
            )
        if not quiet_logins:
            self.stdout.write(f"\nDemo sign-ins (password for all: {DEMO_PASSWORD}):")
            for username, _first, _last, role, _localities in demo.users.DEMO_USERS:
                self.stdout.write(f"  {username:<12} {role}")
