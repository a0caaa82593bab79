"""The drop-in rules (conversations/services/dropins.py), through the service: episodes opened
or reused, the kind of conversation, each "what happened", closed sessions, and idempotency."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cls_portal.audit.models import AuditEntry
from cls_portal.permissions import Role
from conversations.models import Conversation, Episode, Person, Signpost, WaitingListEntry
from conversations.services.dropins import NewPerson, PossibleDuplicates, dropin_log
from conversations.services.signposts import signpost_follow_up_record
from hubs.models import HubSession
from hubs.services.sessions import hub_session_close
from tests.factories import ConversationFactory, EpisodeFactory, PersonFactory, WaitingListFactory

WhatHappened = Conversation.WhatHappened


@pytest.fixture
def worker(users):
    return users[Role.HUB_WORKER]


@pytest.fixture
def person(world):
    return PersonFactory(locality=world.locality, first_name="Morag", last_name="Smith")


def log(worker, session, **values):
    values.setdefault("what_matters", "Getting out more")
    values.setdefault("what_happened", WhatHappened.FOLLOW_UP)
    if values["what_happened"] == WhatHappened.FOLLOW_UP:
        values.setdefault("next_step", "Here next Tuesday")
    return dropin_log(actor=worker, session=session, **values)


def test_a_new_person_gets_an_episode_from_this_session_and_a_first_conversation(
    world, worker, session
):
    result = log(worker, session, new_person=NewPerson(first_name="Isla", last_name="Kerr"))
    person, episode, conversation = result.person, result.episode, result.conversation
    assert (person.partnership, person.locality) == (world.partnership, world.locality)
    assert person.created_by == worker
    assert episode.first_contact_on == session.date
    assert episode.first_contact_session == session
    assert episode.channel == Episode.Channel.HUB_DROP_IN
    assert episode.state == Episode.State.CONVERSATION_1
    assert episode.first_conversation_on == session.date
    assert (conversation.kind, conversation.place) == (1, Conversation.Place.HUB_SESSION)
    assert (conversation.hub_session, conversation.hub) == (session, session.hub)
    assert conversation.next_step == "Here next Tuesday"
    assert AuditEntry.objects.filter(model="conversations.person", action="create").count() == 1


def test_an_appointment_session_opens_the_episode_through_the_hub_appointment_channel(
    worker, session, person
):
    session.mode = HubSession.Mode.APPOINTMENT
    session.save()
    assert log(worker, session, person=person).episode.channel == Episode.Channel.HUB_APPOINTMENT


def test_a_returning_person_with_an_open_episode_gets_no_new_episode(worker, session, person):
    episode = EpisodeFactory(
        person=person, first_contact_on=session.date - datetime.timedelta(days=20)
    )
    result = log(worker, session, person=person)
    assert result.episode.pk == episode.pk
    assert Episode.objects.filter(person=person).count() == 1
    assert result.conversation.kind == 1


def test_a_returning_person_whose_episode_closed_starts_a_new_one(worker, session, person):
    EpisodeFactory(
        person=person, state=Episode.State.CLOSED,
        first_contact_on=session.date - datetime.timedelta(days=90),
        closed_on=session.date - datetime.timedelta(days=60),
        close_reason=Episode.CloseReason.RESOLVED_AT_FIRST_CONTACT,
    )  # fmt: skip
    result = log(worker, session, person=person)
    assert Episode.objects.filter(person=person).count() == 2
    assert result.episode.is_open and result.episode.first_contact_on == session.date


def test_resolved_at_first_contact_closes_the_new_episode_that_day(worker, session, person):
    result = log(worker, session, person=person, what_happened=WhatHappened.RESOLVED)
    episode = result.episode
    assert episode.state == Episode.State.CLOSED
    assert episode.close_reason == Episode.CloseReason.RESOLVED_AT_FIRST_CONTACT
    assert episode.closed_on == session.date
    assert episode.support_in_place_on == session.date


def test_resolved_on_a_later_visit_closes_as_no_longer_needed_or_connected(
    worker, session, person, solution
):
    # An episode whose first conversation was three weeks ago and nothing taken up:
    # resolved now → "no longer needed".
    start = session.date - datetime.timedelta(days=21)
    episode = EpisodeFactory(person=person, first_contact_on=start, first_conversation_on=start)
    result = log(worker, session, person=person, what_happened=WhatHappened.RESOLVED)
    assert result.episode.close_reason == Episode.CloseReason.NO_LONGER_NEEDED
    # A second person whose earlier signpost was taken up → "connected to community support".
    other = PersonFactory(locality=person.locality, first_name="Bill")
    episode = EpisodeFactory(person=other, first_contact_on=start, first_conversation_on=start)
    earlier = ConversationFactory(episode=episode, held_on=start)
    Signpost.objects.create(
        episode=episode, conversation=earlier, solution=solution, created_on=start,
        status=Signpost.Status.TAKEN_UP, followed_up_on=start,
    )  # fmt: skip
    result = log(worker, session, person=other, what_happened=WhatHappened.RESOLVED)
    assert result.episode.close_reason == Episode.CloseReason.CONNECTED_TO_COMMUNITY


def test_connected_signposts_each_chosen_solution_with_a_follow_up_in_four_weeks(
    world, worker, session, person, solution
):
    from tests.factories import CommunitySolutionFactory

    second = CommunitySolutionFactory(partnership=world.partnership, name="Walking group")
    result = log(
        worker, session, person=person, what_happened=WhatHappened.CONNECTED,
        solutions=[solution, second],
    )  # fmt: skip
    signposts = Signpost.objects.filter(conversation=result.conversation).order_by("solution__name")
    assert [s.solution for s in signposts] == [solution, second]
    for signpost in signposts:
        assert signpost.status == Signpost.Status.SUGGESTED
        assert signpost.created_on == session.date
        assert signpost.follow_up_on == session.date + datetime.timedelta(weeks=4)
        assert signpost.episode == result.episode
    assert result.episode.is_open  # connected: open until the follow-up shows how it went


def test_connected_with_a_chosen_follow_up_date_uses_it(worker, session, person, solution):
    when = session.date + datetime.timedelta(days=10)
    result = log(
        worker, session, person=person, what_happened=WhatHappened.CONNECTED,
        solutions=[solution], follow_up_on=when,
    )  # fmt: skip
    assert result.signposts[0].follow_up_on == when


def test_connected_without_a_solution_is_refused_and_changes_nothing(worker, session):
    with pytest.raises(ValidationError) as error:
        log(
            worker, session, new_person=NewPerson(first_name="Ann", last_name="Reid"),
            what_happened=WhatHappened.CONNECTED,
        )  # fmt: skip
    assert "solutions" in error.value.message_dict
    assert not Person.objects.exists() and not Episode.objects.exists()


def test_added_to_a_waiting_list_puts_them_on_the_chosen_list(world, worker, session, person):
    waiting_list = WaitingListFactory(partnership=world.partnership, name="OT assessment")
    result = log(
        worker, session, person=person, what_happened=WhatHappened.WAITING_LIST,
        waiting_list=waiting_list,
    )  # fmt: skip
    entry = WaitingListEntry.objects.get(episode=result.episode)
    assert (entry.waiting_list, entry.added_on) == (waiting_list, session.date)
    assert result.waiting_list_entry == entry


def test_referred_for_crisis_support_records_it_for_the_crisis_board(worker, session, person):
    result = log(worker, session, person=person, what_happened=WhatHappened.CRISIS)
    assert result.conversation.what_happened == WhatHappened.CRISIS
    assert result.conversation.kind == 1
    assert result.episode.state == Episode.State.CONVERSATION_1
    assert not result.episode.crisis_plans.exists()
    result.episode.refresh_from_db()
    assert result.episode.crisis_referred_on == session.date  # waiting on the crisis board


def test_a_visit_by_someone_in_crisis_keeps_them_in_conversation_two(worker, session, person):
    start = session.date - datetime.timedelta(days=5)
    episode = EpisodeFactory(
        person=person, state=Episode.State.CONVERSATION_2, first_contact_on=start,
        first_conversation_on=start, last_conversation_on=start, crisis_started_on=start,
    )  # fmt: skip
    result = log(worker, session, person=person)
    assert result.conversation.kind == 2
    result.episode.refresh_from_db()
    assert result.episode.state == Episode.State.CONVERSATION_2
    with pytest.raises(ValidationError) as error:
        log(worker, session, person=person, what_happened=WhatHappened.RESOLVED)
    assert "with a practitioner" in str(error.value)
    episode.refresh_from_db()
    assert episode.is_open


def test_a_closed_session_takes_no_more_visits(worker, session, person):
    hub_session_close(actor=worker, session=session)
    with pytest.raises(ValidationError, match="closed"):
        log(worker, session, person=person)
    assert not Conversation.objects.exists()


def test_a_person_of_another_partnership_is_refused(world, worker, session):
    stranger = PersonFactory(locality=world.outsider_locality)
    with pytest.raises(ValidationError):
        log(worker, session, person=stranger)
    assert not Episode.objects.exists()


def test_a_repeated_submission_returns_the_first_visit_and_creates_nothing(
    world, worker, session, solution
):
    token = uuid.uuid4()
    values = {
        "new_person": NewPerson(first_name="Isla", last_name="Kerr"),
        "what_happened": WhatHappened.CONNECTED,
        "solutions": [solution],
        "submission_token": token,
    }
    first = log(worker, session, **values)
    audit_rows = AuditEntry.objects.count()
    second = log(worker, session, **values)
    assert first.created and not second.created
    assert second.conversation.pk == first.conversation.pk
    assert second.person.pk == first.person.pk
    assert [s.pk for s in second.signposts] == [s.pk for s in first.signposts]
    assert (Person.objects.count(), Episode.objects.count(), Conversation.objects.count()) == (
        1,
        1,
        1,
    )
    assert Signpost.objects.count() == 1
    assert AuditEntry.objects.count() == audit_rows


def test_a_token_used_at_another_session_is_refused(
    worker, session, other_session, person, make_user, world
):
    token = uuid.uuid4()
    log(worker, session, person=person, submission_token=token)
    elsewhere = make_user(Role.HUB_WORKER, localities=[world.other_locality])
    with pytest.raises(ValidationError, match="another session"):
        log(elsewhere, other_session, person=person, submission_token=token)


def test_two_submissions_racing_with_one_token_record_one_visit(worker, session, monkeypatch):
    """The second of two simultaneous submissions passes the first check (the first has not
    committed yet) and then hits the unique token: its own writes, the new person included,
    roll back and it returns the first one's result."""
    from conversations.services import dropins

    token = uuid.uuid4()
    first = log(
        worker,
        session,
        new_person=NewPerson(first_name="Isla", last_name="Kerr"),
        submission_token=token,
    )
    real_lookup = dropins.dropin_for_token
    calls = {"n": 0}

    def late_lookup(found_token, *, session):
        calls["n"] += 1
        return None if calls["n"] == 1 else real_lookup(found_token, session=session)

    monkeypatch.setattr(dropins, "dropin_for_token", late_lookup)
    second = log(
        worker, session, new_person=NewPerson(first_name="Isla", last_name="Kerr"),
        confirm_new=True, submission_token=token,
    )  # fmt: skip
    assert not second.created and second.conversation.pk == first.conversation.pk
    assert Person.objects.count() == 1 and Episode.objects.count() == 1


def test_a_new_person_like_someone_known_is_offered_the_candidates_first(world, worker, session):
    known = PersonFactory(
        locality=world.locality, first_name="Catherine", last_name="Robertson",
        date_of_birth=datetime.date(1948, 3, 2),
    )  # fmt: skip
    newcomer = NewPerson(
        first_name="Cathy", last_name="Robson", date_of_birth=datetime.date(1948, 3, 2)
    )
    with pytest.raises(PossibleDuplicates) as raised:
        log(worker, session, new_person=newcomer)
    assert raised.value.candidates == [known]
    assert Person.objects.count() == 1 and not Episode.objects.exists()
    confirmed = log(worker, session, new_person=newcomer, confirm_new=True)
    assert confirmed.person.pk != known.pk and Person.objects.count() == 2


def test_taking_up_a_signpost_puts_support_in_place_on_that_day(worker, session, person, solution):
    result = log(
        worker, session, person=person, what_happened=WhatHappened.CONNECTED, solutions=[solution]
    )
    signpost_follow_up_record(
        actor=worker, signpost=result.signposts[0], status="taken_up", on=timezone.localdate()
    )
    result.episode.refresh_from_db()
    assert result.episode.support_in_place_on == timezone.localdate()
