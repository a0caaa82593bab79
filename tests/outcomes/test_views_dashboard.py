"""The HSCP lead dashboard and the core data set CSV: who may see them, what they show."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.urls import reverse

from cls_portal.permissions import Role
from conversations.models import Episode
from tests.factories import ConversationFactory, EpisodeFactory, HubSessionFactory, PersonFactory
from tests.outcomes import dataset

DASHBOARD = reverse("outcomes:dashboard")
CSV = reverse("outcomes:figures_csv")
MARCH = "period=2026-03"


@pytest.fixture
def data(world, make_user):
    return dataset.build(world, make_user)


@pytest.mark.parametrize("role", [Role.HSCP_LEAD, Role.ADMIN])
def test_hscp_leads_and_admins_open_the_dashboard(users, login, data, role):
    client = login(users[role])
    response = client.get(f"{DASHBOARD}?{MARCH}&place=")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Riverside HSCP, March 2026" in page
    assert "At a glance" in page
    for number in range(1, 7):
        # One outcome at a time, each at its own URL, reached from a tab keeping the filters.
        url = reverse(f"outcomes:dashboard_outcome_{number}")
        assert f'href="{url}?period=2026-03&amp;place="' in page
        one = client.get(f"{url}?{MARCH}").content.decode()
        assert f"Outcome {number}:" in one
        assert all(f"Outcome {other}:" not in one for other in range(1, 7) if other != number)


@pytest.mark.parametrize("role", [Role.HUB_WORKER, Role.PRACTITIONER, Role.FORUM_MANAGER])
def test_case_roles_may_not_open_the_dashboard_or_the_csv(users, login, role):
    client = login(users[role])
    assert client.get(DASHBOARD).status_code == 403
    assert client.get(CSV).status_code == 403


def test_a_lead_of_another_partnership_gets_404_for_our_locality_or_hub(users, login, data):
    client = login(users["outsider_hscp_lead"])
    assert client.get(f"{DASHBOARD}?{MARCH}&place=locality={data.north.pk}").status_code == 404
    assert client.get(f"{DASHBOARD}?{MARCH}&place=hub={data.h1.pk}").status_code == 404
    assert client.get(f"{CSV}?{MARCH}&locality={data.north.pk}").status_code == 404
    own = client.get(f"{DASHBOARD}?{MARCH}").content.decode()
    assert "Hillside HSCP, March 2026" in own  # their own partnership, never ours


def test_the_dashboard_shows_figures_with_small_numbers_suppressed_and_no_names(users, login, data):
    client = login(users[Role.HSCP_LEAD])
    page = client.get(f"{DASHBOARD}?{MARCH}").content.decode()
    assert "4.0 days" in page  # the median wait to first conversation (7 episodes)
    assert "&lt;5" in page  # 3 people on a waiting list
    assert "withheld" in page  # 2 of 5 resolved at first contact
    assert "Morrison" not in page  # aggregate only: never a person's name
    outcome_one = client.get(f"{reverse('outcomes:dashboard_outcome_1')}?{MARCH}")
    page = outcome_one.content.decode()
    assert 'role="img"' in page  # the trend charts are accessible SVG
    assert "<svg" in page and "Show the values as a table" in page
    assert "Morrison" not in page


def test_an_outcome_that_is_not_one_of_the_six_is_not_found(users, login):
    client = login(users[Role.HSCP_LEAD])
    assert client.get("/outcomes/dashboard/outcome-7/").status_code == 404
    assert client.get("/outcomes/dashboard/outcome-0/").status_code == 404


def test_the_dashboard_defaults_to_the_last_full_month_and_the_whole_partnership(
    users, login, today
):
    page = login(users[Role.HSCP_LEAD]).get(DASHBOARD).content.decode()
    last = (today.replace(day=1) - datetime.timedelta(days=1)).strftime("%B %Y")
    assert f"Riverside HSCP, {last}" in page


def test_a_link_naming_only_a_place_shows_the_last_full_month_there(users, login, data, today):
    page = login(users[Role.HSCP_LEAD]).get(f"{DASHBOARD}?place=locality={data.north.pk}")
    last = (today.replace(day=1) - datetime.timedelta(days=1)).strftime("%B %Y")
    assert f"North, {last}" in page.content.decode()


def test_the_dashboard_narrows_to_a_locality_or_a_hub(users, login, data):
    client = login(users[Role.HSCP_LEAD])
    north = client.get(f"{DASHBOARD}?{MARCH}&place=locality={data.north.pk}").content.decode()
    assert "North, March 2026" in north
    hub = client.get(f"{DASHBOARD}?{MARCH}&place=hub={data.h1.pk}").content.decode()
    assert "H1 Library, March 2026" in hub


def test_htmx_gets_only_the_dashboard_fragment(users, login, data):
    response = login(users[Role.HSCP_LEAD]).get(f"{DASHBOARD}?{MARCH}", HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page and "<h1" not in page
    assert "Riverside HSCP, March 2026" in page


def test_a_badly_formed_month_is_explained_and_shows_no_figures(users, login):
    response = login(users[Role.HSCP_LEAD]).get(f"{DASHBOARD}?period=2026-13")
    page = response.content.decode()
    assert response.status_code == 200
    assert "from the list" in page
    assert "At a glance" not in page


def test_a_baseline_after_the_month_is_refused(users, login):
    response = login(users[Role.HSCP_LEAD]).get(f"{DASHBOARD}?{MARCH}&baseline=2026-05")
    assert "Choose a baseline month before the month shown." in response.content.decode()


def test_the_dashboard_runs_a_bounded_number_of_queries(
    world, users, login, data, django_assert_max_num_queries
):
    # 30 more episodes with conversations at 30 sessions in March, and more in other months:
    # a query per row or per month would show.
    hub = data.h1
    for index in range(30):
        day = datetime.date(2026, 1 + index % 3, 1 + index % 27)
        session = HubSessionFactory(hub=hub, date=day, anonymous_count=index % 4)
        episode = EpisodeFactory(
            person=PersonFactory(locality=world.locality),
            first_contact_on=day,
            first_contact_session=session,
            first_conversation_on=day + datetime.timedelta(days=index % 9),
            state=Episode.State.CONVERSATION_1,
        )
        ConversationFactory(episode=episode, held_on=day, hub_session=session)
    client = login(users[Role.HSCP_LEAD])
    with django_assert_max_num_queries(37):  # carers and wellbeing change: one query each
        response = client.get(f"{DASHBOARD}?{MARCH}")
    assert response.status_code == 200


def test_the_csv_is_the_core_data_set_with_suppression(users, login, data):
    response = login(users[Role.HSCP_LEAD]).get(f"{CSV}?{MARCH}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    by_code = {(row["code"], row["breakdown"]): row for row in rows}
    median = by_code[("wait_first_conversation.median_days", "")]
    assert (median["outcome"], median["value"], median["shown"]) == ("1", "4.0", "4.0 days")
    waiting = by_code[("waiting_list.open_at_end", "")]
    assert (waiting["value"], waiting["shown"], waiting["suppressed"]) == ("", "<5", "yes")
    assert by_code[("footfall.total", "")]["value"] == "13"
    assert {row["period"] for row in rows} == {"2026-03"}
    assert {row["outcome"] for row in rows} == {"1", "2", "3", "4", "5", "6"}
    assert ("signposts.made", "category: Befriending") in by_code


def test_a_bad_month_in_the_csv_is_a_400_with_a_plain_message(users, login):
    response = login(users[Role.HSCP_LEAD]).get(f"{CSV}?period=last-month")
    assert response.status_code == 400
    assert "YYYY-MM" in response.content.decode()


def test_the_core_data_set_columns_are_documented(users, login):
    page = login(users[Role.HSCP_LEAD]).get(reverse("outcomes:core_data_set_help"))
    text = page.content.decode()
    for column in ("period", "scope_level", "outcome", "code", "breakdown", "unit", "suppressed"):
        assert f"<code>{column}</code>" in text
