"""Demo people and their drop-ins at hub sessions (see ``seed``)."""

from __future__ import annotations

import bisect
import datetime
from collections import defaultdict
from dataclasses import dataclass

from conversations.models import Conversation, Episode, Person
from conversations.services.pathway_rules import episode_after_close, episode_after_conversation
from conversations.validators import mod11_check_digit
from demo.bulk import bulk_insert, bulk_insert_rows, new
from demo.context import SeedContext
from hubs.models import HubSession

FIRST_NAMES = [
    "Agnes",
    "Bill",
    "Catherine",
    "Duncan",
    "Elsie",
    "Fraser",
    "Grace",
    "Hamish",
    "Isla",
    "James",
    "Kirsty",
    "Lewis",
    "Morag",
    "Neil",
    "Olive",
    "Peter",
    "Rhona",
    "Stuart",
    "Thomas",
    "Una",
    "Violet",
    "Walter",
    "Yvonne",
    "Alasdair",
    "Bridget",
    "Colin",
    "Dorothy",
    "Euan",
    "Fiona",
    "Gordon",
]
LAST_NAMES = [
    "Anderson",
    "Brown",
    "Campbell",
    "Docherty",
    "Fraser",
    "Gillespie",
    "Henderson",
    "Kerr",
    "MacDonald",
    "McLean",
    "Morrison",
    "Paterson",
    "Robertson",
    "Scott",
    "Stewart",
    "Thomson",
    "Watson",
    "Wilson",
    "Young",
    "Reid",
]
WHAT_MATTERS = [
    "I want to get out of the house more and meet people.",
    "Keeping my husband at home and getting a break now and then.",
    "Getting to the shops on my own again.",
    "Not to be lonely since my wife died.",
    "Sorting out my money worries.",
    "Being able to manage the stairs safely.",
    "Getting back to my allotment.",
    "Some company in the afternoons.",
]
OUTCOME_WEIGHTS = [
    (Conversation.WhatHappened.RESOLVED, 30),
    (Conversation.WhatHappened.CONNECTED, 40),
    (Conversation.WhatHappened.FOLLOW_UP, 15),
    (Conversation.WhatHappened.WAITING_LIST, 10),
    (Conversation.WhatHappened.CRISIS, 5),
]
NEXT_STEPS = [
    "Back at the hub next week",
    "I'll phone on Friday",
    "Home visit on Tuesday with the OT",
    "Meet at the hub with her daughter",
]


def _chi_number(rng, born: datetime.date) -> str:
    """A valid CHI number for a date of birth: ddmmyy, three digits, a mod-11 check digit."""
    while True:
        first_nine = f"{born:%d%m%y}{rng.randint(0, 999):03d}"
        check = mod11_check_digit(first_nine)
        if check is not None:
            return f"{first_nine}{check}"


@dataclass
class Visit:
    """One drop-in to record: a conversation at a session, on an episode."""

    episode: Episode
    session_id: int
    day: datetime.date
    hub_id: int
    what_happened: str
    practitioner: object


