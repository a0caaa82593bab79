"""Places for the hubs and drop-in tests: a hub in the world's locality, one in the other
locality of the same partnership, and one in the outsider partnership; a session at each."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.factories import CommunitySolutionFactory, HubFactory, HubSessionFactory


@pytest.fixture
def hub(world):
    return HubFactory(locality=world.locality, name="North Library")


@pytest.fixture
def other_hub(world):
    return HubFactory(locality=world.other_locality, name="South Café")


@pytest.fixture
def outsider_hub(world):
    return HubFactory(locality=world.outsider_locality, name="Hill Hall")


@pytest.fixture
def session(hub):
    return HubSessionFactory(hub=hub, date=timezone.localdate())


@pytest.fixture
def other_session(other_hub):
    return HubSessionFactory(hub=other_hub, date=timezone.localdate())


@pytest.fixture
def outsider_session(outsider_hub):
    return HubSessionFactory(hub=outsider_hub, date=timezone.localdate())


@pytest.fixture
def solution(world):
    return CommunitySolutionFactory(
        partnership=world.partnership, name="Tuesday Lunch Club", organisation="Age Scotland"
    )


@pytest.fixture
def outsider_solution(world):
    return CommunitySolutionFactory(
        partnership=world.outsider_partnership, name="Hill Walkers", organisation="Hill Trust"
    )


@pytest.fixture(autouse=True)
def solution_categories(db):
    """The category list comes from a data migration; a test elsewhere that flushes the
    database removes it, so make sure it is there."""
    from hubs.categories import load_categories

    load_categories()
