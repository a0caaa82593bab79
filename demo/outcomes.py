"""Demo outcomes data: change stories (some shareable), monthly staff pulse answers from a team
large enough to pass small-number suppression, and a cost-benefit study. No reports: those are
requested from the Reports page (or made by the monthly schedule)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth.hashers import make_password

from cls_portal.accounts.models import User
from cls_portal.permissions import Role
from demo.context import SeedContext
from outcomes.models import (
    ChangeStory,
    ChangeStoryOutcome,
    CostBenefitStudy,
    CostLine,
    StaffPulseResponse,
)
from outcomes.periods import Month
from outcomes.reference import PULSE_ITEMS

# (title, what mattered, strengths, barriers, what happened, what would have happened before,
#  outcomes shown)
STORIES: list[tuple[str, str, str, str, str, str, list[int]]] = [
    (
        "Back to the allotment",
        "A woman in her eighties wanted to get back to her allotment after a fall.",
        "Forty years of gardening; a neighbour with a car.",
        "Nervous of the bus since the fall.",
        "At the library hub she met the community connector, who put her in touch with the "
        "allotment society's buddy scheme. The neighbour now drives her there on Saturdays.",
        "A referral to the duty team, a six-week wait for an occupational therapy assessment "
        "and probably a care package.",
        [1, 2, 3],
    ),
    (
        "A break for a carer",
        "A man caring for his wife, who has dementia, needed a few hours to himself each week.",
        "A close family; his wife loves music.",
        "He did not know what was available and felt he should cope alone.",
        "One conversation at the café hub: a singing group for people with dementia and their "
        "carers, and the carers' centre's sitting service on Tuesdays.",
        "Crisis when he became ill himself, and a residential placement for his wife.",
        [1, 2, 3, 4],
    ),
    (
        "Money worries sorted",
        "A younger man with a long-term condition was behind on his rent and not sleeping.",
        "Good with computers; wants to work again.",
        "Letters he found hard to face; no one to ask.",
        "The hub's Citizens Advice worker sorted a benefits claim the same morning and the "
        "volunteer centre found him a digital-buddy role.",
        "Passed between three services, with an assessment for support he did not need.",
        [1, 3, 4],
    ),
    (
        "Company in the afternoons",
        "A widower felt lonely since his wife died and had stopped going out.",
        "Used to be a joiner; still handy.",
        "No family nearby.",
        "Introduced to the men's shed by the hub worker; he now goes twice a week and fixes "
        "bikes for the community larder.",
        "A day-centre place after a long wait, if he had asked at all.",
        [2, 3],
    ),
    (
        "Decided at the peer forum in a week",
        "A woman with a learning disability wanted to live more independently.",
        "A supportive sister; a part-time job she loves.",
        "Her support plan had been stuck waiting for a funding panel.",
        "The practitioner took a Shared Lives proposal to the locality peer forum, which "
        "agreed it within a week.",
        "A residential placement at more than twice the cost, after months of waiting.",
        [4, 5, 6],
    ),
    (
        "Trusted to decide",
        "A practitioner wanted to act on what a family told her without a long form.",
        "The team's new way of working; a manager who backs decisions.",
        "Old habits of escalating everything.",
        "She arranged equipment and a befriender at the first visit and recorded it in one "
        "page; the family had what they needed in days.",
        "An assessment form, a panel, and weeks of waiting.",
        [5, 1],
    ),
]
TEAM = [  # extra staff who answer the monthly pulse, so its figures pass suppression
    ("Fiona", "Baird"), ("Euan", "Cowie"), ("Shona", "Dunn"), ("Iain", "Forbes"),
    ("Heather", "Grant"), ("Calum", "Hay"), ("Kirsty", "Innes"), ("Ross", "Jamieson"),
]  # fmt: skip
CASE_ROLES = [Role.HUB_WORKER, Role.PRACTITIONER, Role.FORUM_MANAGER]


def seed(ctx: SeedContext) -> None:
    _seed_stories(ctx)
    _seed_pulse(ctx)
    _seed_study(ctx)


def _months(ctx: SeedContext) -> list[Month]:
    last = Month.last_full(ctx.today)
    return [last.shift(-n) for n in reversed(range(ctx.sizes["months"]))]


def _seed_stories(ctx: SeedContext) -> None:
    rng = ctx.rng
    author = ctx.users.get(Role.PRACTITIONER)
    stories, outcomes = [], []
    for month in _months(ctx):
        for story in rng.sample(STORIES, rng.randint(1, 3)):  # different stories each month
            title, mattered, strengths, barriers, happened, before, shows = story
            locality = rng.choice(ctx.localities)
            hubs = [hub for hub in ctx.hubs if hub.locality_id == locality.pk]
            stories.append(
                ChangeStory(
                    partnership=ctx.partnership,
                    locality=locality,
                    hub=rng.choice(hubs) if hubs and rng.random() < 0.7 else None,
                    title=title,
                    told_on=month.start + datetime.timedelta(days=rng.randint(0, 27)),
                    what_mattered=mattered,
                    strengths=strengths,
                    barriers=barriers,
                    what_happened=happened,
                    before_cls=before,
                    consent_to_share=rng.random() < 0.7,
                    recorded_by=author,
                )
            )
            outcomes.append(shows)
    stories = ChangeStory.objects.bulk_create(stories)
    ChangeStoryOutcome.objects.bulk_create(
        ChangeStoryOutcome(story=story, outcome=number)
        for story, shows in zip(stories, outcomes, strict=True)
        for number in shows
    )
    ctx.say(f"  {len(stories)} change stories")


def _seed_pulse(ctx: SeedContext) -> None:
    rng = ctx.rng
    password = make_password(None)  # the pulse team cannot sign in
    team = User.objects.bulk_create(
        User(
            username=f"{first.lower()}.{last.lower()}",
            first_name=first,
            last_name=last,
            role=CASE_ROLES[index % len(CASE_ROLES)],
            partnership=ctx.partnership,
            password=password,
        )
        for index, (first, last) in enumerate(TEAM)
    )
    through = User.localities.through
    through.objects.bulk_create(
        through(user_id=user.pk, locality_id=ctx.localities[index % len(ctx.localities)].pk)
        for index, user in enumerate(team)
    )
    staff = [(user, ctx.localities[i % len(ctx.localities)]) for i, user in enumerate(team)]
    staff += [(ctx.users[role], ctx.localities[0]) for role in CASE_ROLES if role in ctx.users]
    answers = []
    months = _months(ctx)
    for index, month in enumerate(months):
        lift = index / max(len(months) - 1, 1)  # confidence grows as CLS beds in
        for user, locality in staff:
            if rng.random() > 0.85:
                continue
            answers.append(
                StaffPulseResponse(
                    partnership=ctx.partnership,
                    locality=locality,
                    respondent=user,
                    month=month.start,
                    answered_at=datetime.datetime.combine(
                        month.start + datetime.timedelta(days=rng.randint(0, 20)),
                        datetime.time(12, 0),
                        tzinfo=datetime.UTC,
                    ),
                    **{
                        item: max(1, min(5, round(2.6 + 1.6 * lift + rng.uniform(-1.2, 1.2))))
                        for item in PULSE_ITEMS
                    },
                )
            )
    StaffPulseResponse.objects.bulk_create(answers, batch_size=2000)
    ctx.say(f"  {len(answers)} staff pulse answers from {len(staff)} staff")


def _seed_study(ctx: SeedContext) -> None:
    last = Month.last_full(ctx.today)
    hub = ctx.hubs[0]
    study = CostBenefitStudy.objects.create(
        partnership=ctx.partnership,
        hub=hub,
        locality_id=hub.locality_id,
        name=f"{hub.name}: first year",
        period_start=last.shift(-11).start,
        period_end=last.end,
        unit_cost_of_assessment=Decimal("329.00"),
        people_avoiding_budget=4 + ctx.rng.randint(0, 4),
        weekly_budget_value=Decimal("215.00"),
        budget_weeks=52,
        notes="Unit cost of an assessment from the New Economy unit cost database; personal "
        "budget value from the partnership's average for older people.",
        created_by=ctx.users.get(Role.HSCP_LEAD),
    )
    CostLine.objects.bulk_create(
        CostLine(study=study, category=category, description=description, amount=Decimal(amount))
        for category, description, amount in [
            (CostLine.Category.REVENUE, "Community connector (0.6 FTE)", "19800.00"),
            (CostLine.Category.IN_KIND, "Venue, provided free by the library", "3120.00"),
            (CostLine.Category.DEVELOPMENT, "Training and co-production sessions", "4500.00"),
            (CostLine.Category.CAPITAL, "Laptop and signage", "1450.00"),
            (CostLine.Category.ONWARD_REFERRALS, "Spot-purchased befriending", "2300.00"),
        ]
    )
    ctx.say("  1 cost-benefit study")
