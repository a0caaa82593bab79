"""Requests waiting for a decision, the next meeting, and reports ready or failed, counted on
hand-built data."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from conversations.models import Episode
from outcomes.models import Report
from outcomes.selectors.due import reports_failed, reports_ready
from peer_forum.models import FundingRequest
from peer_forum.selectors.due import next_meeting, requests_awaiting_decision
from tests.outcomes.factories import ReportFactory
from tests.peer_forum.factories import ForumMeetingFactory, FundingRequestFactory, PeerForumFactory
from tests.today.conftest import days

pytestmark = pytest.mark.django_db
Status = FundingRequest.Status


def test_requests_awaiting_decision_are_submitted_or_deferred_in_the_users_localities(
    world, manager, episode_in, today
):
    def request(locality, status, **fields):
        return FundingRequestFactory(
            episode=episode_in(locality, Episode.State.CONVERSATION_3), status=status, **fields
        )

    older = request(world.locality, Status.SUBMITTED, submitted_on=today - days(9))
    deferred = request(world.locality, Status.DEFERRED, submitted_on=today - days(3))
    request(world.locality, Status.APPROVED)
    request(world.locality, Status.DRAFT, draft=True)
    request(world.other_locality, Status.SUBMITTED)
    request(world.outsider_locality, Status.SUBMITTED)

    assert list(requests_awaiting_decision(user=manager)) == [older, deferred]


def test_the_next_meeting_is_the_soonest_from_today_of_an_active_forum_in_the_users_localities(
    world, manager, today
):
    north = PeerForumFactory(locality=world.locality)
    retired = PeerForumFactory(locality=world.locality, is_active=False)
    south = PeerForumFactory(locality=world.other_locality)
    ForumMeetingFactory(forum=north, held_on=today - days(1))
    soonest = ForumMeetingFactory(forum=north, held_on=today + days(3))
    ForumMeetingFactory(forum=north, held_on=today + days(10))
    ForumMeetingFactory(forum=retired, held_on=today + days(1))
    ForumMeetingFactory(forum=south, held_on=today + days(1))

    assert next_meeting(user=manager, today=today) == soonest
    assert next_meeting(user=manager, today=today + days(3)) == soonest
    assert next_meeting(user=manager, today=today + days(11)) is None


def _report(partnership, status, days_ago, period=datetime.date(2026, 3, 1), **fields):
    when = timezone.now() - datetime.timedelta(days=days_ago)
    extra = {"file": "reports/r.pdf", "checksum": "0" * 64} if status == Report.Status.DONE else {}
    return ReportFactory(
        partnership=partnership,
        status=status,
        period=period,
        requested_at=when,
        finished_at=when,
        **extra,
        **fields,
    )


def test_reports_ready_are_those_made_in_the_last_month(world, lead, today):
    recent = _report(world.partnership, Report.Status.DONE, 3)
    _report(world.partnership, Report.Status.DONE, 40)
    _report(world.partnership, Report.Status.FAILED, 2)
    _report(world.outsider_partnership, Report.Status.DONE, 3)

    assert list(reports_ready(user=lead, today=today)) == [recent]


def test_reports_failed_leave_out_those_asked_for_again(world, lead, today):
    failed = _report(world.partnership, Report.Status.FAILED, 2, datetime.date(2026, 4, 1))
    failed_north = _report(
        world.partnership,
        Report.Status.FAILED,
        2,
        datetime.date(2026, 5, 1),
        locality=world.locality,
    )
    # Another place's report of the same month does not make up for the partnership's one.
    _report(
        world.partnership, Report.Status.DONE, 1, datetime.date(2026, 4, 1), locality=world.locality
    )
    _report(world.partnership, Report.Status.FAILED, 5, datetime.date(2026, 6, 1))
    _report(world.partnership, Report.Status.QUEUED, 1, datetime.date(2026, 6, 1))  # asked again
    _report(world.partnership, Report.Status.FAILED, 40, datetime.date(2026, 7, 1))
    _report(world.outsider_partnership, Report.Status.FAILED, 2)

    assert set(reports_failed(user=lead, today=today)) == {failed, failed_north}
