"""The demo programme: two more, smaller partnerships (a couple of hundred people each, whatever
the scale), the "Scottish CLS Network" that Riverside and Lochside share their figures with (and
Strathmore does not), and its lead, ``programmelead``, who belongs to no partnership.

Each extra partnership is seeded by the same seeders as Riverside (people, signposts, the pathway,
change stories), through a context of its own; they have no staff accounts of their own, so
their peer forums, staff pulse and cost-benefit studies are left out.
"""

from __future__ import annotations

import random
from dataclasses import replace

from django.contrib.auth.hashers import make_password

import demo.hubs
import demo.outcomes
import demo.pathway
import demo.people
import demo.signposts
from cls_portal.accounts.models import User
from cls_portal.permissions import Role
from demo.context import DEMO_PASSWORD, SeedContext
from hubs.models import Hub, Locality, Partnership
from outcomes.models import Programme, ProgrammeSharing

PROGRAMME_LEAD = ("programmelead", "Morven", "Stewart")
# name, slug, its localities, shares with the programme?
EXTRA_PARTNERSHIPS = [
    ("Lochside Health and Social Care Partnership", "lochside", ["Lochside", "Kirkton"], True),
    ("Strathmore Health and Social Care Partnership", "strathmore", ["Strathmore"], False),
]
SMALL = {"people": 200, "solutions": 16, "hubs_per_locality": 2}
# ``--scale national``: the large partnership and nine of 20,000 people, all sharing (the
# benchmark's programme).
NATIONAL_PARTNERSHIPS = [
    (f"{place} Health and Social Care Partnership", place.lower(),
     [f"{place} {part}" for part in ("North", "South", "Central")], True)
    for place in ("Lochside", "Strathmore", "Kinross", "Ardmore", "Balloch", "Cromarty",
                  "Dunmore", "Eskdale", "Fintry")
]  # fmt: skip
NATIONAL = {"people": 20_000, "solutions": 120, "hubs_per_locality": 3}


def extra_partnerships(scale: str) -> tuple[list, dict[str, int]]:
    """Which partnerships come beside Riverside, and their size."""
    if scale == "national":
        return NATIONAL_PARTNERSHIPS, NATIONAL
    return EXTRA_PARTNERSHIPS, SMALL


def seed(ctx: SeedContext) -> None:
    programme = Programme.objects.create(
        name="Scottish CLS Network",
        slug="scottish-cls-network",
        description="Partnerships delivering Community-Led Support, comparing core data sets.",
    )
    sharing = [ProgrammeSharing(programme=programme, partnership=ctx.partnership, sharing=True)]
    extra, size = extra_partnerships(ctx.scale)
    for index, (name, slug, localities, shares) in enumerate(extra):
        partnership = _seed_partnership(ctx, index, name, slug, localities, size)
        sharing.append(
            ProgrammeSharing(programme=programme, partnership=partnership, sharing=shares)
        )
    ProgrammeSharing.objects.bulk_create(sharing)
    username, first, last = PROGRAMME_LEAD
    lead = User.objects.create(
        username=username, first_name=first, last_name=last, email=f"{username}@example.org",
        role=Role.PROGRAMME_LEAD, partnership=None, password=make_password(DEMO_PASSWORD),
    )  # fmt: skip
    programme.leads.add(lead)
    ctx.say(f"  {programme.name}: {len(extra)} more partnerships, lead {username}")


def _seed_partnership(
    ctx: SeedContext,
    index: int,
    name: str,
    slug: str,
    locality_names: list[str],
    size: dict[str, int] = SMALL,
) -> Partnership:
    partnership = Partnership.objects.create(name=name, slug=slug, council_area=f"{name} area")
    localities = Locality.objects.bulk_create(
        Locality(partnership=partnership, name=place, slug=f"{slug}-{place.lower()}")
        for place in locality_names
    )
    sizes = ctx.sizes | {
        "localities": len(localities),
        "hubs": len(localities) * size["hubs_per_locality"],
        # (the demo's two: 200 and 150; the national nine: 20,000 each)
        "people": size["people"] - (50 * index if size is SMALL else 0),
        "solutions": size["solutions"],
    }
    hubs = Hub.objects.bulk_create(
        Hub(
            partnership=partnership,
            locality=locality,
            name=f"{locality.name} {venue}",
            venue_type=venue_type,
            address=f"{number + 1} Main Street, {locality.name}",
            postcode=f"{slug[:2].upper()}{number + 1} 1AB",
        )
        for number, (locality, (venue, venue_type)) in enumerate(
            (locality, demo.hubs.VENUES[n]) for locality in localities
            for n in range(size["hubs_per_locality"])
        )
    )  # fmt: skip
    own = replace(
        ctx,
        rng=random.Random(ctx.rng.getrandbits(64)),
        sizes=sizes,
        stdout=None,
        partnership=partnership,
        localities=localities,
        hubs=hubs,
        users={},
    )
    demo.hubs._seed_solutions(own)
    demo.hubs._seed_sessions(own)
    for seed_part in (demo.people.seed, demo.signposts.seed, demo.pathway.seed):
        seed_part(own)
    # Change stories; no staff pulse (its answering team is Riverside's staff) and no
    # cost-benefit study (the demo's one study is Riverside's).
    demo.outcomes._seed_stories(own)
    return partnership
