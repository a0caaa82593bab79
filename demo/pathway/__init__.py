"""Demo journeys along the Three Conversations, built on the drop-in episodes seeded before.

The people whose drop-in ended in a referral for crisis support, a follow-up or a waiting list
go on along one of the paths in ``paths`` (crisis, a good life, follow-ups, waiting lists); some
whose episode closed come back later as a new episode. Many have personal outcomes reviewed over
time and wellbeing scores (``outcomes``).

Records are bulk-created for speed (100k people at the large scale), but every step goes through
a ``Journey`` (``journey``), which checks each move with the pathway's own table and takes what
it does to the episode from the product's pure rules (``conversations.services.pathway_rules``).
"""

from __future__ import annotations

import datetime

from django.db.models import Min

from conversations.models import (
    Conversation,
    CrisisPlan,
    Episode,
    SupportPlan,
    WaitingList,
    WaitingListEntry,
)
from demo.bulk import bulk_insert, bulk_insert_rows, bulk_set
from demo.context import SeedContext
from demo.pathway.journey import Journey
from demo.pathway.outcomes import seed_outcomes
from demo.pathway.paths import Seeder

State = Episode.State

EPISODE_FIELDS = [
    "state",
    "first_conversation_on",
    "last_conversation_on",
    "support_in_place_on",
    "crisis_started_on",
    "crisis_referred_on",
    "closed_on",
    "close_reason",
]


def _waiting_lists(ctx: SeedContext) -> dict[str, WaitingList]:
    made = WaitingList.objects.bulk_create(
        [
            WaitingList(
                partnership=ctx.partnership,
                name="Social work assessment",
                slug="social-work-assessment",
            ),
            WaitingList(
                partnership=ctx.partnership,
                name="Occupational therapy assessment",
                slug="occupational-therapy-assessment",
            ),
            WaitingList(
                partnership=ctx.partnership,
                name="Hub appointment",
                slug="hub-appointment",
                is_hub_appointments=True,
            ),
        ]
    )
    return dict(zip(["sw", "ot", "hub"], made, strict=True))


def seed(ctx: SeedContext) -> None:
    seeder = Seeder(ctx)
    lists = _waiting_lists(ctx)
    first_conversation = dict(
        Conversation.objects.filter(episode__partnership=ctx.partnership)
        .values("episode_id")
        .annotate(first=Min("pk"))
        .values_list("episode_id", "first")
    )
    latest: dict[int, tuple[datetime.date, str]] = {}
    for episode_id, held_on, happened in (
        Conversation.objects.filter(episode__partnership=ctx.partnership)
        .order_by("episode_id", "held_on", "pk")
        .values_list("episode_id", "held_on", "what_happened")
    ):
        latest[episode_id] = (held_on, happened)

    journeys = []
    for episode in Episode.objects.filter(partnership=ctx.partnership).order_by("pk"):
        journey = Journey(episode=episode, first_conversation_id=first_conversation.get(episode.pk))
        journeys.append(journey)
        if episode.state == State.CLOSED or episode.pk not in latest:
            continue
        day, happened = latest[episode.pk]
        if episode.state != State.CONVERSATION_1:
            continue
        if happened == Conversation.WhatHappened.CRISIS:
            seeder.crisis(journey, day)
        elif happened == Conversation.WhatHappened.FOLLOW_UP:
            seeder.follow_up(journey, day)
        elif happened == Conversation.WhatHappened.WAITING_LIST:
            seeder.waiting(journey, day, lists)

    # Write the journeys' states and milestones back.
    bulk_set(Episode, [j.episode for j in journeys if j.changed], EPISODE_FIELDS)
    # Some people come back after their episode closed: reopened as a new episode.
    referred_back = ctx.sizes["referred_back_percent"] / 100
    returning = []
    open_people = {j.episode.person_id for j in journeys if j.episode.state != State.CLOSED}
    for journey in list(journeys):
        if (
            journey.episode.state == State.CLOSED
            and journey.episode.person_id not in open_people
            and seeder.rng.random() < referred_back
        ):
            open_people.add(journey.episode.person_id)
            new = seeder.returning(
                journey.episode,
                lambda e: Journey(episode=e, first_conversation_id=None),
                lists=lists if seeder.rng.random() < 0.7 else None,
            )
            if new is not None:
                returning.append(new)
    bulk_insert(Episode, [j.episode for j in returning])
    for journey in returning:
        journey.changed = False  # created as they are: nothing to update
    journeys += returning

    bulk_insert(Conversation, [c for j in journeys for c in j.conversations])
    for journey in returning:
        if journey.conversations:
            journey.first_conversation_id = journey.conversations[0].pk
    bulk_insert(CrisisPlan, [p for j in journeys for p in j.crisis_plans])
    bulk_insert(WaitingListEntry, [e for j in journeys for e in j.entries])
    seeded = seed_outcomes(seeder, journeys)
    plans = [plan for j in journeys for plan, _ in j.support_plans]
    bulk_insert(SupportPlan, plans)
    bulk_insert_rows(
        SupportPlan.outcomes.through,
        ["supportplan", "personaloutcome"],
        [
            (plan.pk, outcome_id)
            for plan in plans
            for outcome_id in seeded.outcome_ids.get(plan.episode_id, [])
        ],
    )
    bulk_insert_rows(
        SupportPlan.community_solutions.through,
        ["supportplan", "communitysolution"],
        [
            (plan.pk, solution_id)
            for j in journeys
            for plan, chosen in j.support_plans
            for solution_id in chosen
        ],
    )
    waiting_for_crisis = sum(j.episode.crisis_referred_on is not None for j in journeys)
    ctx.say(
        f"  pathway: {sum(len(j.conversations) for j in journeys)} more conversations, "
        f"{sum(len(j.crisis_plans) for j in journeys)} crisis plans, {len(plans)} support plans, "
        f"{sum(len(j.entries) for j in journeys)} waiting-list entries, "
        f"{seeded.outcomes} outcomes ({seeded.reviews} reviews), {seeded.scores} wellbeing "
        f"scores, {waiting_for_crisis} waiting for a crisis conversation"
    )
