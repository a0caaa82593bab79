"""The seeded drop-ins and signposts follow the same rules as the services: first contact at
the session, resolved-at-first-contact closes that day, signposts of running entries available
where the hub is, follow-up states that the follow-up moves allow, support in place from the
first take-up; and there is something to see (returning people, follow-ups due)."""

from __future__ import annotations

import datetime
import io
from collections import defaultdict

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Min

from conversations.models import Conversation, Episode, Person, Signpost
from conversations.selectors.signposts import signpost_follow_up_list
from hubs.models import CommunitySolution, HubSession

TODAY = datetime.date(2026, 11, 1)
Status = Signpost.Status


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Seed once for the module inside a transaction that is rolled back at the end, so
    nothing leaks into later tests (each test's own transaction nests inside it)."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", seed=5, today=TODAY, stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_seeded_drop_ins_start_their_episodes_at_the_session(seeded):
    sessions = {s.pk: s for s in HubSession.objects.all()}
    first_of = dict(
        Conversation.objects.values("episode_id")
        .annotate(first=Min("pk"))
        .values_list("episode_id", "first")
    )
    firsts = Conversation.objects.in_bulk(list(first_of.values()))
    from_sessions = Episode.objects.filter(first_contact_session__isnull=False)
    assert from_sessions.count() > 200
    for episode in from_sessions:
        session = sessions[episode.first_contact_session_id]
        first = firsts[first_of[episode.pk]]
        assert episode.first_contact_on == session.date == first.held_on
        expected = (
            "hub_appointment" if session.mode == HubSession.Mode.APPOINTMENT else "hub_drop_in"
        )
        assert episode.channel == expected
        assert (first.kind, first.hub_session_id, first.hub_id) == (1, session.pk, session.hub_id)
        if first.what_happened == Conversation.WhatHappened.RESOLVED:
            assert episode.state == Episode.State.CLOSED
            assert episode.closed_on == episode.support_in_place_on == session.date
            assert episode.close_reason == Episode.CloseReason.RESOLVED_AT_FIRST_CONTACT


@pytest.mark.django_db
def test_seeded_visits_are_at_sessions_of_the_right_hub_and_day(seeded):
    for conversation in Conversation.objects.filter(hub_session__isnull=False).select_related(
        "hub_session"
    ):
        assert conversation.place == Conversation.Place.HUB_SESSION
        assert conversation.hub_id == conversation.hub_session.hub_id
        assert conversation.held_on == conversation.hub_session.date


@pytest.mark.django_db
def test_some_people_come_back(seeded):
    returning = Person.objects.annotate(
        visits=Count("episodes__conversations", distinct=True)
    ).filter(visits__gte=2)
    assert returning.count() > 10
    twice = Person.objects.annotate(n=Count("episodes")).filter(n__gte=2)
    assert twice.exists()


@pytest.mark.django_db
def test_seeded_signposts_follow_the_signpost_rules(seeded):
    signposts = list(Signpost.objects.select_related("conversation__hub", "solution"))
    assert len(signposts) > 100
    coverage = defaultdict(set)
    for solution_id, locality_id in CommunitySolution.localities.through.objects.values_list(
        "communitysolution_id", "locality_id"
    ):
        coverage[solution_id].add(locality_id)
    statuses = {s.status for s in signposts}
    assert {Status.SUGGESTED, Status.TAKEN_UP, Status.NOT_TAKEN_UP} <= statuses
    for signpost in signposts:
        assert signpost.conversation.what_happened == Conversation.WhatHappened.CONNECTED
        assert signpost.created_on == signpost.conversation.held_on
        assert signpost.solution.is_active
        hub_locality = signpost.conversation.hub.locality_id
        assert not coverage[signpost.solution_id] or hub_locality in coverage[signpost.solution_id]
        if signpost.status in Signpost.FOLLOWED_UP:
            assert signpost.followed_up_on and signpost.follow_up_on is None
            assert signpost.created_on <= signpost.followed_up_on <= TODAY
        else:
            assert signpost.followed_up_on is None and signpost.follow_up_on
        assert bool(signpost.not_taken_up_reason) == (signpost.status == Status.NOT_TAKEN_UP)


@pytest.mark.django_db
def test_support_is_in_place_from_the_first_signpost_taken_up(seeded):
    taken = defaultdict(list)
    for episode_id, on in Signpost.objects.filter(
        status__in=[Status.TAKEN_UP, Status.ENDED]
    ).values_list("episode_id", "followed_up_on"):
        taken[episode_id].append(on)
    assert taken
    for episode in Episode.objects.filter(pk__in=list(taken)):
        assert episode.support_in_place_on is not None
        assert episode.support_in_place_on <= max(
            min(taken[episode.pk]), episode.first_conversation_on
        )
        if episode.close_reason == Episode.CloseReason.CONNECTED_TO_COMMUNITY:
            assert episode.closed_on >= max(taken[episode.pk])


@pytest.mark.django_db
def test_the_demo_hub_worker_has_follow_ups_due(seeded):
    from cls_portal.accounts.models import User

    worker = User.objects.get(username="hubworker")
    due = signpost_follow_up_list(user=worker, which="due", today=TODAY)
    assert due.exists()
