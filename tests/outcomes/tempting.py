"""A partnership built to tempt a reader into working out hidden figures by subtraction.

April 2026 is the first month of the financial year, so its year to date is the month itself;
May 2026 adds one approval, so the month and its year to date differ. Every small cell sits beside
a total and other parts that are shown:

- footfall at H1 (North) is 3 (head-count), at H3 (South) 8: total 11;
- list "A" has 3 people added in April; list "B" had 7 from March, 2 taken off in April (5 left);
- personal outcomes reviewed in April: 6 met, 2 partly met, 5 not met;
- signposts in April: 2 to a garden share, 6 to a repair cafe;
- peer-forum approvals in April: 5 long-term, 2 short-term (a type with 2); one long-term in May;
- wellbeing: 3 people in North (a locality with 3) and 6 in South had a second ONS4 score in April.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from types import SimpleNamespace

from conversations.models import OutcomeReview
from tests.conversations.factories import (
    OutcomeReviewFactory,
    PersonalOutcomeFactory,
    SignpostFactory,
    WaitingListEntryFactory,
    WellbeingScoreFactory,
)
from tests.factories import (
    CommunitySolutionFactory,
    EpisodeFactory,
    HubFactory,
    HubSessionFactory,
    PersonFactory,
    SolutionCategoryFactory,
    WaitingListFactory,
)
from tests.peer_forum.factories import FundingRequestFactory, decide

D = datetime.date
APRIL, MAY = "2026-04", "2026-05"


def build(world) -> SimpleNamespace:
    north, south = world.locality, world.other_locality
    h1 = HubFactory(locality=north, name="H1 Library")
    h3 = HubFactory(locality=south, name="H3 Cafe")
    HubSessionFactory(hub=h1, date=D(2026, 4, 7), anonymous_count=3)
    HubSessionFactory(hub=h3, date=D(2026, 4, 8), anonymous_count=8)

    def episode(locality=north):
        return EpisodeFactory(
            person=PersonFactory(locality=locality), first_contact_on=D(2026, 3, 1)
        )

    list_a = WaitingListFactory(partnership=world.partnership, name="A")
    list_b = WaitingListFactory(partnership=world.partnership, name="B")
    for _ in range(3):
        WaitingListEntryFactory(waiting_list=list_a, episode=episode(), added_on=D(2026, 4, 5))
    for n in range(7):
        WaitingListEntryFactory(
            waiting_list=list_b,
            episode=episode(south),
            added_on=D(2026, 3, 10),
            removed_on=D(2026, 4, 10) if n < 2 else None,
        )

    status = OutcomeReview.Status
    for count, result in ((6, status.MET), (2, status.PARTLY_MET), (5, status.NOT_MET)):
        for _ in range(count):
            outcome = PersonalOutcomeFactory(episode=episode(), created_on=D(2026, 3, 2))
            OutcomeReviewFactory(outcome=outcome, reviewed_on=D(2026, 4, 20), status=result)

    for name, count in (("Tempting garden share", 2), ("Tempting repair cafe", 6)):
        category = SolutionCategoryFactory(slug=name.lower().replace(" ", "-"), name=name)
        solution = CommunitySolutionFactory(partnership=world.partnership, category=category)
        for _ in range(count):
            SignpostFactory(episode=episode(), solution=solution, created_on=D(2026, 4, 14))

    def approve(on, **kwargs):
        request = FundingRequestFactory(episode=episode(), submitted_on=D(2026, 3, 20), **kwargs)
        decide(request, on=on)

    for _ in range(5):
        approve(
            D(2026, 4, 16),
            counterfactual_weekly_cost=Decimal("400.00"),
            proposed_weekly_cost=Decimal("100.00"),
        )
    for _ in range(2):
        approve(
            D(2026, 4, 16),
            short_term=True,
            short_term_weeks=6,
            counterfactual_weekly_cost=Decimal("200.00"),
            proposed_weekly_cost=Decimal("50.00"),
        )
    approve(
        D(2026, 5, 12),
        counterfactual_weekly_cost=Decimal("300.00"),
        proposed_weekly_cost=Decimal("120.00"),
    )

    for locality, people in ((north, 3), (south, 6)):
        for n in range(people):
            e = episode(locality)
            WellbeingScoreFactory(episode=e, recorded_on=D(2026, 3, 3), life_satisfaction=4)
            WellbeingScoreFactory(episode=e, recorded_on=D(2026, 4, 21), life_satisfaction=4 + n)
    return SimpleNamespace(north=north, south=south, h1=h1, h3=h3)
