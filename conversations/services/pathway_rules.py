"""What each event on the pathway does to an episode, as pure functions.

No database access and no audit: each function reads an episode's state and milestones and says
which fields change and what else must follow. The services (``conversations.services.pathway``)
apply the result and carry out the knock-on effects with audited writes; the demo seeder
(``demo.pathway``) applies the same result to rows it writes in bulk, so the demo data cannot
drift from the product.

- A conversation moves the episode to the state of its kind (``STATE_FOR_KIND``); moving into
  conversation 2 starts the crisis that day; leaving it ends the open crisis plan that day. It
  derives ``first_conversation_on`` / ``last_conversation_on``, the pending crisis referral, and
  support in place when it resolved things there and then. One at a hub session takes the
  person off the hub appointment list ("seen").
- Support in place (``support_in_place_on``): the earliest such day is kept, and never before
  the first conversation.
- Closing ends the open crisis plan (from conversation 2) and takes the person off any waiting
  list the episode is still on: died / moved away keep their reason, anything else is "no longer
  needed".
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any, Protocol

from conversations.models import Conversation, Episode, WaitingListEntry

State = Episode.State
Kind = Conversation.Kind

STATE_FOR_KIND: dict[int, str] = {
    Kind.LISTEN_AND_CONNECT: State.CONVERSATION_1,
    Kind.CRISIS: State.CONVERSATION_2,
    Kind.GOOD_LIFE: State.CONVERSATION_3,
}
# Why someone comes off a waiting list when their episode closes (default: no longer needed).
REMOVAL_ON_CLOSE: dict[str, str] = {
    Episode.CloseReason.DIED: WaitingListEntry.RemovalReason.DIED,
    Episode.CloseReason.MOVED_AWAY: WaitingListEntry.RemovalReason.MOVED_AWAY,
}


class EpisodeFacts(Protocol):
    """What the rules read of an episode (an ``Episode``, saved or not, has it all)."""

    state: str
    first_conversation_on: datetime.date | None
    last_conversation_on: datetime.date | None
    support_in_place_on: datetime.date | None
    crisis_started_on: datetime.date | None
    crisis_referred_on: datetime.date | None


@dataclass(frozen=True)
class Effects:
    """What one event does: the episode fields to set, and what the caller must also do."""

    changes: dict[str, Any]
    ends_crisis_plan: bool = False  # left conversation 2: the open crisis plan ends that day
    hub_appointment_seen: bool = False  # off the hub appointment list, "seen", that day
    waiting_list_removal: str = ""  # closed: off every waiting list, for this reason

    def apply(self, episode: Any) -> None:
        for name, value in self.changes.items():
            setattr(episode, name, value)


def pending_crisis_referral(
    referred_on: datetime.date | None, crisis_started_on: datetime.date | None
) -> datetime.date | None:
    """A referral for crisis support waits until a crisis conversation starts on or after it."""
    if referred_on and crisis_started_on and referred_on <= crisis_started_on:
        return None
    return referred_on


def support_in_place_from(
    current: datetime.date | None, first_conversation_on: datetime.date | None, on: datetime.date
) -> datetime.date | None:
    """The day support is in place once something puts it in place ``on``."""
    if current is None or on < current:
        return max(on, first_conversation_on or on)
    return current


def episode_after_conversation(
    episode: EpisodeFacts,
    *,
    kind: int,
    held_on: datetime.date,
    what_happened: str = "",
    at_hub: bool = False,
) -> Effects:
    """A conversation of ``kind`` recorded on ``held_on`` (the move itself is checked apart)."""
    to_state = STATE_FOR_KIND[kind]
    changes: dict[str, Any] = {}
    crisis_started_on = episode.crisis_started_on
    leaves_crisis = False
    if episode.state != to_state:
        if to_state == State.CONVERSATION_2:
            changes["crisis_started_on"] = crisis_started_on = held_on
        leaves_crisis = episode.state == State.CONVERSATION_2
        changes["state"] = to_state
    referred_on = episode.crisis_referred_on
    if what_happened == Conversation.WhatHappened.CRISIS and kind != Kind.CRISIS:
        referred_on = max(filter(None, [referred_on, held_on]))
    changes["crisis_referred_on"] = pending_crisis_referral(referred_on, crisis_started_on)
    first = min(filter(None, [episode.first_conversation_on, held_on]))
    changes["first_conversation_on"] = first
    changes["last_conversation_on"] = max(filter(None, [episode.last_conversation_on, held_on]))
    if what_happened == Conversation.WhatHappened.RESOLVED:
        changes["support_in_place_on"] = support_in_place_from(
            episode.support_in_place_on, first, held_on
        )
    return Effects(changes, ends_crisis_plan=leaves_crisis, hub_appointment_seen=at_hub)


def episode_after_support(episode: EpisodeFacts, *, on: datetime.date) -> Effects:
    """Support is in place from ``on`` (a signpost taken up, funding approved)."""
    day = support_in_place_from(episode.support_in_place_on, episode.first_conversation_on, on)
    return Effects({"support_in_place_on": day})


def episode_after_close(episode: EpisodeFacts, *, reason: str, closed_on: datetime.date) -> Effects:
    """The episode closes for ``reason`` (the move itself is checked apart)."""
    return Effects(
        {"state": State.CLOSED, "closed_on": closed_on, "close_reason": reason},
        ends_crisis_plan=episode.state == State.CONVERSATION_2,
        waiting_list_removal=REMOVAL_ON_CLOSE.get(
            reason, WaitingListEntry.RemovalReason.NO_LONGER_NEEDED
        ),
    )


def crisis_plan_ends_on(*, plan_started_on: datetime.date, on: datetime.date) -> datetime.date:
    """An open crisis plan ends the day the episode moves on (never before it was made)."""
    return max(on, plan_started_on)
