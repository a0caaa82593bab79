"""In Chromium: a forum manager adds today's meeting, puts a waiting request on its agenda,
records who is present until the forum is quorate, decides two requests there (one approved with
a smaller amount and a rationale, one approved as asked) and sees the cost avoided on the forum
dashboard, to the penny; every page on the way is axe-clean."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from cls_portal.permissions import Role
from conversations.models import Episode
from peer_forum.models import Decision, FundingRequest
from peer_forum.services.requests import funding_request_create, funding_request_submit
from tests.browser import axe_serious_violations
from tests.factories import EpisodeFactory, PersonFactory
from tests.peer_forum.factories import PeerForumFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def accessible(page) -> None:
    assert axe_serious_violations(page) == [], page.url


def _submitted_request(practitioner, forum, first_name: str, **fields) -> FundingRequest:
    """A request as a practitioner makes one: drafted, then submitted to the forum today."""
    today = timezone.localdate()
    episode = EpisodeFactory(
        person=PersonFactory(locality=forum.locality, first_name=first_name, last_name="Gray"),
        state=Episode.State.CONVERSATION_3,
        first_contact_on=today - datetime.timedelta(days=20),
        first_conversation_on=today - datetime.timedelta(days=20),
        last_conversation_on=today - datetime.timedelta(days=2),
    )
    draft = funding_request_create(
        actor=practitioner,
        episode=episode,
        outcomes_sought="To stay at home and see friends at the lunch club.",
        sds_option=FundingRequest.SdsOption.COUNCIL_ARRANGES,
        start_on=today + datetime.timedelta(days=7),
        **fields,
    )
    return funding_request_submit(actor=practitioner, request=draft, forum=forum)


def test_a_forum_manager_decides_requests_at_a_meeting_and_the_ledger_shows_the_saving(
    page, sign_in, shoot, make_user, world
):
    manager = make_user(Role.FORUM_MANAGER, first_name="Fiona", last_name="Manager")
    practitioner = make_user(Role.PRACTITIONER, first_name="Pat", last_name="Practitioner")
    colleague = make_user(Role.FORUM_MANAGER, first_name="Colin", last_name="Colleague")
    forum = PeerForumFactory(
        locality=world.locality,
        name="North peer forum",
        delegated_weekly_limit=Decimal("600.00"),
        quorum=2,
        members=[manager, practitioner, colleague],
    )
    today = timezone.localdate()
    home_care = _submitted_request(
        practitioner,
        forum,
        "Elsie",
        intervention_type=FundingRequest.Type.LONG_TERM,
        counterfactual_service=FundingRequest.ServiceType.HOME_CARE,
        counterfactual_weekly_cost=Decimal("450.00"),
        proposed_weekly_cost=Decimal("120.00"),
        review_on=today + datetime.timedelta(weeks=12),
    )
    respite = _submitted_request(
        practitioner,
        forum,
        "Hamish",
        intervention_type=FundingRequest.Type.SHORT_TERM,
        short_term_weeks=4,
        counterfactual_service=FundingRequest.ServiceType.RESPITE,
        counterfactual_weekly_cost=Decimal("400.00"),
        proposed_weekly_cost=Decimal("250.00"),
        review_on=today + datetime.timedelta(weeks=5),
    )
    sign_in(manager)

    # Today's meeting, added from the forum's page.
    page.get_by_role("link", name="Peer forums").first.click()
    accessible(page)
    page.get_by_role("link", name="North peer forum").click()
    page.get_by_role("link", name="Add a meeting").click()
    page.get_by_label("Date").fill(today.isoformat())
    page.get_by_label("Place").fill("Library meeting room")
    accessible(page)
    page.get_by_role("button", name="Add the meeting").click()
    page.wait_for_url(re.compile(r".*/peer-forum/meetings/\d+/$"))
    meeting = forum.meetings.get()

    # Both requests wait in the manager's queue; put Elsie's on today's agenda from its page.
    page.get_by_role("link", name="Peer forums").first.click()
    page.get_by_role("link", name="Your queue").click()
    queue = page.locator("table")
    assert "2 requests waiting." in page.content()
    shoot("queue")
    accessible(page)
    queue.get_by_role("link", name="Elsie Gray", exact=True).click()
    page.get_by_label("Put on the agenda of").select_option(index=1)
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Agenda updated.").wait_for()
    home_care.refresh_from_db()
    assert home_care.meeting == meeting

    # The meeting: no quorum until who is present is recorded (saved in place, with htmx).
    page.get_by_role("link", name=re.compile(r"^\w+day \d+ \w+ \d{4}$")).click()
    page.wait_for_url(re.compile(rf".*/peer-forum/meetings/{meeting.pk}/$"))
    attendance = page.locator("#attendance")
    assert "Not quorate: 0 of 3 members present; 2 needed" in attendance.inner_text()
    attendance.get_by_label("Fiona Manager").check()
    attendance.get_by_label("Pat Practitioner").check()
    attendance.get_by_role("button", name="Save who is present").click()
    attendance.get_by_text("Quorate: 2 of 3 members present (2 needed).").wait_for()
    accessible(page)

    # Decide Elsie's request in the meeting: approve with changes, with a rationale.
    page.get_by_role("link", name="Decide for Elsie Gray").click()
    panel = page.locator(f"#decide-slot-{home_care.pk}")
    panel.get_by_role("heading", name=re.compile("Elsie Gray")).wait_for()
    panel.get_by_label("Approve with changes").check()
    panel.get_by_label("Amount agreed (£)").fill("150.00")
    panel.get_by_label("Why").fill("Two extra hours of support at home a week, with the club.")
    shoot("deciding")
    accessible(page)
    panel.get_by_role("button", name="Record the decision").click()
    page.get_by_text("Decision recorded for Elsie Gray: Approve with changes.").wait_for()
    page.locator(f"#agenda-item-{home_care.pk}").get_by_text("Approve with changes").wait_for()

    # Hamish's request was not on the agenda: the forum decides it at the same meeting.
    page.goto(f"/peer-forum/requests/{respite.pk}/")
    page.get_by_role("link", name="Decide").click()
    page.get_by_label("Meeting").select_option(str(meeting.pk))
    page.get_by_label("Approve", exact=True).check()
    page.get_by_label("Why").fill("Respite for four weeks while her daughter is in hospital.")
    accessible(page)
    page.get_by_role("button", name="Record the decision").click()
    page.get_by_text("Decision recorded: Approve.").wait_for()

    decisions = Decision.objects.filter(meeting=meeting).order_by("request__pk")
    assert [(d.request, d.outcome, d.members_present, d.decided_by) for d in decisions] == [
        (home_care, Decision.Outcome.APPROVE_WITH_CHANGES, 2, manager),
        (respite, Decision.Outcome.APPROVE, 2, manager),
    ]

    # The ledger, worked out by hand:
    #   Elsie, long-term: 450.00 − 150.00 = 300.00 a week; × 52.14 = 15,642.00 a year.
    #   Hamish, short-term 4 weeks: 400.00 − 250.00 = 150.00 a week; × 4 = 600.00.
    #   Total: 450.00 a week; 16,242.00 over a year; 15,642.00 per long-term person.
    page.get_by_role("link", name="Peer forums").first.click()
    page.get_by_role("link", name="Dashboard").click()
    figures = page.locator("#dashboard-figures")
    month = figures.locator("table").nth(1)
    rows = {
        row.locator("th").inner_text(): [cell.inner_text() for cell in row.locator("td").all()]
        for row in month.locator("tbody tr, tfoot tr").all()
    }
    # Neither has started yet (both start in a week): nothing realised so far.
    assert rows["Long-term (12 months or more)"] == ["1", "£300.00", "£15,642.00", "£0.00"]
    assert rows["Short-term (up to 6 weeks)"] == ["1", "£150.00", "£600.00", "£0.00"]
    assert rows["Total"] == ["2", "£450.00", "£16,242.00", "£0.00"]
    assert "Average saving over a year per person with long-term support: £15,642.00" in (
        figures.inner_text()
    )
    assert "2\ndecisions this month" in figures.inner_text()
    shoot("dashboard")
    accessible(page)
