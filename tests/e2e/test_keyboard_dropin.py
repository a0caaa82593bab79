"""The drop-in journey with the keyboard only (no mouse: Tab, Shift+Tab, Enter, Space, arrow keys
and typing — never a click or a fill): sign in, open today's session, count someone, log a new
person connected to two community solutions (filtered and ticked in the picker), find a returning
person and log their visit, and see the session dashboard show both. Every element that takes the focus shows it."""

from __future__ import annotations

import re

import pytest

from cls_portal.permissions import Role
from conversations.models import Conversation, Signpost
from hubs.models import HubSession
from tests.browser import axe_serious_violations
from tests.e2e.keyboard import focus_moves_to, focused, tab_to
from tests.factories import TEST_PASSWORD, CommunitySolutionFactory, HubFactory, PersonFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_hub_worker_logs_drop_ins_with_the_keyboard_alone(page, shoot, world, make_user):
    worker = make_user(Role.HUB_WORKER)
    HubFactory(locality=world.locality, name="North Library")
    lunch = CommunitySolutionFactory(partnership=world.partnership, name="Tuesday Lunch Club")
    walk = CommunitySolutionFactory(partnership=world.partnership, name="Riverside Walking Group")
    CommunitySolutionFactory(partnership=world.partnership, name="Thursday Knit and Natter")
    PersonFactory(locality=world.locality, first_name="Morag", last_name="Smith")
    keys = page.keyboard

    # Sign in: the username field has the focus on arrival.
    page.goto("/login/")
    assert focused(page)["name"] == "Username"
    keys.type(worker.username)
    keys.press("Tab")
    keys.type(TEST_PASSWORD)
    keys.press("Enter")
    page.wait_for_url(re.compile(r"://[^/]+/$"))  # home, not /login/

    # Home → hubs → open today's session.
    tab_to(page, "Open today's session")
    keys.press("Enter")
    page.wait_for_url(re.compile(r".*/hubs/$"))
    tab_to(page, "Open today's session at North Library")
    keys.press("Enter")
    page.wait_for_url(re.compile(r".*/sessions/open/$"))
    tab_to(page, re.compile("^Partner organisations here today"))
    keys.type("Citizens Advice")
    tab_to(page, "Open the session")
    keys.press("Enter")
    page.wait_for_url(re.compile(r".*/hubs/sessions/\d+/$"))
    session = HubSession.objects.get()
    dashboard = page.locator("#session-dashboard")
    dashboard.get_by_text("No one seen by name yet.").wait_for()

    # Someone only wanted a leaflet: Space on "Add one"; the focus stays on the button.
    tab_to(page, "Add one")
    keys.press("Space")
    page.locator("#tally .value", has_text="1").wait_for()
    focus_moves_to(page, "Add one")
    # A slip: take it off again. At zero that button is disabled, so the focus goes to "Add one".
    tab_to(page, "Take one off")
    keys.press("Enter")
    page.locator("#tally .value", has_text="0").wait_for()
    focus_moves_to(page, "Add one")
    keys.press("Space")
    page.locator("#tally .value", has_text="1").wait_for()

    # A new person, back up the page with Shift+Tab. The form's heading takes the focus.
    tab_to(page, "Log a drop-in for someone new", backwards=True)
    keys.press("Enter")
    page.locator("#dropin-form").wait_for()
    focus_moves_to(page, "Drop-in: someone new")
    tab_to(page, "First name")
    keys.type("Isla")
    tab_to(page, "Last name")
    keys.type("Kerr")
    tab_to(page, "What matters to them")
    keys.type("Some company in the afternoons.")
    tab_to(page, "Resolved there and then")  # into the radio group; arrows choose
    keys.press("ArrowDown")
    now = focused(page)
    assert (now["name"], now["checked"]) == ("Connected to community solutions", True)
    # Two community solutions through the picker: type to filter, Tab to a box, Space to tick.
    tab_to(page, "Filter the solutions")
    keys.type("tuesday")
    page.locator("#dropin-form [data-picker-count]").get_by_text(
        "1 of 3 solutions shown."
    ).wait_for()
    assert not page.get_by_role("checkbox", name="Riverside Walking Group").is_visible()
    tab_to(page, "Tuesday Lunch Club")
    keys.press("Space")
    assert focused(page)["checked"]
    tab_to(page, "Filter the solutions", backwards=True)
    keys.press("Escape")  # clears the filter: every solution is back
    keys.type("walk")
    # The ticked one stays in view while filtering, so Tab passes it on the way.
    page.locator("#dropin-form [data-picker-count]").get_by_text(
        "2 of 3 solutions shown."
    ).wait_for()
    tab_to(page, "Riverside Walking Group")
    keys.press("Space")
    chosen = page.locator("#dropin-form input[name=solutions]:checked")
    assert sorted(box.get_attribute("value") for box in chosen.all()) == sorted(
        [str(lunch.pk), str(walk.pk)]
    )
    shoot("new-person-by-keyboard")
    tab_to(page, "Save the visit")
    keys.press("Enter")
    page.get_by_role("heading", name="Saved: Isla Kerr").wait_for()
    focus_moves_to(page, "Saved: Isla Kerr")
    dashboard.get_by_role("link", name="Isla Kerr").wait_for()

    # A returning person: type in the search box, Tab to the result, Enter.
    tab_to(page, re.compile("^Name, date of birth, postcode"), backwards=True)
    keys.type("morag sm")
    page.get_by_role("link", name="Log a drop-in for Morag Smith").wait_for()
    tab_to(page, "Log a drop-in for Morag Smith")
    keys.press("Enter")
    page.get_by_role("heading", name="Drop-in: Morag Smith").wait_for()
    tab_to(page, "What matters to them")
    keys.type("Sorting out my money worries.")
    tab_to(page, "Resolved there and then")
    keys.press("Space")
    assert focused(page)["checked"]
    tab_to(page, "Save the visit")
    keys.press("Enter")
    page.get_by_role("heading", name="Saved: Morag Smith").wait_for()

    # The dashboard shows both visits and the footfall, without a reload.
    dashboard.get_by_role("link", name="Morag Smith").wait_for()
    dashboard.locator(".stat", has_text="footfall so far").get_by_text("3", exact=True).wait_for()
    assert page.url.endswith(f"/hubs/sessions/{session.pk}/")
    shoot("dashboard-after-keyboard-run")
    assert axe_serious_violations(page) == []

    conversations = Conversation.objects.filter(hub_session=session)
    assert sorted(c.episode.person.first_name for c in conversations) == ["Isla", "Morag"]
    isla = Signpost.objects.filter(episode__person__first_name="Isla")
    assert sorted(signpost.solution.name for signpost in isla) == [walk.name, lunch.name]
