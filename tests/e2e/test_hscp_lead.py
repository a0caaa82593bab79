"""In Chromium: an HSCP lead opens the dashboard, requests last month's outcomes report, watches
it finish without reloading the page, and downloads the PDF, whose headline figures are the ones
the selectors compute for that month; every page is axe-clean. The test itself plays the Celery
worker between the browser's steps."""

from __future__ import annotations

import datetime
import hashlib
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from cls_portal.permissions import Role
from conversations.models import Episode, OutcomeReview, Signpost
from outcomes.models import Report
from outcomes.periods import Month
from outcomes.presentation import key_figures, outcome_sections
from outcomes.selectors.core_data_set import outcome_figures
from outcomes.selectors.cost_benefit import studies_for_scope
from outcomes.selectors.scopes import scope_for_partnership
from outcomes.services.reports import report_generate
from outcomes.tasks import generate_report
from tests.browser import axe_serious_violations
from tests.conversations.factories import (
    OutcomeReviewFactory,
    PersonalOutcomeFactory,
    SignpostFactory,
    WaitingListEntryFactory,
)
from tests.factories import (
    CommunitySolutionFactory,
    ConversationFactory,
    EpisodeFactory,
    HubFactory,
    HubSessionFactory,
    PersonFactory,
    WaitingListFactory,
)
from tests.outcomes.factories import StaffPulseFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _last_month_of_work(world, make_user, month: Month) -> None:
    """Ten people seen at two hub sessions of ``month`` (so most figures are 5 or more and are
    shown, not suppressed), with waits, a waiting list, signposts, reviews and a staff pulse.

    By hand: sessions on the 3rd (7 more people only counted) and the 10th (4): footfall
    10 + 11 = 21; waits to a first conversation 0, 0, 2, 4, 6, 8, 1, 3, 5, 7 days: median
    (3 + 4) / 2 = 3.5 days; the first five resolved at first contact: 5 of 5 closed = 100.0%;
    signposts taken up by numbers 1, 2, 4, 5, 7, 8: 6 of 10 followed up = 60.0%; reviews met by
    the odd numbers: 5 of 10 = 50.0%."""
    hub = HubFactory(locality=world.locality, name="North Library")
    day = month.start
    sessions = [
        HubSessionFactory(hub=hub, date=day + datetime.timedelta(days=2), anonymous_count=7),
        HubSessionFactory(hub=hub, date=day + datetime.timedelta(days=9), anonymous_count=4),
    ]
    waiting = WaitingListFactory(partnership=world.partnership, name="OT assessment")
    lunch = CommunitySolutionFactory(partnership=world.partnership, name="Lunch club")
    for number, wait in enumerate((0, 0, 2, 4, 6, 8, 1, 3, 5, 7)):
        session = sessions[number % 2]
        first = session.date + datetime.timedelta(days=wait)
        episode = EpisodeFactory(
            person=PersonFactory(locality=world.locality),
            first_contact_on=session.date,
            first_contact_session=session,
            first_conversation_on=first,
            last_conversation_on=first,
            **(
                {
                    "state": Episode.State.CLOSED,
                    "closed_on": first,
                    "close_reason": Episode.CloseReason.RESOLVED_AT_FIRST_CONTACT,
                }
                if number < 5
                else {}
            ),
        )
        conversation = ConversationFactory(
            episode=episode, held_on=session.date, hub_session=session
        )
        SignpostFactory(
            episode=episode,
            conversation=conversation,
            solution=lunch,
            created_on=session.date,
            status=Signpost.Status.TAKEN_UP if number % 3 else Signpost.Status.NOT_TAKEN_UP,
            not_taken_up_reason="" if number % 3 else "declined",
            followed_up_on=session.date + datetime.timedelta(days=7),
        )
        OutcomeReviewFactory(
            outcome=PersonalOutcomeFactory(episode=episode, created_on=first),
            reviewed_on=first + datetime.timedelta(days=10),
            status=OutcomeReview.Status.MET if number % 2 else OutcomeReview.Status.PARTLY_MET,
        )
        WaitingListEntryFactory(waiting_list=waiting, episode=episode, added_on=session.date)
        StaffPulseFactory(
            respondent=make_user(Role.PRACTITIONER), locality=world.locality, month=day
        )


def _one_line(text: str) -> str:
    return " ".join(text.split())


def test_a_lead_requests_last_months_report_watches_it_finish_and_downloads_it(
    page, sign_in, shoot, make_user, world, settings, tmp_path, monkeypatch, today
):
    settings.MEDIA_ROOT = tmp_path
    queued: list[int] = []
    # This test is the worker: the job sent is only noted.
    monkeypatch.setattr(generate_report, "send_now", lambda args: queued.append(args[0]))
    last = Month.last_full(today)
    _last_month_of_work(world, make_user, last)
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
    text = _one_line(" ".join(p.extract_text() for p in PdfReader(saved).pages))
    assert "Riverside HSCP" in text and f"Outcomes report: {last.label}" in text

    # The headline figures are the ones the selectors compute for that month and place.
    scope = scope_for_partnership(partnership=world.partnership)
    figures = outcome_figures(month=last, scope=scope, studies=studies_for_scope(scope=scope))
    sections = outcome_sections(figures, with_charts=False)
    headline = [row for section in sections for row in section.rows]
    assert len(headline) >= 20
    for row in headline:
        assert _one_line(f"{row.label} {row.shown.text}") in text, row.code
    glance = {row.code: row.shown.text for _section, row in key_figures(sections)}
    # Worked out by hand (see _last_month_of_work): they are shown, not suppressed.
    assert glance == {
        "wait_first_conversation.median_days": "3.5 days",
        "waiting_list.open_at_end": "10",
        "footfall.total": "21",
        "signposts.made": "10",
        "signposts.take_up_percent": "60.0%",
        "personal_outcomes.met_percent": "50.0%",
        "episodes.resolved_first_contact_percent": "100.0%",
        "staff_pulse.overall_mean": "4.0 / 5",
        "savings.annualised_total": "£0.00",
        "savings_year_to_date.annualised_total": "£0.00",
    }
    assert "Footfall: people seen at hub sessions 21" in text
