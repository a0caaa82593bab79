# The browser journey uses the e2e harness (Playwright on Debian's Chromium, a live server).
from tests.e2e.conftest import browser, page, shoot, sign_in  # noqa: F401
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
