"""Due work for the demo's home pages: some of every kind the practitioner's, hub worker's and
forum manager's "today" pages show that the rest of the demo does not leave due by itself.

- people referred for crisis support at a conversation today or lately, with no crisis
  conversation yet (the crisis board's "waiting" list);
- crises that started seven weeks ago and are still open (past the six-week limit), the first
  with its crisis plan due for review today;
- today's session and the next few weekly ones at the hubs of the hub worker's locality.

Written through the pathway's own services (each change audited, summarised per batch by
``seed_demo``), on episodes chosen in a fixed order so a seed always gives the same data.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from cls_portal.permissions import Role
from conversations.models import Conversation, CrisisPlan, Episode
from conversations.services.crisis import crisis_conversation_record
from conversations.services.pathway import conversation_record
from demo.context import SeedContext
from hubs.models import Hub, HubSession

WAITING_FOR_CRISIS = 3
PAST_THE_LIMIT = 2
CRISIS_STARTED_DAYS_AGO = 49  # seven weeks: past the six-week limit
WEEKS_AHEAD = 3
Place = Conversation.Place


def _episodes_in_conversation_1(ctx: SeedContext, before: datetime.date, skip: set[int]):
    """Open episodes in conversation 1 in the practitioner's localities whose last
    conversation was on or before ``before``, oldest first."""
    practitioner = ctx.users[Role.PRACTITIONER]
    return (
        Episode.objects.filter(
            partnership=ctx.partnership,
            locality__in=practitioner.localities.all(),
            state=Episode.State.CONVERSATION_1,
            crisis_referred_on__isnull=True,
            last_conversation_on__lte=before,
            first_contact_on__lte=before,
        )
        .exclude(pk__in=skip)
        .order_by("last_conversation_on", "pk")
    )


def _refer_for_crisis(ctx: SeedContext, episodes) -> int:
    practitioner = ctx.users[Role.PRACTITIONER]
    done = 0
    for offset, episode in enumerate(episodes):
        held_on = ctx.today - datetime.timedelta(days=offset)
        try:
            conversation_record(
                actor=practitioner,
                episode=episode,
                kind=Conversation.Kind.LISTEN_AND_CONNECT,
                held_on=held_on,
                place=Place.PHONE,
                what_matters="Things have got much harder at home this week.",
                next_step="A crisis conversation as soon as possible.",
                what_happened=Conversation.WhatHappened.CRISIS,
            )
        except ValidationError:
            continue  # e.g. --today in the future: the services refuse future dates
        done += 1
    return done


def _crises_left_open(ctx: SeedContext, episodes) -> int:
    practitioner = ctx.users[Role.PRACTITIONER]
    held_on = ctx.today - datetime.timedelta(days=CRISIS_STARTED_DAYS_AGO)
    done = 0
    for index, episode in enumerate(episodes):
        # The first plan is due its review today, so the home page has one whatever the day;
        # the pathway's own plans are due on whichever days their journeys give them.
        review_in = datetime.timedelta(days=0 if index == 0 else 3)
        try:
            crisis_conversation_record(
                actor=practitioner,
                episode=episode,
                plan="Daily calls from the team; a neighbour checks in each evening.",
                rag=CrisisPlan.Rag.AMBER,
                # The service refuses a review date before the real today (--today may be past).
                review_by=max(ctx.today + review_in, timezone.localdate()),
                held_on=held_on,
                place=Place.HOME,
                what_matters="Staying safe at home while things settle.",
            )
        except ValidationError:
            continue
        done += 1
    return done


def _sessions_ahead(ctx: SeedContext) -> int:
    """Today's session and one a week for the next weeks at each hub of the first locality
    (the demo hub worker's), where there is none that day yet."""
    hubs = Hub.objects.filter(
        partnership=ctx.partnership, locality=ctx.localities[0], is_active=True
    ).order_by("pk")
    made = 0
    for hub in hubs:
        for week in range(WEEKS_AHEAD + 1):
            day = ctx.today + datetime.timedelta(weeks=week, days=0 if week == 0 else hub.pk % 5)
            if HubSession.objects.filter(hub=hub, date=day).exists():
                continue
            HubSession.objects.create(
                hub=hub,
                date=day,
                starts_at=datetime.time(10, 0),
                ends_at=datetime.time(12, 0),
                mode=HubSession.Mode.DROP_IN if week % 2 == 0 else HubSession.Mode.MIXED,
            )
            made += 1
    return made


def seed(ctx: SeedContext) -> None:
    if Role.PRACTITIONER not in ctx.users or not ctx.localities:
        return
    long_ago = ctx.today - datetime.timedelta(days=CRISIS_STARTED_DAYS_AGO)
    crises = _crises_left_open(
        ctx, list(_episodes_in_conversation_1(ctx, long_ago, set())[:PAST_THE_LIMIT])
    )
    chosen = set(
        Episode.objects.filter(
            partnership=ctx.partnership, crisis_started_on__isnull=False
        ).values_list("pk", flat=True)
    )
    waiting = _refer_for_crisis(
        ctx, list(_episodes_in_conversation_1(ctx, ctx.today, chosen)[:WAITING_FOR_CRISIS])
    )
    sessions = _sessions_ahead(ctx)
    ctx.say(
        f"  today: {waiting} waiting for a crisis conversation, {crises} crises past six weeks, "
        f"{sessions} hub sessions from today on"
    )
