"""Build a deterministic demo partnership: ``seed_demo [--scale demo|large] [--seed N]``."""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Callable

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

import demo.board
import demo.foreign_keys
import demo.hubs
import demo.intake
import demo.outcomes
import demo.pathway
import demo.peer_forum
import demo.people
import demo.programme
import demo.sessions
import demo.signposts
import demo.today
import demo.users
from cls_portal.audit.context import audit_summarised
from cls_portal.permissions import Role
from demo.context import DEMO_PASSWORD, SCALES, SeedContext
from hubs.models import Partnership

# Each part of the demo, in the order the apps depend on each other.
SEEDERS: list[tuple[str, Callable[[SeedContext], None]]] = [
    ("places", demo.hubs.seed),
    ("users", demo.users.seed),
    ("people", demo.people.seed),
    ("signposts", demo.signposts.seed),
    ("pathway", demo.pathway.seed),
    ("intake", demo.intake.seed),
    ("peer forum", demo.peer_forum.seed),
    ("outcomes", demo.outcomes.seed),
    ("programme", demo.programme.seed),  # two more partnerships and the programme they share with
    # The steps after this look up what the bulk steps made: gather the statistics first, or
    # PostgreSQL plans those look-ups for empty tables (minutes instead of milliseconds).
    ("statistics", lambda ctx: analyse_after_bulk_load()),
    ("due today", demo.today.seed),  # after the rest: it picks from what they made
    ("sessions planned ahead", demo.sessions.seed),
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
                with demo.foreign_keys.checked_at_the_end() as checking_at_the_end:
                    for name, seed_part in SEEDERS:
                        began = time.monotonic()
                        seed_part(ctx)
                        ctx.say(f"  {name}: {time.monotonic() - began:.1f}s")
                    began = time.monotonic()
                if checking_at_the_end:
                    ctx.say(f"  foreign keys: {time.monotonic() - began:.1f}s")
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo data ({scale}) ready in {time.monotonic() - started:.1f}s."
                )
            )
        if not quiet_logins:
            self.stdout.write(f"\nDemo sign-ins (password for all: {DEMO_PASSWORD}):")
            for username, _first, _last, role, _localities in demo.users.DEMO_USERS:
                self.stdout.write(f"  {username:<12} {role}")
            self.stdout.write(f"  {demo.programme.PROGRAMME_LEAD[0]:<12} {Role.PROGRAMME_LEAD}")


def analyse_after_bulk_load() -> None:
    """Gather PostgreSQL's statistics now (inside the seed's transaction, which ANALYZE reads):
    right after a bulk load the planner knows nothing of the new rows and picks plans for empty
    tables (the first loads of a waiting list took 30 s until autovacuum caught up). The few
    rows the last steps add change no plan."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
