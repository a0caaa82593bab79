"""Hand-built due work: the same kinds of record in North (the users' locality: counted), in
South (another locality: not counted) and in another partnership (never counted)."""

from __future__ import annotations

import datetime

import pytest

from cls_portal.permissions import Role
from conversations.models import Episode
from tests.conversations.factories import CrisisPlanFactory
from tests.factories import ConversationFactory, EpisodeFactory, PersonFactory

State = Episode.State


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


@pytest.fixture
def practitioner(make_user):
    return make_user(Role.PRACTITIONER)


@pytest.fixture
def hub_worker(make_user):
    return make_user(Role.HUB_WORKER)


@pytest.fixture
def manager(make_user):
    return make_user(Role.FORUM_MANAGER)


@pytest.fixture
def lead(make_user, world):
    return make_user(Role.HSCP_LEAD, localities=[world.locality, world.other_locality])


@pytest.fixture
def episode_in(today):
    """episode_in(locality, state=…, **fields): an episode of a new person there."""

    def _make(locality, state=State.CONVERSATION_1, **fields):
        fields.setdefault("first_contact_on", today - days(300))
        if state == State.CLOSED:
            fields.setdefault("closed_on", today - days(1))
        person = PersonFactory(locality=locality, **fields.pop("person", {}))
        return EpisodeFactory(person=person, state=state, **fields)

    return _make


@pytest.fixture
def crisis_plan_in(episode_in, today):
    """crisis_plan_in(locality, review_by, **plan): an open plan on a new crisis episode."""

    def _make(locality, review_by, started=None, **plan):
        episode = episode_in(
            locality, State.CONVERSATION_2, crisis_started_on=started or today - days(7)
        )
        conversation = ConversationFactory(episode=episode, kind=2, held_on=today - days(7))
        return CrisisPlanFactory(conversation=conversation, review_by=review_by, **plan)

    return _make


@pytest.fixture(autouse=True)
def _jobs_here(jobs_in_process) -> None:
    """The digests these tests start run here, even when the suite runs with a broker (the real
    worker path is proven by the report tests)."""
