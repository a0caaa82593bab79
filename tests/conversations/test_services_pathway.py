"""The pathway state machine: every allowed and refused move, and the derived milestones."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.core.exceptions import ValidationError

from cls_portal.audit.models import AuditEntry
from conversations.models import Conversation, Episode
from conversations.selectors.crisis import crisis_referrals
from conversations.services.pathway import (
    ALLOWED_MOVES,
    MoveRefused,
    conversation_record,
    crisis_referrals_recompute,
    episode_check_move,
    episode_close,
    episode_note_support_in_place,
    episode_open,
    episode_reopen,
)
from tests.factories import EpisodeFactory, HubSessionFactory, PersonFactory

State = Episode.State
Kind = Conversation.Kind
DAY = datetime.timedelta(days=1)

# The pathway as the issue states it, written out by hand so the table in the code is checked.
EXPECTED_ALLOWED = {
    (State.WAITING, State.CONVERSATION_1),
    (State.WAITING, State.CONVERSATION_2),
    (State.WAITING, State.CLOSED),
    (State.CONVERSATION_1, State.CONVERSATION_2),
    (State.CONVERSATION_1, State.CONVERSATION_3),
    (State.CONVERSATION_1, State.CLOSED),
    (State.CONVERSATION_2, State.CONVERSATION_1),
    (State.CONVERSATION_2, State.CONVERSATION_3),
    (State.CONVERSATION_2, State.CLOSED),
    (State.CONVERSATION_3, State.CONVERSATION_2),
    (State.CONVERSATION_3, State.CLOSED),
}
ALL_MOVES = [(a, b) for a, b in itertools.product(State.values, repeat=2) if a != b]


def test_the_table_in_the_code_is_the_documented_pathway():
    table = {(a, b) for a, targets in ALLOWED_MOVES.items() for b in targets}
    assert table == EXPECTED_ALLOWED


@pytest.mark.parametrize(("from_state", "to_state"), ALL_MOVES)
def test_every_move_is_allowed_or_refused_as_documented(from_state, to_state, today):
    episode = Episode(state=from_state, first_contact_on=today)
    if (from_state, to_state) in EXPECTED_ALLOWED:
        episode_check_move(episode, to_state)
    else:
        with pytest.raises(MoveRefused):
            episode_check_move(episode, to_state)


@pytest.mark.parametrize(
    ("start", "kind", "allowed"),
    [
        (State.CONVERSATION_1, Kind.CRISIS, True),
        (State.CONVERSATION_1, Kind.GOOD_LIFE, True),
        (State.CONVERSATION_2, Kind.LISTEN_AND_CONNECT, True),
        (State.CONVERSATION_2, Kind.GOOD_LIFE, True),
        (State.CONVERSATION_3, Kind.CRISIS, True),
        (State.CONVERSATION_3, Kind.LISTEN_AND_CONNECT, False),
        (State.WAITING, Kind.GOOD_LIFE, False),
    ],
)
def test_recording_a_conversation_moves_the_episode_or_is_refused_changing_nothing(
    make_user, world, start, kind, allowed, today
):
    episode = EpisodeFactory(
        person__locality=world.locality, state=start, first_contact_on=today - 5 * DAY
    )
    actor = make_user()
    if allowed:
        conversation_record(
            actor=actor, episode=episode, kind=kind, held_on=today, place="home", what_matters="x"
        )
        episode.refresh_from_db()
        assert (
            episode.state
            == {1: State.CONVERSATION_1, 2: State.CONVERSATION_2, 3: State.CONVERSATION_3}[kind]
        )
    else:
        with pytest.raises(MoveRefused):
            conversation_record(
                actor=actor,
                episode=episode,
                kind=kind,
                held_on=today,
                place="home",
                what_matters="x",
            )
        episode.refresh_from_db()
        assert episode.state == start
        assert not Conversation.objects.exists()
        assert not AuditEntry.objects.exists()


def test_milestones_are_derived_from_the_conversations(make_user, world, today):
    actor = make_user()
    person = PersonFactory(locality=world.locality)
    first_contact = today - 30 * DAY
    episode = episode_open(
        actor=actor, person=person, first_contact_on=first_contact, channel="phone"
    )
    assert episode.state == State.WAITING
    assert episode.first_conversation_on is None

    conversation_record(
        actor=actor,
        episode=episode,
        kind=Kind.LISTEN_AND_CONNECT,
        held_on=first_contact + 12 * DAY,
        place="phone",
        what_matters="company",
    )
    conversation_record(
        actor=actor,
        episode=episode,
        kind=Kind.CRISIS,
        held_on=first_contact + 20 * DAY,
        place="home",
        what_matters="carer in hospital",
    )
    episode.refresh_from_db()
    assert episode.state == State.CONVERSATION_2
    assert episode.first_conversation_on == first_contact + 12 * DAY
    assert episode.last_conversation_on == first_contact + 20 * DAY
    assert episode.crisis_started_on == first_contact + 20 * DAY
    assert episode.support_in_place_on is None

    episode_note_support_in_place(actor=actor, episode=episode, on=first_contact + 25 * DAY)
    episode_note_support_in_place(actor=actor, episode=episode, on=first_contact + 28 * DAY)
    episode.refresh_from_db()
    assert episode.support_in_place_on == first_contact + 25 * DAY  # the earliest is kept


def test_resolved_there_and_then_puts_support_in_place_that_day(make_user, world, today):
    episode = EpisodeFactory(person__locality=world.locality, state=State.WAITING)
    conversation_record(
        actor=make_user(),
        episode=episode,
        kind=Kind.LISTEN_AND_CONNECT,
        held_on=today,
        place="hub_session",
        what_matters="a bus pass",
        what_happened="resolved",
    )
    episode.refresh_from_db()
    assert episode.support_in_place_on == today


def test_a_conversation_before_first_contact_or_in_the_future_is_refused(make_user, world, today):
    episode = EpisodeFactory(person__locality=world.locality, first_contact_on=today - DAY)
    for day in (today - 2 * DAY, today + DAY):
        with pytest.raises(ValidationError):
            conversation_record(
                actor=make_user(),
                episode=episode,
                kind=1,
                held_on=day,
                place="home",
                what_matters="x",
            )
    assert not Conversation.objects.exists()


def test_a_person_has_one_open_episode_at_a_time(make_user, world, today):
    actor = make_user()
    person = PersonFactory(locality=world.locality)
    episode_open(actor=actor, person=person, first_contact_on=today, channel="phone")
    with pytest.raises(ValidationError, match="already has an open episode"):
        episode_open(actor=actor, person=person, first_contact_on=today, channel="phone")
    assert Episode.objects.filter(person=person).count() == 1


def test_an_episode_opened_at_a_session_belongs_to_the_hubs_locality(make_user, world, today):
    person = PersonFactory(locality=world.locality)
    session = HubSessionFactory(hub__locality=world.other_locality)
    episode = episode_open(
        actor=make_user(),
        person=person,
        first_contact_on=today,
        channel="hub_drop_in",
        session=session,
    )
    assert episode.locality == world.other_locality
    assert episode.first_contact_session == session


def test_closing_needs_a_reason_and_a_closed_episode_only_reopens_as_a_new_one(
    make_user, world, today
):
    actor = make_user()
    episode = EpisodeFactory(person__locality=world.locality, first_contact_on=today - 3 * DAY)
    with pytest.raises(ValidationError):
        episode_close(actor=actor, episode=episode, reason="")
    episode_close(actor=actor, episode=episode, reason="resolved_first_contact")
    episode.refresh_from_db()
    assert (episode.state, episode.closed_on) == (State.CLOSED, today)

    with pytest.raises(MoveRefused, match="closed"):
        conversation_record(
            actor=actor, episode=episode, kind=1, held_on=today, place="home", what_matters="x"
        )
    with pytest.raises(MoveRefused):
        episode_close(actor=actor, episode=episode, reason="died")

    new = episode_reopen(actor=actor, episode=episode, channel="phone")
    assert new.pk != episode.pk
    assert new.reopened_from == episode
    assert new.state == State.WAITING
    assert new.locality_id == episode.locality_id
    with pytest.raises(MoveRefused):
        episode_reopen(actor=actor, episode=new, channel="phone")


def test_every_pathway_write_is_audited(make_user, world, today):
    actor = make_user()
    person = PersonFactory(locality=world.locality)
    episode = episode_open(actor=actor, person=person, first_contact_on=today, channel="phone")
    conversation_record(
        actor=actor, episode=episode, kind=1, held_on=today, place="phone", what_matters="x"
    )
    entries = list(AuditEntry.objects.order_by("pk").values_list("action", "model", "person_id"))
    assert entries == [
        ("create", "conversations.episode", person.pk),
        ("create", "conversations.conversation", person.pk),
        ("update", "conversations.episode", person.pk),
    ]


def _talk(actor, episode, kind, day, what_happened=""):
    return conversation_record(
        actor=actor,
        episode=episode,
        kind=kind,
        held_on=day,
        place=Conversation.Place.PHONE,
        what_matters="Talked it through",
        what_happened=what_happened,
    )


def test_a_referral_for_crisis_support_waits_until_a_crisis_conversation_on_or_after_it(
    make_user, world, today
):
    actor = make_user("practitioner")
    episode = EpisodeFactory(
        person__locality=world.locality, state=State.WAITING, first_contact_on=today - 20 * DAY
    )
    waiting = lambda: [(e.pk, e.referred_on) for e in crisis_referrals(user=actor)]  # noqa: E731

    _talk(actor, episode, Kind.LISTEN_AND_CONNECT, today - 10 * DAY, "crisis")
    assert waiting() == [(episode.pk, today - 10 * DAY)]
    # Referred again later: the board shows the latest referral.
    _talk(actor, episode, Kind.LISTEN_AND_CONNECT, today - 8 * DAY, "crisis")
    assert waiting() == [(episode.pk, today - 8 * DAY)]
    # The crisis conversation: no longer waiting.
    _talk(actor, episode, Kind.CRISIS, today - 6 * DAY)
    episode.refresh_from_db()
    assert (episode.crisis_referred_on, waiting()) == (None, [])
    # Out of crisis, then referred again: waiting again.
    _talk(actor, episode, Kind.LISTEN_AND_CONNECT, today - 4 * DAY)
    _talk(actor, episode, Kind.LISTEN_AND_CONNECT, today - 2 * DAY, "crisis")
    assert waiting() == [(episode.pk, today - 2 * DAY)]
    # Working the referrals out again from the conversations gives the same answer.
    assert crisis_referrals_recompute(partnership=world.partnership) == 1
    assert waiting() == [(episode.pk, today - 2 * DAY)]


def test_a_referral_recorded_late_for_a_day_before_the_crisis_started_is_not_waiting(
    make_user, world, today
):
    actor = make_user("practitioner")
    episode = EpisodeFactory(
        person__locality=world.locality, state=State.WAITING, first_contact_on=today - 20 * DAY
    )
    _talk(actor, episode, Kind.CRISIS, today - 5 * DAY)
    _talk(actor, episode, Kind.LISTEN_AND_CONNECT, today - 3 * DAY)
    # Conversation 1 recorded late, dated before the crisis started (its kind: no move).
    _talk(actor, episode, Kind.LISTEN_AND_CONNECT, today - 7 * DAY, "crisis")
    episode.refresh_from_db()
    assert episode.crisis_referred_on is None
    assert list(crisis_referrals(user=actor)) == []


def test_a_reopened_episode_cannot_start_before_the_old_one_closed(make_user, world, today):
    actor = make_user()
    episode = EpisodeFactory(person__locality=world.locality, first_contact_on=today - 9 * DAY)
    episode_close(actor=actor, episode=episode, reason="declined", closed_on=today - 3 * DAY)
    episode.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        episode_reopen(
            actor=actor, episode=episode, channel="phone", first_contact_on=today - 4 * DAY
        )
    assert "before the episode closed" in caught.value.message_dict["first_contact_on"][0]
    assert Episode.objects.count() == 1
    new = episode_reopen(
        actor=actor, episode=episode, channel="phone", first_contact_on=today - 3 * DAY
    )
    assert new.first_contact_on == today - 3 * DAY
