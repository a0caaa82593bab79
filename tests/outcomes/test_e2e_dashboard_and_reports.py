"""In Chromium: an HSCP lead opens the dashboard, requests last month's outcomes report, watches
it finish without reloading the page, and downloads the PDF; every page is axe-clean.

Playwright's sync API allows one instance per thread, and the e2e suite keeps a session-wide
browser open in the main thread; so these journeys run their own Chromium in a thread of their
own, while the test's thread plays the Celery worker. (A browser fixture shared from
``tests/conftest.py`` would let every suite use one browser.)
"""

from __future__ import annotations

import datetime
import hashlib
import re
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from cls_portal.permissions import Role
from outcomes.models import Report
from outcomes.periods import Month
from outcomes.services.reports import report_generate
from outcomes.tasks import generate_report
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, axe_serious_violations
from tests.factories import TEST_PASSWORD

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"needs Chromium at {CHROMIUM}"),
]


class BrowserThread(threading.Thread):
    """Runs ``journey(page)`` in its own thread with its own Playwright and Chromium; any
    failure, JavaScript error or Content Security Policy violation is raised by ``finish``."""

    def __init__(self, journey: Callable[[object], None], base_url: str) -> None:
        super().__init__(daemon=True)
        self.journey, self.base_url = journey, base_url
        self.failure: BaseException | None = None
        self.browser_errors: list[str] = []

    def run(self) -> None:
        from playwright.sync_api import sync_playwright

        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                context = browser.new_context(
                    base_url=self.base_url,
                    viewport={"width": 1024, "height": 1366},
                    locale="en-GB",
                    accept_downloads=True,
                )
                context.set_default_timeout(15_000)
                page = context.new_page()
                page.on("pageerror", lambda exc: self.browser_errors.append(str(exc)))
                page.on(
                    "console",
                    lambda msg: (
                        self.browser_errors.append(msg.text)
                        if msg.type == "error" and "Content Security Policy" in msg.text
                        else None
                    ),
                )
                try:
                    self.journey(page)
                finally:
                    browser.close()
        except BaseException as exc:  # handed to the test's thread
            self.failure = exc

    def finish(self, timeout: float = 120) -> None:
        self.join(timeout)
        assert not self.is_alive(), "the browser journey did not finish"
        if self.failure is not None:
            raise self.failure
        assert not self.browser_errors, (
            f"JavaScript errors or CSP violations: {self.browser_errors}"
        )


def sign_in(page, user) -> None:
    page.goto("/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r".*/$"))


def test_a_lead_requests_last_months_report_watches_it_finish_and_downloads_it(
    live_server, make_user, world, settings, tmp_path, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path
    queued: list[int] = []
    monkeypatch.setattr(generate_report, "delay", queued.append)  # this thread is the worker
    lead = make_user(Role.HSCP_LEAD)
    last = Month.last_full(datetime.date.today())
    requested, made = threading.Event(), threading.Event()
    saved = tmp_path / "downloaded.pdf"

    def journey(page) -> None:
        from playwright.sync_api import expect

        sign_in(page, lead)
        page.get_by_role("link", name="Outcomes", exact=True).click()
        page.wait_for_url(re.compile(r".*/outcomes/$"))
        heading = page.get_by_role("heading", level=2, name=f"Riverside HSCP, {last.label}")
        assert heading.is_visible()
        assert axe_serious_violations(page) == []

        page.get_by_role("button", name=f"Make the outcomes report for {last.label} (PDF)").click()
        page.wait_for_url(re.compile(r".*/outcomes/reports/$"))
        status = page.locator("#report-table .status").first
        assert status.inner_text() == "Queued"
        assert axe_serious_violations(page) == []
        requested.set()
        assert made.wait(60)
        # The page polls every 2 s: the report shows as ready without a reload.
        expect(status).to_have_text("Ready", timeout=10_000)
        assert page.locator("#report-table[hx-trigger]").count() == 0  # polling has stopped
        with page.expect_download() as download:
            page.get_by_role("link", name=re.compile("Download PDF")).click()
        download.value.save_as(saved)

    browser = BrowserThread(journey, live_server.url)
    browser.start()
    assert requested.wait(90), browser.failure
    assert len(queued) == 1
    report_generate(report_id=queued[0])  # what the worker does with the queued id
    made.set()
    browser.finish()
    report = Report.objects.get()
    assert (report.kind, report.period) == (Report.Kind.OUTCOMES, last.start)
    assert hashlib.sha256(saved.read_bytes()).hexdigest() == report.checksum


@pytest.mark.parametrize(
    ("role", "paths"),
    [
        (
            Role.HSCP_LEAD,
            ["/outcomes/cost-benefit/", "/outcomes/cost-benefit/new/", "/outcomes/stories/",
             "/outcomes/core-data-set/"],
        ),
        (Role.PRACTITIONER, ["/outcomes/staff-pulse/", "/outcomes/stories/new/"]),
    ],
)  # fmt: skip
def test_the_other_outcomes_pages_are_accessible(live_server, make_user, world, role, paths):
    user = make_user(role)

    def journey(page) -> None:
        sign_in(page, user)
        for path in paths:
            page.goto(path)
            assert page.get_by_role("heading", level=1).count() == 1, path
            assert axe_serious_violations(page) == [], path

    browser = BrowserThread(journey, live_server.url)
    browser.start()
    browser.finish()
