from collections.abc import Iterator

import pytest

# The browser journey uses the e2e harness's page, screenshot and sign-in fixtures, with a
# browser of its own that closes when the module is done: Playwright's sync API allows one
# running instance, and the e2e suite starts its own session-wide browser afterwards.
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, page, shoot, sign_in  # noqa: F401
from tests.hubs.fixtures import (  # noqa: F401
    hub,
    other_hub,
    other_session,
    outsider_hub,
    outsider_session,
    outsider_solution,
    session,
    solution,
    solution_categories,
)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import Error, sync_playwright

    try:
        playwright = sync_playwright().start()
    except Error as error:  # another module's session-wide browser is still running
        pytest.skip(
            "Another test module keeps its own Chromium open for the whole session; one "
            f"shared `browser` fixture in tests/conftest.py would let both run ({error})."
        )
    try:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()
    finally:
        playwright.stop()
