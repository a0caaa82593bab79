"""The pathway's rules as pure functions: what each event does to an episode, worked out by hand
on unsaved episodes (no database). The services and the demo seeder both apply these."""

from __future__ import annotations

import datetime

from conversations.models import Conversation, Episode, WaitingListEntry
from conversations.services.pathway_rules import (
    episode_after_close,
    episode_after_conversation,
    episode_after_support,
)

D = datetime.date
State = Episode.State
Kind = Conversation.Kind
Happened = Conversation.WhatHappened
Removal = WaitingListEntry.RemovalReason


def episode(**fields) -> Episode:
    return Episode(first_contact_on=D(2026, 3, 2), **{"state": State.WAITING, **fields})


def test_a_first_conversation_moves_a_waiting_episode_and_sets_both_milestones():
    effects = episode_after_conversation(
        episode(), kind=Kind.LISTEN_AND_CONNECT, held_on=D(2026, 3, 4)
    )
    assert effects.changes["state"] == State.CONVERSATION_1
    assert effects.changes["first_conversation_on"] == D(2026, 3, 4)
    assert effects.changes["last_conversation_on"] == D(2026, 3, 4)
    assert not effects.ends_crisis_plan and not effects.hub_appointment_seen


def test_a_late_conversation_of_the_current_kind_keeps_the_latest_day_and_the_state():
    current = episode(
        state=State.CONVERSATION_1,
        first_conversation_on=D(2026, 3, 4),
        last_conversation_on=D(2026, 3, 20),
    )
    effects = episode_after_conversation(
        current, kind=Kind.LISTEN_AND_CONNECT, held_on=D(2026, 3, 10)
    )
    assert "state" not in effects.changes
    assert effects.changes["first_conversation_on"] == D(2026, 3, 4)
    assert effects.changes["last_conversation_on"] == D(2026, 3, 20)


def test_a_referral_waits_until_a_crisis_conversation_starts_on_or_after_it():
    referred = episode_after_conversation(
        episode(),
        kind=Kind.LISTEN_AND_CONNECT,
        held_on=D(2026, 3, 4),
        what_happened=Happened.CRISIS,
    )
    assert referred.changes["crisis_referred_on"] == D(2026, 3, 4)
    current = episode()
    referred.apply(current)
    crisis = episode_after_conversation(current, kind=Kind.CRISIS, held_on=D(2026, 3, 6))
    assert crisis.changes["state"] == State.CONVERSATION_2
    assert crisis.changes["crisis_started_on"] == D(2026, 3, 6)
    assert crisis.changes["crisis_referred_on"] is None


def test_leaving_crisis_ends_the_open_plan_and_staying_in_crisis_does_not():
    in_crisis = episode(
        state=State.CONVERSATION_2,
        first_conversation_on=D(2026, 3, 4),
        last_conversation_on=D(2026, 3, 4),
        crisis_started_on=D(2026, 3, 4),
    )
    again = episode_after_conversation(in_crisis, kind=Kind.CRISIS, held_on=D(2026, 3, 9))
    assert not again.ends_crisis_plan
    assert again.changes.get("crisis_started_on", in_crisis.crisis_started_on) == D(2026, 3, 4)
    onwards = episode_after_conversation(in_crisis, kind=Kind.GOOD_LIFE, held_on=D(2026, 3, 20))
    assert onwards.ends_crisis_plan and onwards.changes["state"] == State.CONVERSATION_3
    closing = episode_after_close(in_crisis, reason="crisis_resolved", closed_on=D(2026, 3, 30))
    assert closing.ends_crisis_plan


def test_resolved_there_and_then_puts_support_in_place_that_day_the_earliest_kept():
    resolved = episode_after_conversation(
        episode(), kind=Kind.LISTEN_AND_CONNECT, held_on=D(2026, 3, 4), what_happened="resolved"
    )
    assert resolved.changes["support_in_place_on"] == D(2026, 3, 4)
    supported = episode(
        state=State.CONVERSATION_1,
        first_conversation_on=D(2026, 3, 4),
        support_in_place_on=D(2026, 3, 10),
    )
    assert episode_after_support(supported, on=D(2026, 3, 20)).changes == {
        "support_in_place_on": D(2026, 3, 10)
    }
    assert episode_after_support(supported, on=D(2026, 3, 8)).changes == {
        "support_in_place_on": D(2026, 3, 8)
    }


def test_support_is_never_in_place_before_the_first_conversation():
    talked = episode(state=State.CONVERSATION_1, first_conversation_on=D(2026, 3, 4))
    assert episode_after_support(talked, on=D(2026, 3, 1)).changes == {
        "support_in_place_on": D(2026, 3, 4)
    }


def test_a_conversation_at_a_hub_ends_the_hub_appointment_wait():
    effects = episode_after_conversation(
        episode(), kind=Kind.LISTEN_AND_CONNECT, held_on=D(2026, 3, 4), at_hub=True
    )
    assert effects.hub_appointment_seen


def test_closing_takes_the_person_off_waiting_lists_with_the_reason_that_fits():
    current = episode(state=State.CONVERSATION_1, first_conversation_on=D(2026, 3, 4))
    day = D(2026, 4, 1)
    died = episode_after_close(current, reason=Episode.CloseReason.DIED, closed_on=day)
    assert died.waiting_list_removal == Removal.DIED
    assert died.changes == {
        "state": State.CLOSED,
        "closed_on": day,
        "close_reason": Episode.CloseReason.DIED,
    }
    assert not died.ends_crisis_plan
    moved = episode_after_close(current, reason=Episode.CloseReason.MOVED_AWAY, closed_on=day)
    assert moved.waiting_list_removal == Removal.MOVED_AWAY
    other = episode_after_close(current, reason=Episode.CloseReason.TRANSFERRED, closed_on=day)
    assert other.waiting_list_removal == Removal.NO_LONGER_NEEDED
