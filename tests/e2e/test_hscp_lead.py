"""In Chromium: an HSCP lead opens the dashboard, requests last month's outcomes report, watches
it finish without reloading the page, and downloads the PDF; every page is axe-clean. The test
itself plays the Celery worker between the browser's steps."""

from __future__ import annotations

import datetime
import hashlib
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from cls_portal.permissions import Role
from outcomes.models import Report
from outcomes.periods import Month
from outcomes.services.reports import report_generate
from outcomes.tasks import generate_report
from tests.browser import axe_serious_violations

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_lead_requests_last_months_report_watches_it_finish_and_downloads_it(
    page, sign_in, shoot, make_user, world, settings, tmp_path, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path
    queued: list[int] = []
    monkeypatch.setattr(generate_report, "delay", queued.append)  # this test is the worker
    last = Month.last_full(datetime.date.today())
    sign_in(make_user(Role.HSCP_LEAD))

    page.get_by_role("link", name="Outcomes", exact=True).click()
    page.wait_for_url(re.compile(r".*/outcomes/$"))
    heading = page.get_by_role("heading", level=2, name=f"Riverside HSCP, {last.label}")
    assert heading.is_visible()
    shoot("dashboard")
    assert axe_serious_violations(page) == []

    page.get_by_role("button", name=f"Make the outcomes report for {last.label} (PDF)").click()
    page.wait_for_url(re.compile(r".*/outcomes/reports/$"))
    status = page.locator("#report-table .status").first
    expect(status).to_have_text("Queued")
    shoot("queued")
    assert axe_serious_violations(page) == []
    assert len(queued) == 1

    report_generate(report_id=queued[0])  # what the worker does with the queued id
    # The page polls every 2 s: the report shows as ready without a reload, then stops polling.
    expect(status).to_have_text("Ready", timeout=10_000)
    expect(page.locator("#report-table[hx-trigger]")).to_have_count(0)
    shoot("ready")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Download PDF")).click()
    saved = tmp_path / "downloaded.pdf"
    download.value.save_as(saved)

    report = Report.objects.get()
    assert (report.kind, report.period) == (Report.Kind.OUTCOMES, last.start)
    assert hashlib.sha256(saved.read_bytes()).hexdigest() == report.checksum
    text = "".join(p.extract_text() for p in PdfReader(saved).pages)
    assert "Riverside HSCP" in text and last.label in text


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
def test_the_other_outcomes_pages_are_accessible(page, sign_in, make_user, world, role, paths):
    sign_in(make_user(role))
    for path in paths:
        page.goto(path)
        assert page.get_by_role("heading", level=1).count() == 1, path
        assert axe_serious_violations(page) == [], path
