"""What a move does besides changing the state: crisis plans end, waiting lists empty, events
stay in order; and the moves the pages offer."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from conversations.models import Conversation, CrisisPlan, Episode, WaitingListEntry
from conversations.services.crisis import crisis_conversation_record
from conversations.services.pathway import (
    allowed_conversation_kinds,
    conversation_record,
    episode_close,
)
from conversations.services.waiting_lists import waiting_list_entry_add
from tests.factories import EpisodeFactory, HubSessionFactory, WaitingListFactory

State = Episode.State
DAY = datetime.timedelta(days=1)


def record(actor, episode, kind, held_on=None, **extra):
    """Record a conversation, held today unless ``held_on`` says otherwise."""
    return conversation_record(
        actor=actor,
        episode=episode,
        kind=kind,
        held_on=held_on or timezone.localdate(),
        place=extra.pop("place", "home"),
        what_matters="x",
        **extra,
    )


@pytest.fixture
def actor(make_user):
    return make_user("practitioner")


@pytest.fixture
def episode(world, today):
    return EpisodeFactory(
        person__locality=world.locality,
        state=State.CONVERSATION_1,
        first_contact_on=today - 20 * DAY,
    )


@pytest.mark.parametrize(
    ("state", "kinds"),
    [
        (State.WAITING, [1, 2]),
        (State.CONVERSATION_1, [1, 2, 3]),
        (State.CONVERSATION_2, [1, 2, 3]),
        (State.CONVERSATION_3, [2, 3]),
        (State.CLOSED, []),
    ],
)
def test_the_pages_offer_exactly_the_conversations_the_pathway_allows(state, kinds):
    assert allowed_conversation_kinds(Episode(state=state)) == kinds


@pytest.mark.parametrize("leave_by", ["conversation_1", "conversation_3", "close"])
def test_leaving_crisis_ends_the_open_crisis_plan_that_day(actor, episode, leave_by, today):
    plan = crisis_conversation_record(
        actor=actor,
        episode=episode,
        plan="Daily calls",
        rag="red",
        review_by=today,
        held_on=today - 10 * DAY,
        place="home",
        what_matters="Carer in hospital",
    )
    if leave_by == "close":
        episode_close(
            actor=actor, episode=episode, reason="crisis_resolved", closed_on=today - 2 * DAY
        )
    else:
        record(actor, episode, 1 if leave_by == "conversation_1" else 3, held_on=today - 2 * DAY)
    plan.refresh_from_db()
    assert plan.ended_on == today - 2 * DAY


def test_a_second_crisis_conversation_replaces_the_plan_and_keeps_the_old_one(
    actor, episode, today
):
    first = crisis_conversation_record(
        actor=actor,
        episode=episode,
        plan="A",
        rag="red",
        review_by=today,
        held_on=today - 5 * DAY,
        place="home",
        what_matters="x",
    )
    second = crisis_conversation_record(
        actor=actor,
        episode=episode,
        plan="B",
        rag="amber",
        review_by=today + 7 * DAY,
        held_on=today - DAY,
        place="phone",
        what_matters="x",
    )
    first.refresh_from_db()
    assert first.ended_on == today - DAY
    assert second.ended_on is None
    assert CrisisPlan.objects.filter(episode=episode, ended_on__isnull=True).get() == second
    episode.refresh_from_db()
    assert episode.crisis_started_on == today - 5 * DAY  # still the same spell in crisis


def test_closing_takes_the_person_off_every_list_with_a_fitting_reason(
    actor, episode, world, today
):
    lists = [WaitingListFactory(partnership=world.partnership) for _ in range(2)]
    for waiting_list in lists:
        waiting_list_entry_add(
            actor=actor, episode=episode, waiting_list=waiting_list, added_on=today - 9 * DAY
        )
    episode_close(actor=actor, episode=episode, reason="moved_away", closed_on=today - DAY)
    assert set(WaitingListEntry.objects.values_list("removed_on", "removal_reason")) == {
        (today - DAY, "moved_away")
    }


def test_closing_for_another_reason_means_no_longer_needed(actor, episode, world):
    waiting_list_entry_add(
        actor=actor, episode=episode, waiting_list=WaitingListFactory(partnership=world.partnership)
    )
    episode_close(actor=actor, episode=episode, reason="connected_community")
    assert WaitingListEntry.objects.get().removal_reason == "no_longer_needed"


def test_a_conversation_at_a_hub_ends_the_wait_for_a_hub_appointment_only(
    actor, episode, world, today
):
    hub_list = WaitingListFactory(partnership=world.partnership, is_hub_appointments=True)
    ot_list = WaitingListFactory(partnership=world.partnership)
    hub_entry = waiting_list_entry_add(
        actor=actor, episode=episode, waiting_list=hub_list, added_on=today - 4 * DAY
    )
    ot_entry = waiting_list_entry_add(actor=actor, episode=episode, waiting_list=ot_list)

    record(actor, episode, 1, place="phone")  # not at a hub: still waiting
    hub_entry.refresh_from_db()
    assert hub_entry.removed_on is None

    session = HubSessionFactory(hub__locality=world.locality, date=today)
    record(actor, episode, 1, place="hub_session", hub_session=session)
    hub_entry.refresh_from_db()
    ot_entry.refresh_from_db()
    assert (hub_entry.removed_on, hub_entry.removal_reason) == (today, "seen")
    assert ot_entry.removed_on is None


def test_a_move_cannot_be_dated_before_the_last_conversation_but_a_late_note_can(
    actor, episode, today
):
    record(actor, episode, 1, held_on=today - 5 * DAY)
    with pytest.raises(ValidationError, match="before the last conversation"):
        record(actor, episode, 2, held_on=today - 6 * DAY)
    with pytest.raises(ValidationError, match="before the last conversation"):
        episode_close(actor=actor, episode=episode, reason="declined", closed_on=today - 6 * DAY)
    record(actor, episode, 1, held_on=today - 8 * DAY)  # same kind, recorded late: fine
    episode.refresh_from_db()
    assert episode.state == State.CONVERSATION_1
    assert episode.first_conversation_on == today - 8 * DAY
    assert Conversation.objects.filter(kind=2).count() == 0


def test_an_episode_a_worker_starts_belongs_where_they_can_follow_it(world, make_user):
    from conversations.services.pathway import locality_for_new_episode
    from tests.factories import PersonFactory

    north = make_user("practitioner")
    southerner = PersonFactory(locality=world.other_locality)
    northerner = PersonFactory(locality=world.locality)
    assert locality_for_new_episode(user=north, person=northerner) == world.locality.pk
    # Someone from the South who came to a North worker: the episode is the North team's.
    assert locality_for_new_episode(user=north, person=southerner) == world.locality.pk
    admin = make_user("admin", localities=[])
    assert locality_for_new_episode(user=admin, person=southerner) == world.other_locality.pk


def test_a_conversation_at_a_hub_session_is_held_there_that_day(actor, episode, world, today):
    session = HubSessionFactory(hub__locality=world.locality, date=today - DAY)
    with pytest.raises(ValidationError) as caught:
        record(actor, episode, 1, place="hub_session", hub_session=session)
    assert caught.value.message_dict == {"hub_session": ["The session was on another day."]}
    with pytest.raises(ValidationError) as caught:
        record(actor, episode, 1, held_on=today - DAY, place="phone", hub_session=session)
    assert "place" in caught.value.message_dict
    assert not Conversation.objects.exists()
    record(actor, episode, 1, held_on=today - DAY, place="hub_session", hub_session=session)
    assert Conversation.objects.get().hub_id == session.hub_id
