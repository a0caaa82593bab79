"""The sign-in page in Chromium: accessible, and it works with the keyboard alone. (Every role's
home page, and every other page, is checked by test_accessibility.py.)"""

from __future__ import annotations

import pytest

from tests.browser import axe_serious_violations

pytestmark = [
    pytest.mark.e2e,
    # The live server needs committed data; put back the reference rows (solution
    # categories, the six outcomes…) that its flush empties.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


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


def test_a_wrong_password_is_explained_on_an_accessible_page(page, make_user):
    user = make_user()
    page.goto("/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("alert").get_by_text("correct username and password").wait_for()
    assert page.get_by_label("Username").input_value() == user.username
    assert axe_serious_violations(page) == []
