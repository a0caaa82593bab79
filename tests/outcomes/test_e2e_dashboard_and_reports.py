"""In Chromium: an HSCP lead opens the dashboard, requests last month's outcomes report, watches
it finish without reloading the page, and downloads the PDF; every page is axe-clean."""

from __future__ import annotations

import datetime
import hashlib
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from cls_portal.permissions import Role
from outcomes.models import Report
from outcomes.periods import Month
from outcomes.services.reports import report_generate
from outcomes.tasks import generate_report
from tests.e2e.conftest import CHROMIUM, axe_serious_violations, browser, page, sign_in  # noqa: F401

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"needs Chromium at {CHROMIUM}"),
]


def test_a_lead_requests_last_months_report_watches_it_finish_and_downloads_it(
    page,  # noqa: F811
    sign_in,  # noqa: F811
    make_user,
    world,
    settings,
    tmp_path,
    monkeypatch,
):
    settings.MEDIA_ROOT = tmp_path
    queued: list[int] = []
    monkeypatch.setattr(generate_report, "delay", queued.append)  # the "worker" is this test
    sign_in(make_user(Role.HSCP_LEAD))

    page.get_by_role("link", name="Outcomes", exact=True).click()
    page.wait_for_url(re.compile(r".*/outcomes/$"))
    last = Month.last_full(datetime.date.today())
    assert page.get_by_role("heading", level=2, name=f"Riverside HSCP, {last.label}").is_visible()
    assert axe_serious_violations(page) == []

    page.get_by_role("button", name=f"Make the outcomes report for {last.label} (PDF)").click()
    page.wait_for_url(re.compile(r".*/outcomes/reports/$"))
    status = page.locator("#report-table .status").first
    assert status.inner_text() == "Queued"
    assert axe_serious_violations(page) == []

    # The worker makes the report; the page, polling every 2 s, shows it ready without a reload.
    report_generate(report_id=queued[0])
    expect(status).to_have_text("Ready", timeout=10_000)
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Download PDF")).click()
    saved = tmp_path / "downloaded.pdf"
    download.value.save_as(saved)
    report = Report.objects.get()
    assert hashlib.sha256(saved.read_bytes()).hexdigest() == report.checksum
    assert page.locator("#report-table[hx-trigger]").count() == 0  # polling has stopped


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
def test_the_other_outcomes_pages_are_accessible(page, sign_in, make_user, world, role, paths):  # noqa: F811
    sign_in(make_user(role))
    for path in paths:
        page.goto(path)
        assert page.get_by_role("heading", level=1).count() == 1, path
        assert axe_serious_violations(page) == [], path
