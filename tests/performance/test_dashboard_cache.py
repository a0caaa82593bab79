"""The outcomes dashboard, kept in the cache on a large partnership (DASHBOARD_CACHE_SECONDS):
it says when its figures were worked out, keeps each month and place apart, never lets an
outsider in, and beat's refresh works last month's figures out again."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from cls_portal.permissions import Role
from outcomes.periods import Month
from outcomes.presentation import dashboard_refresh, dashboards_refresh
from outcomes.selectors.scopes import scope_for
from outcomes.tasks import refresh_dashboards
from tests.factories import HubFactory, HubSessionFactory

DASHBOARD = reverse("outcomes:dashboard_outcome_1")  # its figures include hub sessions held
MARCH = "period=2026-03"


@pytest.fixture
def cached(settings):
    settings.DASHBOARD_CACHE_SECONDS = 900
    cache.clear()
    yield
    cache.clear()


def _sessions_held(page: str) -> str:
    """The 'Hub sessions held' figure as the page's table of March figures shows it."""
    found = re.search(r'<th scope="row">Hub sessions held</th><td class="num">([^<]*)</td>', page)
    assert found, "no 'Hub sessions held' row on the page"
    return found[1]


def _add_sessions(world, count: int, day=datetime.date(2026, 3, 9)) -> None:
    hub = HubFactory(locality=world.locality)
    for _ in range(count):
        HubSessionFactory(hub=hub, date=day, anonymous_count=1)


def test_without_a_cache_every_view_works_the_figures_out_afresh(world, users, login):
    client = login(users[Role.HSCP_LEAD])
    _add_sessions(world, 5)
    first = client.get(f"{DASHBOARD}?{MARCH}").content.decode()
    _add_sessions(world, 6)
    second = client.get(f"{DASHBOARD}?{MARCH}").content.decode()
    assert "Worked out at" not in first
    assert (_sessions_held(first), _sessions_held(second)) == ("5", "11")


def test_a_cached_dashboard_says_when_it_was_worked_out_and_keeps_its_figures(
    cached, world, users, login, django_assert_max_num_queries
):
    client = login(users[Role.HSCP_LEAD])
    _add_sessions(world, 7)
    first = client.get(f"{DASHBOARD}?{MARCH}").content.decode()
    assert "Worked out at" in first and "kept for up to 15 minutes" in first
    assert _sessions_held(first) == "7"
    _add_sessions(world, 5)  # now 12, not yet counted by the kept figures
    with django_assert_max_num_queries(12):  # the page's own queries only: no figures
        again = client.get(f"{DASHBOARD}?{MARCH}").content.decode()
    assert _sessions_held(again) == "7"
    # Beat's refresh (as the cache expiring would) works them out again.
    lead = users[Role.HSCP_LEAD]
    dashboard_refresh(month=Month.parse("2026-03"), scope=scope_for(user=lead))
    assert _sessions_held(client.get(f"{DASHBOARD}?{MARCH}").content.decode()) == "12"


def test_each_month_and_place_is_kept_apart(cached, world, users, login):
    client = login(users[Role.HSCP_LEAD])
    _add_sessions(world, 3)
    everywhere = client.get(f"{DASHBOARD}?{MARCH}").content.decode()
    north = client.get(f"{DASHBOARD}?{MARCH}&place=locality={world.locality.pk}").content.decode()
    south = client.get(
        f"{DASHBOARD}?{MARCH}&place=locality={world.other_locality.pk}"
    ).content.decode()
    february = client.get(f"{DASHBOARD}?period=2026-02").content.decode()
    assert "Riverside HSCP, March 2026" in everywhere
    assert "North, March 2026" in north
    assert "South, March 2026" in south
    assert "Riverside HSCP, February 2026" in february


def test_an_outsider_never_reaches_our_kept_figures(cached, world, users, login):
    ours = login(users[Role.HSCP_LEAD])
    ours.get(f"{DASHBOARD}?{MARCH}&place=locality={world.locality.pk}")  # now kept
    outsider = login(users["outsider_hscp_lead"])
    assert (
        outsider.get(f"{DASHBOARD}?{MARCH}&place=locality={world.locality.pk}").status_code == 404
    )
    own = outsider.get(f"{DASHBOARD}?{MARCH}").content.decode()
    assert "Hillside HSCP, March 2026" in own and "Riverside" not in own
    assert login(users[Role.HUB_WORKER]).get(f"{DASHBOARD}?{MARCH}").status_code == 403


def test_beat_refreshes_last_month_for_each_partnership_and_locality(cached, world):
    # Two partnerships: A with two localities (3 dashboards), B with one (2 dashboards).
    assert dashboards_refresh(today=datetime.date(2026, 4, 10)) == 5
    assert refresh_dashboards() == 5


def test_nothing_is_refreshed_when_the_dashboard_is_not_cached(world, settings):
    settings.DASHBOARD_CACHE_SECONDS = 0
    assert dashboards_refresh() == 0
