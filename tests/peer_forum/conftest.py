"""A North forum with three members (quorum 2), a meeting today with quorum, and a request."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from cls_portal.permissions import Role
from tests.factories import EpisodeFactory, PersonFactory
from tests.peer_forum.factories import ForumMeetingFactory, FundingRequestFactory, PeerForumFactory


@dataclass
class ForumSetup:
    forum: object
    meeting: object
    manager: object
    second_manager: object
    practitioner: object
    episode: object


@pytest.fixture
def setup(world, make_user, today) -> ForumSetup:
    manager = make_user(Role.FORUM_MANAGER)
    second = make_user(Role.FORUM_MANAGER)
    practitioner = make_user(Role.PRACTITIONER)
    forum = PeerForumFactory(
        locality=world.locality,
        name="North peer forum",
        delegated_weekly_limit=Decimal("600.00"),
        delegated_one_off_limit=Decimal("2000.00"),
        quorum=2,
        members=[manager, second, practitioner],
    )
    meeting = ForumMeetingFactory(forum=forum, held_on=today, attendees=[manager, practitioner])
    person = PersonFactory(locality=world.locality, first_name="Morag", last_name="Gillespie")
    episode = EpisodeFactory(
        person=person, state="conversation_3", first_conversation_on=today - datetime.timedelta(30)
    )
    return ForumSetup(forum, meeting, manager, second, practitioner, episode)


@pytest.fixture
def waiting_request(setup, today):
    """Long-term: home care £450 a week counterfactual, £120 proposed, submitted a week ago."""
    return FundingRequestFactory(
        episode=setup.episode,
        forum=setup.forum,
        meeting=setup.meeting,
        submitted_on=today - datetime.timedelta(days=7),
        start_on=today + datetime.timedelta(days=3),
    )
