"""Demo places: the partnership, its localities and hubs, directory entries and hub sessions."""

from __future__ import annotations

import datetime

from cls_portal.demo.context import SeedContext
from hubs.models import CommunitySolution, Hub, HubSession, Locality, Partnership, SolutionCategory

LOCALITY_NAMES = [
    "Riverside North",
    "Riverside South",
    "Glenburn",
    "Kirkton",
    "Eastfield",
    "Millhaven",
    "Strathmore",
    "Westerton",
]
VENUES = [
    ("St Andrew's Church Hall", Hub.VenueType.CHURCH_HALL),
    ("Central Library", Hub.VenueType.LIBRARY),
    ("The Corner Café", Hub.VenueType.CAFE),
    ("Health Centre Foyer", Hub.VenueType.HEALTH_CENTRE),
    ("Community Centre", Hub.VenueType.COMMUNITY_CENTRE),
]
ORGANISATIONS = [
    "Age Scotland",
    "Carers Centre",
    "Citizens Advice",
    "Men's Shed Association",
    "Befriending Network",
    "Community Transport",
    "Shared Lives Plus",
    "Homeshare Scotland",
    "Walking Group",
    "Lunch Club",
    "Peer Support Collective",
    "Volunteer Centre",
    "Digital Buddies",
    "Food Larder",
    "Alzheimer Scotland",
]


def seed(ctx: SeedContext) -> None:
    sizes = ctx.sizes
    ctx.partnership = Partnership.objects.create(
        name="Riverside Health and Social Care Partnership", slug="riverside"
    )
    ctx.localities = Locality.objects.bulk_create(
        Locality(partnership=ctx.partnership, name=name, slug=name.lower().replace(" ", "-"))
        for name in LOCALITY_NAMES[: sizes["localities"]]
    )
    hubs = []
    for index in range(sizes["hubs"]):
        locality = ctx.localities[index % len(ctx.localities)]
        venue, venue_type = VENUES[index % len(VENUES)]
        hubs.append(
            Hub(
                partnership=ctx.partnership,
                locality=locality,
                name=f"{locality.name} {venue}" + (f" {index // 40 + 1}" if index >= 40 else ""),
                venue_type=venue_type,
                address=f"{ctx.rng.randint(1, 120)} High Street, {locality.name}",
                postcode=f"RV{index % 9 + 1} {ctx.rng.randint(1, 9)}AB",
                accessibility_notes="Step-free entrance; hearing loop at reception.",
            )
        )
    ctx.hubs = Hub.objects.bulk_create(hubs)
    _seed_solutions(ctx)
    _seed_sessions(ctx)
    ctx.say(f"  {len(ctx.localities)} localities, {len(ctx.hubs)} hubs")


def _seed_solutions(ctx: SeedContext) -> None:
    categories = list(SolutionCategory.objects.order_by("slug"))
    solutions = []
    for index in range(ctx.sizes["solutions"]):
        category = categories[index % len(categories)]
        organisation = ORGANISATIONS[index % len(ORGANISATIONS)]
        verified = ctx.today - datetime.timedelta(days=ctx.rng.randint(0, 300))
        solutions.append(
            CommunitySolution(
                partnership=ctx.partnership,
                name=f"{category.name}: {organisation}"
                + (f" ({index // len(categories) + 1})" if index >= len(categories) else ""),
                organisation=organisation,
                description=f"{category.name} run by {organisation} for local people.",
                category=category,
                phone=f"01234 {ctx.rng.randint(100000, 999999)}",
                schedule=ctx.rng.choice(
                    ["Mondays 10–12", "Tuesdays 2–4", "Weekdays", "By arrangement"]
                ),
                cost_to_person=ctx.rng.choice(["Free", "Free", "£2 a session", "£3.50 a meal"]),
                last_verified=verified,
            )
        )
    solutions = CommunitySolution.objects.bulk_create(solutions)
    through = CommunitySolution.localities.through
    through.objects.bulk_create(
        through(communitysolution_id=solution.pk, locality_id=locality.pk)
        for index, solution in enumerate(solutions)
        for locality in ctx.localities
        if (index + locality.pk) % 2 == 0 or index % 5 == 0
    )


def _seed_sessions(ctx: SeedContext) -> None:
    """A weekly session at every hub over the demo history; the past ones are closed."""
    sessions = []
    first_monday = ctx.start - datetime.timedelta(days=ctx.start.weekday())
    weeks = (ctx.today - first_monday).days // 7
    for hub_index, hub in enumerate(ctx.hubs):
        for week in range(weeks):
            day = first_monday + datetime.timedelta(weeks=week, days=hub_index % 5)
            if day >= ctx.today:
                continue
            sessions.append(
                HubSession(
                    hub=hub,
                    date=day,
                    starts_at=datetime.time(10, 0),
                    ends_at=datetime.time(13, 0),
                    mode=HubSession.Mode.DROP_IN if week % 4 else HubSession.Mode.MIXED,
                    anonymous_count=ctx.rng.randint(0, 6),
                    closed_at=datetime.datetime.combine(
                        day, datetime.time(13, 0), tzinfo=datetime.UTC
                    ),
                )
            )
    HubSession.objects.bulk_create(sessions, batch_size=2000)
