"""Demo people and their journeys: a drop-in conversation 1 at a hub session for each episode."""

from __future__ import annotations

import datetime
from collections import defaultdict

from cls_portal.demo.context import SeedContext
from conversations.models import Conversation, Episode, Person
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


def seed(ctx: SeedContext) -> None:
    rng = ctx.rng
    hub_worker = ctx.users.get("hub_worker")
    sessions_by_locality: dict[int, list[tuple[int, datetime.date, int]]] = defaultdict(list)
    for pk, day, hub_id, locality_id in (
        HubSession.objects.filter(hub__partnership=ctx.partnership)
        .values_list("pk", "date", "hub_id", "hub__locality_id")
        .order_by("pk")
    ):
        sessions_by_locality[locality_id].append((pk, day, hub_id))

    people = []
    for index in range(ctx.sizes["people"]):
        locality = ctx.localities[index % len(ctx.localities)]
        born = datetime.date(rng.randint(1930, 2000), rng.randint(1, 12), rng.randint(1, 28))
        people.append(
            Person(
                partnership=ctx.partnership,
                locality=locality,
                first_name=rng.choice(FIRST_NAMES),
                last_name=rng.choice(LAST_NAMES),
                date_of_birth=born if rng.random() < 0.85 else None,
                postcode=f"RV{rng.randint(1, 9)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJ')}"
                f"{rng.choice('LNPQRSTUWXYZ')}",
                consent=Person.Consent.GIVEN,
                created_by=hub_worker,
            )
        )
    people = Person.objects.bulk_create(people, batch_size=2000)

    episodes, conversation_specs = [], []
    outcomes, weights = zip(*OUTCOME_WEIGHTS, strict=True)
    for person in people:
        sessions = sessions_by_locality[person.locality_id]
        if not sessions:
            continue
        session_id, day, hub_id = sessions[rng.randrange(len(sessions))]
        what_happened = rng.choices(outcomes, weights)[0]
        closed = (ctx.today - day).days > 60 and what_happened in (
            Conversation.WhatHappened.RESOLVED,
            Conversation.WhatHappened.CONNECTED,
        )
        episodes.append(
            Episode(
                person=person,
                partnership=ctx.partnership,
                locality_id=person.locality_id,
                state=Episode.State.CLOSED if closed else Episode.State.CONVERSATION_1,
                first_contact_on=day,
                channel=Episode.Channel.HUB_DROP_IN,
                first_contact_session_id=session_id,
                first_conversation_on=day,
                last_conversation_on=day,
                closed_on=day + datetime.timedelta(days=rng.randint(0, 40)) if closed else None,
                close_reason=(
                    Episode.CloseReason.RESOLVED_AT_FIRST_CONTACT
                    if what_happened == Conversation.WhatHappened.RESOLVED
                    else Episode.CloseReason.CONNECTED_TO_COMMUNITY
                )
                if closed
                else "",
                created_by=hub_worker,
            )
        )
        conversation_specs.append((session_id, day, hub_id, what_happened))
    episodes = Episode.objects.bulk_create(episodes, batch_size=2000)
    Conversation.objects.bulk_create(
        (
            Conversation(
                episode=episode,
                kind=Conversation.Kind.LISTEN_AND_CONNECT,
                held_on=day,
                place=Conversation.Place.HUB_SESSION,
                hub_session_id=session_id,
                hub_id=hub_id,
                practitioner=hub_worker,
                what_matters=rng.choice(WHAT_MATTERS),
                what_happened=what_happened,
            )
            for episode, (session_id, day, hub_id, what_happened) in zip(
                episodes, conversation_specs, strict=True
            )
        ),
        batch_size=2000,
    )
    ctx.say(f"  {len(people)} people, {len(episodes)} episodes")
