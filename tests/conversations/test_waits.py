"""Milestones and waits on a hand-built journey whose answers are worked out by hand."""

from __future__ import annotations

import datetime

from django.utils import timezone

from conversations.models import Episode
from conversations.services.crisis import crisis_conversation_record
from conversations.services.pathway import (
    conversation_record,
    episode_close,
    episode_note_support_in_place,
    episode_open,
)
from conversations.services.plans import support_plan_conversation_record
from tests.factories import PersonFactory

D = datetime.date


def test_a_journey_through_all_three_conversations_gives_the_expected_milestones(
    world, make_user, monkeypatch
):
    # Pretend today is 30 June 2026 so every date below is fixed.
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: D(2026, 6, 30))
    actor = make_user("practitioner")
    person = PersonFactory(locality=world.locality)
    # First contact 1 March (a phone call); first conversation 11 March: a wait of 10 days.
    episode = episode_open(
        actor=actor, person=person, first_contact_on=D(2026, 3, 1), channel="phone"
    )
    conversation_record(
        actor=actor,
        episode=episode,
        kind=1,
        held_on=D(2026, 3, 11),
        place="hub_session",
        what_matters="Company in the afternoons",
    )
    # Into crisis on 20 March; a second crisis conversation on 25 March keeps the same start.
    for day in (D(2026, 3, 20), D(2026, 3, 25)):
        crisis_conversation_record(
            actor=actor,
            episode=episode,
            plan="Daily calls",
            rag="red",
            review_by=D(2026, 7, 1),
            held_on=day,
            place="home",
            what_matters="Carer in hospital",
        )
    # Conversation 3 on 2 April with a plan; funding approved, support in place 16 April:
    # 16 April − 11 March = 20 + 16 = 36 days after the first conversation.
    support_plan_conversation_record(
        actor=actor,
        episode=episode,
        summary="Day centre twice a week",
        new_outcomes="Get out more",
        held_on=D(2026, 4, 2),
        place="home",
        what_matters="A good week",
    )
    episode_note_support_in_place(actor=actor, episode=episode, on=D(2026, 4, 16))
    episode_close(actor=actor, episode=episode, reason="support_in_place", closed_on=D(2026, 5, 1))

    episode.refresh_from_db()
    assert episode.state == Episode.State.CLOSED
    assert episode.first_conversation_on == D(2026, 3, 11)
    assert episode.last_conversation_on == D(2026, 4, 2)
    assert episode.crisis_started_on == D(2026, 3, 20)
    assert episode.support_in_place_on == D(2026, 4, 16)
    assert episode.closed_on == D(2026, 5, 1)
    assert episode.days_to_first_conversation == 10
    assert episode.days_to_support_in_place == 36
    plans = list(episode.crisis_plans.order_by("pk").values_list("ended_on", flat=True))
    assert plans == [D(2026, 3, 25), D(2026, 4, 2)]  # replaced, then ended on leaving crisis


def test_no_wait_is_given_before_the_milestone_happens(world):
    episode = Episode(first_contact_on=D(2026, 1, 5))
    assert episode.days_to_first_conversation is None
    assert episode.days_to_support_in_place is None
    episode.first_conversation_on = D(2026, 1, 5)
    assert episode.days_to_first_conversation == 0