def seed(ctx: SeedContext) -> None:
    """People and their drop-ins at hub sessions, following the drop-in rules
    (``conversations.services.dropins``): the first visit opens an episode (first contact =
    the session, channel by the session's mode) with a conversation 1; resolved there and then
    closes it that day ("resolved at first contact", support in place that day); a connected
    person may drop in again while their episode is open; someone resolved may come back months
    later, starting a new episode. Signposts are seeded next (``demo.signposts``); crisis,
    follow-up and waiting-list journeys continue in ``demo.pathway``."""
    rng = ctx.rng
    staff = [user for user in (ctx.users.get("hub_worker"), ctx.users.get("practitioner")) if user]
    sessions_by_locality: dict[int, list[tuple[int, datetime.date, int, str]]] = defaultdict(list)
    for pk, day, hub_id, locality_id, mode in (
        HubSession.objects.filter(hub__partnership=ctx.partnership)
        .values_list("pk", "date", "hub_id", "hub__locality_id", "mode")
        .order_by("date", "pk")
    ):
        sessions_by_locality[locality_id].append((pk, day, hub_id, mode))

    people = []
    for index in range(ctx.sizes["people"]):
        locality = ctx.localities[index % len(ctx.localities)]
        born = datetime.date(rng.randint(1930, 2000), rng.randint(1, 12), rng.randint(1, 28))
        known_born = rng.random() < 0.85
        people.append(
            new(
                Person,
                partnership=ctx.partnership,
                locality=locality,
                first_name=rng.choice(FIRST_NAMES),
                last_name=rng.choice(LAST_NAMES),
                date_of_birth=born if known_born else None,
                postcode=f"RV{rng.randint(1, 9)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJ')}"
                f"{rng.choice('LNPQRSTUWXYZ')}",
                chi_number=_chi_number(rng, born) if known_born and rng.random() < 0.4 else "",
                phone=f"07700 {rng.randint(900000, 900999)}" if rng.random() < 0.6 else "",
                consent=Person.Consent.GIVEN if rng.random() < 0.7 else Person.Consent.VERBAL,
                created_by=staff[0] if staff else None,
            )
        )
    people = bulk_insert(Person, people)

    dates_by_locality = {
        locality_id: [day for _pk, day, _hub, _mode in sessions]
        for locality_id, sessions in sessions_by_locality.items()
    }
    # Each person has ``returns`` chances to come back (more over a longer history): someone
    # whose drop-in was resolved may come back months later with something new (a new
    # episode); someone connected to community solutions may drop in again while their
    # episode is open.
    come_back = ctx.sizes["come_back_percent"] / 100
    drop_in_again = ctx.sizes["drop_in_again_percent"] / 100
    outcomes, weights = zip(*OUTCOME_WEIGHTS, strict=True)
    episodes: list[Episode] = []
    visits: list[Visit] = []
    for person in people:
        sessions = sessions_by_locality[person.locality_id]
        if not sessions:
            continue
        dates = dates_by_locality[person.locality_id]
        at = rng.randrange(len(sessions))
        happened = rng.choices(outcomes, weights)[0]
        episode = _first_visit(ctx, person, sessions[at], happened, staff, episodes, visits)
        for _chance in range(ctx.sizes["returns"]):
            if at + 1 >= len(sessions):
                break
            day = sessions[at][1]
            if happened == Conversation.WhatHappened.RESOLVED and rng.random() < come_back:
                # Back months later with something new: a new episode from that session.
                first = bisect.bisect_left(dates, day + datetime.timedelta(days=60))
                if first == len(sessions):
                    break
                happened = rng.choices(outcomes, weights)[0]
                at = rng.randrange(first, len(sessions))
                episode = _first_visit(ctx, person, sessions[at], happened, staff, episodes, visits)
            elif happened == Conversation.WhatHappened.CONNECTED and rng.random() < drop_in_again:
                # Drops in again while their episode is open: another conversation 1 on it, and
                # another connection made.
                first = bisect.bisect_left(dates, day + datetime.timedelta(days=7))
                last = bisect.bisect_right(dates, day + datetime.timedelta(days=42))
                if first >= last:
                    break
                at = rng.randrange(first, last)
                pk, seen_on, hub_id, _mode = sessions[at]
                visits.append(
                    Visit(
                        episode,
                        pk,
                        seen_on,
                        hub_id,
                        Conversation.WhatHappened.CONNECTED,
                        rng.choice(staff) if staff else None,
                    )
                )
                _talk(episode, seen_on, Conversation.WhatHappened.CONNECTED)
            else:
                break

    episodes = bulk_insert(Episode, episodes)
    conversations = bulk_insert(
        Conversation,
        (
            new(
                Conversation,
                episode=visit.episode,
                kind=Conversation.Kind.LISTEN_AND_CONNECT,
                held_on=visit.day,
                place=Conversation.Place.HUB_SESSION,
                hub_session_id=visit.session_id,
                hub_id=visit.hub_id,
                practitioner=visit.practitioner,
                what_matters=rng.choice(WHAT_MATTERS),
                what_happened=visit.what_happened,
                next_step=rng.choice(NEXT_STEPS)
                if visit.what_happened == Conversation.WhatHappened.FOLLOW_UP
                else "",
            )
            for visit in visits
        ),
    )
    # Whoever recorded a visit was working at that session.
    through = HubSession.staff.through
    worked = sorted({(v.session_id, v.practitioner.pk) for v in visits if v.practitioner})
    bulk_insert_rows(through, ["hubsession", "user"], worked)
    ctx.say(f"  {len(people)} people, {len(episodes)} episodes, {len(conversations)} drop-ins")


def _first_visit(ctx, person, session, happened, staff, episodes, visits) -> Episode:
    """A drop-in that opens an episode, as ``dropin_log`` does (one open episode at a time:
    callers only start a new one after the last has closed)."""
    pk, day, hub_id, mode = session
    episode = new(
        Episode,
        person=person,
        partnership=ctx.partnership,
        locality_id=person.locality_id,  # the session's hub is in the person's locality here
        state=Episode.State.WAITING,
        first_contact_on=day,
        channel=Episode.Channel.HUB_APPOINTMENT
        if mode == HubSession.Mode.APPOINTMENT
        else Episode.Channel.HUB_DROP_IN,
        first_contact_session_id=pk,
        created_by=staff[0] if staff else None,
    )
    _talk(episode, day, happened)
    if happened == Conversation.WhatHappened.RESOLVED:
        reason = Episode.CloseReason.RESOLVED_AT_FIRST_CONTACT
        episode_after_close(episode, reason=reason, closed_on=day).apply(episode)
    episodes.append(episode)
    visits.append(
        Visit(episode, pk, day, hub_id, happened, ctx.rng.choice(staff) if staff else None)
    )
    return episode


def _talk(episode: Episode, day: datetime.date, happened: str) -> None:
    """A conversation 1 at a hub session, as the pathway's rules apply it to the episode (a new
    episode has no crisis plan or waiting list yet, so there is nothing else to carry out)."""
    episode_after_conversation(
        episode,
        kind=Conversation.Kind.LISTEN_AND_CONNECT,
        held_on=day,
        what_happened=happened,
        at_hub=True,
    ).apply(episode)
