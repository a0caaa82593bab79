"""Demo signposts: the connections made at drop-ins, and how each went.

For every drop-in whose outcome was "connected to community solutions", one to three running
directory entries available where the hub is are signposted, to be checked four weeks on
(``DEFAULT_FOLLOW_UP``). Follow-ups follow the rules of ``conversations.services.signposts``:
checks not yet due stay suggested (some introduced); of those due, most have been followed up —
taken up (with the difference it made, and sometimes ended later), or not taken up with a
reason — and some are still waiting (the follow-ups list is never empty). A signpost taken up
puts the episode's support in place on that day (the earliest such day, never before the first
conversation), and the worker then closes most of those episodes as "connected to community
support" once every signpost of the episode has been followed up.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from conversations.models import Conversation, Episode, Signpost
from conversations.services.pathway import episode_check_move
from conversations.services.pathway_rules import episode_after_close, episode_after_support
from conversations.services.signposts import DEFAULT_FOLLOW_UP, FOLLOW_UP_MOVES
from demo.bulk import bulk_insert, bulk_set, new
from demo.context import SeedContext
from hubs.models import CommunitySolution, Hub

Status = Signpost.Status
Reason = Signpost.NotTakenUpReason
DIFFERENCES = [
    "She says Tuesdays are the best day of her week now.",
    "Has made two friends and goes for a coffee with them after.",
    "Feels less anxious about money; the bills are under control.",
    "Gets out of the house twice a week instead of not at all.",
    "Her husband goes to the day club, so she gets a proper break.",
    "Back to the allotment with a buddy from the walking group.",
    "Says he feels useful again.",
]
REASON_WEIGHTS = [
    (Reason.DECLINED, 35),
    (Reason.NO_CAPACITY, 20),
    (Reason.NO_LONGER_NEEDED, 25),
    (Reason.COULD_NOT_CONTACT, 20),
]


def seed(ctx: SeedContext) -> None:
    rng, today = ctx.rng, ctx.today
    worker = ctx.users.get("hub_worker")
    hub_locality = dict(
        Hub.objects.filter(partnership=ctx.partnership).values_list("pk", "locality_id")
    )
    # Running entries available in each locality (its own, or open to the whole partnership).
    available: dict[int, list[int]] = defaultdict(list)
    coverage: dict[int, set[int]] = defaultdict(set)
    through = CommunitySolution.localities.through
    for solution_id, locality_id in through.objects.filter(
        communitysolution__partnership=ctx.partnership
    ).values_list("communitysolution_id", "locality_id"):
        coverage[solution_id].add(locality_id)
    for solution_id in (
        CommunitySolution.objects.filter(partnership=ctx.partnership, is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    ):
        for locality in ctx.localities:
            if not coverage[solution_id] or locality.pk in coverage[solution_id]:
                available[locality.pk].append(solution_id)

    signposts: list[Signpost] = []
    for conversation_id, episode_id, held_on, hub_id in (
        Conversation.objects.filter(
            episode__partnership=ctx.partnership,
            what_happened=Conversation.WhatHappened.CONNECTED,
            hub_id__isnull=False,
        )
        .order_by("pk")
        .values_list("pk", "episode_id", "held_on", "hub_id")
    ):
        choices = available[hub_locality[hub_id]]
        for solution_id in rng.sample(choices, k=min(len(choices), rng.choice([1, 1, 2, 3]))):
            signposts.append(
                _followed_up(
                    rng,
                    today,
                    new(
                        Signpost,
                        episode_id=episode_id,
                        conversation_id=conversation_id,
                        solution_id=solution_id,
                        status=Status.SUGGESTED,
                        created_on=held_on,
                        follow_up_on=held_on + DEFAULT_FOLLOW_UP,
                        created_by=worker,
                    ),
                )
            )
    bulk_insert(Signpost, signposts)
    closed = _support_in_place_and_close(ctx, signposts)
    taken = sum(s.status in (Status.TAKEN_UP, Status.ENDED) for s in signposts)
    ctx.say(f"  {len(signposts)} signposts ({taken} taken up), {closed} episodes closed after")


def _move(signpost: Signpost, status: str) -> None:
    if status not in FOLLOW_UP_MOVES[signpost.status]:
        raise ValueError(f"A signpost cannot go from {signpost.status} to {status}.")
    signpost.status = status


def _followed_up(rng, today: datetime.date, signpost: Signpost) -> Signpost:
    """How it went, stepped through the follow-up moves of the signpost services."""
    due = signpost.follow_up_on
    if due > today:  # not due yet: maybe already introduced
        if rng.random() < 0.3:
            _move(signpost, Status.INTRODUCED)
        return signpost
    roll = rng.random()
    on = min(due + datetime.timedelta(days=rng.randint(0, 10)), today)
    if roll < 0.12:  # nobody has checked yet: on the follow-ups list
        return signpost
    if roll < 0.2:  # introduced, and checked again in four weeks
        _move(signpost, Status.INTRODUCED)
        signpost.follow_up_on = on + DEFAULT_FOLLOW_UP
        return signpost
    if roll < 0.72:
        _move(signpost, Status.TAKEN_UP)
        signpost.followed_up_on, signpost.follow_up_on = on, None
        signpost.difference_made = rng.choice(DIFFERENCES) if rng.random() < 0.7 else ""
        if rng.random() < 0.12 and (today - on).days > 60:
            _move(signpost, Status.ENDED)
        return signpost
    reasons, weights = zip(*REASON_WEIGHTS, strict=True)
    _move(signpost, Status.NOT_TAKEN_UP)
    signpost.not_taken_up_reason = rng.choices(reasons, weights)[0]
    signpost.followed_up_on, signpost.follow_up_on = on, None
    return signpost


def _support_in_place_and_close(ctx: SeedContext, signposts: list[Signpost]) -> int:
    """``episode_note_support_in_place`` for each signpost taken up (the earliest day wins),
    then the close a worker makes once every signpost of an open episode is followed up and
    one was taken up."""
    rng, today = ctx.rng, ctx.today
    by_episode: dict[int, list[Signpost]] = defaultdict(list)
    for signpost in signposts:
        by_episode[signpost.episode_id].append(signpost)
    episodes = Episode.objects.filter(pk__in=list(by_episode)).order_by("pk")
    changed, closed = [], 0
    for episode in episodes:
        mine = by_episode[episode.pk]
        taken = [s.followed_up_on for s in mine if s.status in (Status.TAKEN_UP, Status.ENDED)]
        if not taken:
            continue
        first = min(taken)
        episode_after_support(episode, on=first).apply(episode)
        all_done = all(s.status in Signpost.FOLLOWED_UP for s in mine)
        closing = max(max(taken), episode.last_conversation_on or first) + datetime.timedelta(
            days=rng.randint(0, 7)
        )
        if episode.is_open and all_done and closing < today and rng.random() < 0.8:
            # Still in conversation 1 from the drop-in, with no waiting list yet: the close
            # has no knock-on effects to carry out.
            episode_check_move(episode, Episode.State.CLOSED)
            reason = Episode.CloseReason.CONNECTED_TO_COMMUNITY
            episode_after_close(episode, reason=reason, closed_on=closing).apply(episode)
            closed += 1
        changed.append(episode)
    bulk_set(Episode, changed, ["support_in_place_on", "state", "closed_on", "close_reason"])
    return closed
