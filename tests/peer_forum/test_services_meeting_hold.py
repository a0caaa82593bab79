"""Holding a forum's meeting in one step: the day's meeting if there is one, else a new one with
the waiting requests on its agenda; two managers holding at the same moment get one meeting."""

from __future__ import annotations

import contextlib
import datetime
import threading

import pytest
from django.db import connection, transaction

from peer_forum.models import ForumMeeting, FundingRequest
from peer_forum.services import forums as forum_services
from tests.peer_forum.factories import FundingRequestFactory, PeerForumFactory


@pytest.fixture
def quiet_forum(setup, world, today):
    """A forum with no meetings and two requests waiting for it: one submitted a week ago, one
    due to be put in the day after tomorrow (not yet for an agenda held today)."""
    forum = PeerForumFactory(
        locality=world.locality, name="Quiet forum", members=[setup.manager, setup.practitioner]
    )
    week_ago = FundingRequestFactory(
        episode=setup.episode, forum=forum, meeting=None, submitted_on=today - datetime.timedelta(7)
    )
    later = FundingRequestFactory(
        episode=setup.episode, forum=forum, meeting=None, submitted_on=today + datetime.timedelta(2)
    )
    return forum, week_ago, later


def test_holding_adds_the_meeting_and_puts_the_waiting_requests_on_its_agenda(
    setup, quiet_forum, today
):
    forum, week_ago, later = quiet_forum
    meeting, waiting = forum_services.meeting_hold(actor=setup.manager, forum=forum, held_on=today)
    assert (meeting.forum, meeting.held_on) == (forum, today)
    assert waiting == [week_ago]
    assert FundingRequest.objects.get(pk=week_ago.pk).meeting == meeting
    assert FundingRequest.objects.get(pk=later.pk).meeting is None


def test_holding_again_the_same_day_returns_that_meeting_and_adds_nothing(
    setup, quiet_forum, today
):
    forum, _, _ = quiet_forum
    first, _ = forum_services.meeting_hold(actor=setup.manager, forum=forum, held_on=today)
    again, waiting = forum_services.meeting_hold(actor=setup.manager, forum=forum, held_on=today)
    assert (again, waiting) == (first, [])
    assert ForumMeeting.objects.filter(forum=forum).count() == 1


def test_holding_for_another_day_is_its_own_meeting(setup, quiet_forum, today):
    forum, _, _ = quiet_forum
    today_meeting, _ = forum_services.meeting_hold(actor=setup.manager, forum=forum, held_on=today)
    next_week = today + datetime.timedelta(days=7)
    later, waiting = forum_services.meeting_hold(
        actor=setup.manager, forum=forum, held_on=next_week
    )
    assert later != today_meeting and later.held_on == next_week
    # Both waiting requests were submitted by then, and neither is on the new meeting yet.
    assert len(waiting) == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_managers_holding_at_the_same_moment_get_one_meeting(
    setup, quiet_forum, today, monkeypatch
):
    """Both callers are let past their first read together (a barrier inside meeting_create):
    without the forum lock both would add a meeting; with it the second waits for the first's
    commit, then finds its meeting."""
    forum, _, _ = quiet_forum
    barrier = threading.Barrier(2, timeout=3)
    create = forum_services.meeting_create

    def create_at_the_same_moment(**kwargs):
        # The other caller is held by the lock: it never gets here at the same time.
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait()
        return create(**kwargs)

    monkeypatch.setattr(forum_services, "meeting_create", create_at_the_same_moment)
    results: list[object] = []

    def hold(actor) -> None:
        try:
            with transaction.atomic():
                results.append(
                    forum_services.meeting_hold(actor=actor, forum=forum, held_on=today)[0]
                )
        except Exception as exc:  # reported by the assertion below
            results.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=hold, args=(setup.manager,)),
        threading.Thread(target=hold, args=(setup.second_manager,)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert all(isinstance(result, ForumMeeting) for result in results), results
    assert len(results) == 2 and results[0] == results[1]
    assert ForumMeeting.objects.filter(forum=forum, held_on=today).count() == 1
