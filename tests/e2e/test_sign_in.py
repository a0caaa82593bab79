"""Every role signs in through the real form in Chromium and lands on an accessible home page."""

from __future__ import annotations

import pytest

from cls_portal.permissions import Role
from tests.browser import axe_serious_violations

pytestmark = [
    pytest.mark.e2e,
    # The live server needs committed data; put back the reference rows (solution
    # categories, the six outcomes…) that its flush empties.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.parametrize("role", list(Role))
def test_each_role_signs_in_and_its_home_page_is_accessible(page, sign_in, shoot, make_user, role):
    user = make_user(role)
    sign_in(user)
    assert page.get_by_role("heading", level=1).inner_text().startswith("Hello")
    assert page.get_by_role("navigation", name="Main").is_visible()
    shoot("home")
    assert axe_serious_violations(page) == []


def test_the_sign_in_page_is_accessible_and_works_with_the_keyboard(page, live_server, make_user):
    user = make_user()
    page.goto("/login/")
    assert axe_serious_violations(page) == []
    # The username field has the focus on arrival; no mouse from here on.
    assert page.evaluate("document.activeElement.name") == "username"
    page.keyboard.type(user.username)
    page.keyboard.press("Tab")
    from tests.factories import TEST_PASSWORD

    page.keyboard.type(TEST_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")
    assert "Hello" in page.get_by_role("heading", level=1).inner_text()
    page.keyboard.press("Tab")  # the skip link comes first, and takes you to the content
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
