"""One episode's demo story, told step by step under the pathway's own rules.

Nothing is written here: the records a journey makes are kept on it and bulk-inserted later.
Each step checks the move with ``episode_check_move`` and takes what it does to the episode
from ``conversations.services.pathway_rules`` (the pure functions the services apply), then
carries out the knock-on effects on the journey's own records: the open crisis plan ended on
leaving crisis, waiting lists emptied on close, the hub appointment list ended by a
conversation at a hub.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from conversations.models import (
    Conversation,
    CrisisPlan,
    Episode,
    SupportPlan,
    WaitingList,
    WaitingListEntry,
)
from conversations.services.pathway import episode_check_move
from conversations.services.pathway_rules import (
    STATE_FOR_KIND,
    Effects,
    crisis_plan_ends_on,
    episode_after_close,
    episode_after_conversation,
)
from demo.bulk import new

State = Episode.State
Reason = WaitingListEntry.RemovalReason


@dataclass
class Journey:
    """One episode's story, told step by step under the pathway's rules."""

    episode: Episode
    first_conversation_id: int | None
    conversations: list[Conversation] = field(default_factory=list)
    crisis_plans: list[CrisisPlan] = field(default_factory=list)
    support_plans: list[tuple[SupportPlan, list[int]]] = field(default_factory=list)
    entries: list[WaitingListEntry] = field(default_factory=list)
    changed: bool = False

    @property
    def last_day(self) -> datetime.date:
        return self.episode.last_conversation_on or self.episode.first_contact_on

    def _check_order(self, day: datetime.date) -> None:
        # Stricter than the services (which allow a late conversation of the current kind):
        # a story told in order never needs one.
        if day < self.last_day:
            raise ValueError("Demo journey went back in time.")

    def _end_crisis_plans(self, day: datetime.date) -> None:
        for plan in self.crisis_plans:
            if plan.ended_on is None:
                plan.ended_on = crisis_plan_ends_on(
                    plan_started_on=plan.conversation.held_on, on=day
                )

    def _take_off_lists(self, day: datetime.date, reason: str, *, hub_only: bool) -> None:
        """As ``waiting_list_entry_remove`` does: never before they were added."""
        for entry in self.entries:
            if entry.removed_on is None and (
                entry.waiting_list.is_hub_appointments or not hub_only
            ):
                entry.removed_on, entry.removal_reason = max(day, entry.added_on), reason

    def _follow(self, effects: Effects, day: datetime.date) -> None:
        """Carry out what the pathway's rules say an event does, as the services would."""
        if effects.ends_crisis_plan:
            self._end_crisis_plans(day)
        if effects.waiting_list_removal:
            self._take_off_lists(day, effects.waiting_list_removal, hub_only=False)
        if effects.hub_appointment_seen:
            self._take_off_lists(day, Reason.SEEN, hub_only=True)
        effects.apply(self.episode)
        self.changed = True

    def talk(self, kind: int, day: datetime.date, **fields: Any) -> Conversation:
        episode_check_move(self.episode, STATE_FOR_KIND[kind])
        self._check_order(day)
        effects = episode_after_conversation(
            self.episode,
            kind=kind,
            held_on=day,
            what_happened=fields.get("what_happened", ""),
            at_hub=fields.get("place") == Conversation.Place.HUB_SESSION
            or fields.get("hub_session_id") is not None,
        )
        self._follow(effects, day)
        conversation = new(Conversation, episode=self.episode, kind=kind, held_on=day, **fields)
        self.conversations.append(conversation)
        return conversation

    def close(self, reason: str, day: datetime.date) -> None:
        episode_check_move(self.episode, State.CLOSED)
        self._check_order(day)
        self._follow(episode_after_close(self.episode, reason=reason, closed_on=day), day)

    def crisis_plan(self, conversation: Conversation, **fields: Any) -> None:
        """As ``crisis_conversation_record`` does: a new conversation 2 replaces the open plan."""
        self._end_crisis_plans(conversation.held_on)
        self.crisis_plans.append(
            new(CrisisPlan, episode=self.episode, conversation=conversation, **fields)
        )

    def wait(
        self, waiting_list: WaitingList, day: datetime.date, **fields: Any
    ) -> WaitingListEntry:
        entry = new(
            WaitingListEntry,
            episode=self.episode,
            waiting_list=waiting_list,
            added_on=day,
            **fields,
        )
        self.entries.append(entry)
        return entry
