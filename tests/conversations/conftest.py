"""Fixtures for the pathway pages: a person in North with an episode, and who may see it."""

from __future__ import annotations

import datetime

import pytest

from cls_portal.permissions import Role
from conversations.models import Episode
from tests.factories import EpisodeFactory, PersonFactory


@pytest.fixture
def person(world):
    return PersonFactory(locality=world.locality, first_name="Morag", last_name="Kerr")


@pytest.fixture
def episode(person, today):
    return EpisodeFactory(
        person=person,
        state=Episode.State.CONVERSATION_1,
        first_contact_on=today - datetime.timedelta(days=30),
        first_conversation_on=today - datetime.timedelta(days=28),
        last_conversation_on=today - datetime.timedelta(days=28),
    )


@pytest.fixture
def practitioner(make_user):
    return make_user(Role.PRACTITIONER)


@pytest.fixture
def south_practitioner(make_user, world):
    """A practitioner of the same partnership who works in the other locality only."""
    return make_user(Role.PRACTITIONER, localities=[world.other_locality])


@pytest.fixture
def outsider(make_user):
    """A practitioner of the other partnership."""
    return make_user(Role.PRACTITIONER, outsider=True)


# A hub's session, for the drop-in's consent tests (test_consent.py).
from tests.hubs.fixtures import hub, session  # noqa: E402, F401
