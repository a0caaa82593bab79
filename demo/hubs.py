"""Demo places: the partnership, its localities and hubs, directory entries and hub sessions."""

from __future__ import annotations

import datetime
import uuid

from demo import directory as demo_directory
from demo.bulk import bulk_insert, new
from demo.context import SeedContext
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


def seed(ctx: SeedContext) -> None:
    sizes = ctx.sizes
    ctx.partnership = Partnership.objects.create(
        name="Riverside Health and Social Care Partnership",
        slug="riverside",
        council_area="Riverside Council",
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


STREETS = ["High Street", "Kirk Wynd", "Station Road", "Mill Lane", "Church Street", "Main Street"]


def _seed_solutions(ctx: SeedContext) -> None:
    """Directory entries from the demo catalogue (``demo.directory``: each one's name,
    organisation, category and cost agree), spread over the localities (some partnership-wide),
    each organisation with one HSDS organisation id; most checked within six months, some due
    a check, a few never checked; a few no longer running."""
    rng = ctx.rng
    categories = {category.slug: category for category in SolutionCategory.objects.all()}
    organisation_ids: dict[str, uuid.UUID] = {}
    solutions = []
    for index in range(ctx.sizes["solutions"]):
        locality = ctx.localities[index % len(ctx.localities)]
        listed = demo_directory.entry(index, locality.name)
        category = categories[listed["category"]]
        organisation = listed["organisation"]
        organisation_id = organisation_ids.setdefault(
            organisation, uuid.UUID(int=rng.getrandbits(128), version=4)
        )
        roll = rng.random()
        verified = (
            None
            if roll < 0.05
            else ctx.today - datetime.timedelta(days=rng.randint(0, 170 if roll < 0.8 else 400))
        )
        has_address = rng.random() < 0.75
        solutions.append(
            CommunitySolution(
                partnership=ctx.partnership,
                name=listed["name"],
                organisation=organisation,
                description=listed["description"],
                external_id=listed["id"],
                category=category,
                contact_name=rng.choice(["", "Jean", "Alan", "Mhairi", "Tom"]),
                phone=f"01234 {rng.randint(100000, 999999)}",
                email=f"hello{index}@example.org" if rng.random() < 0.5 else "",
                address=f"{rng.randint(1, 90)} {rng.choice(STREETS)}" if has_address else "",
                town=locality.name if has_address else "",
                postcode=f"RV{rng.randint(1, 9)} {rng.randint(1, 9)}"
                f"{rng.choice('ABDEFGHJ')}{rng.choice('LNPQRSTUWXYZ')}"
                if has_address
                else "",
                # (the two draws that once chose these stay, so the rest of the demo is
                # the same as before)
                schedule=_drawn(rng.choice(range(4)), listed["schedule"]),
                cost_to_person=_drawn(rng.choice(range(4)), listed["cost_to_person"]),
                last_verified=verified,
                is_active=rng.random() > 0.03,
                hsds_service_id=uuid.UUID(int=rng.getrandbits(128), version=4),
                hsds_organization_id=organisation_id,
                hsds_location_id=uuid.UUID(int=rng.getrandbits(128), version=4),
            )
        )
    solutions = CommunitySolution.objects.bulk_create(solutions, batch_size=2000)
    through = CommunitySolution.localities.through
    through.objects.bulk_create(
        (
            through(communitysolution_id=solution.pk, locality_id=locality.pk)
            for index, solution in enumerate(solutions)
            if index % 5  # every fifth entry is open to the whole partnership
            for place, locality in enumerate(ctx.localities)
            if (index + place) % 2 == 0 or place == index % len(ctx.localities)
        ),
        batch_size=2000,
    )


def _drawn(_ignored: object, value: str) -> str:
    return value


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
                new(
                    HubSession,
                    hub=hub,
                    date=day,
                    starts_at=datetime.time(10, 0),
                    ends_at=datetime.time(13, 0),
                    mode=(
                        HubSession.Mode.MIXED
                        if week % 4 == 0
                        else HubSession.Mode.APPOINTMENT
                        if week % 4 == 2 and hub_index % 3 == 0
                        else HubSession.Mode.DROP_IN
                    ),
                    anonymous_count=ctx.rng.randint(0, 6),
                    closed_at=datetime.datetime.combine(
                        day, datetime.time(13, 0), tzinfo=datetime.UTC
                    ),
                )
            )
    bulk_insert(HubSession, sessions)
