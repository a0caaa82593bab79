"""conversation_record_any: the one service the page and the API call to record a conversation
of any kind, which brings what that kind needs (an emergency plan, a support plan)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from conversations.models import Conversation, CrisisPlan, Episode, PersonalOutcome, SupportPlan
from conversations.services.recording import conversation_record_any
from tests.factories import EpisodeFactory

DAY = datetime.timedelta(days=1)
Kind = Conversation.Kind


@pytest.fixture
def conversation(today) -> dict:
    return {"held_on": today, "place": "home", "what_matters": "Keeping my husband at home"}


@pytest.fixture
def episode(world, today):
    return EpisodeFactory(
        person__locality=world.locality,
        state=Episode.State.CONVERSATION_1,
        first_contact_on=today - 10 * DAY,
    )


def test_a_conversation_1_records_its_outcomes_and_ignores_plan_fields(
    make_user, episode, conversation
):
    recorded = conversation_record_any(
        actor=make_user(),
        episode=episode,
        kind=Kind.LISTEN_AND_CONNECT,
        new_outcomes="Get out more",
        plan="not for a conversation 1",
        summary="nor this",
        **conversation,
    )
    assert recorded.kind == Kind.LISTEN_AND_CONNECT
    assert not CrisisPlan.objects.exists() and not SupportPlan.objects.exists()
    assert list(PersonalOutcome.objects.values_list("statement", flat=True)) == ["Get out more"]


def test_a_conversation_2_brings_its_emergency_plan_and_has_no_what_happened(
    make_user, episode, conversation, today
):
    recorded = conversation_record_any(
        actor=make_user(),
        episode=episode,
        kind=Kind.CRISIS,
        plan="Daily calls",
        rag="amber",
        review_by=today + 3 * DAY,
        what_happened=Conversation.WhatHappened.RESOLVED,
        **conversation,
    )
    episode.refresh_from_db()
    assert episode.state == Episode.State.CONVERSATION_2
    assert recorded.what_happened == ""
    assert recorded.crisis_plan.plan == "Daily calls"


def test_a_conversation_3_needs_its_support_plan(make_user, episode, conversation):
    with pytest.raises(ValidationError) as caught:
        conversation_record_any(
            actor=make_user(), episode=episode, kind=Kind.GOOD_LIFE, **conversation
        )
    assert set(caught.value.message_dict) == {"summary", "outcomes"}
    assert not Conversation.objects.exists()

    recorded = conversation_record_any(
        actor=make_user(),
        episode=episode,
        kind=Kind.GOOD_LIFE,
        summary="A lunch club on Tuesdays",
        new_outcomes="Not to be lonely",
        **conversation,
    )
    assert recorded.support_plan.summary == "A lunch club on Tuesdays"
    assert [o.statement for o in recorded.support_plan.outcomes.all()] == ["Not to be lonely"]
