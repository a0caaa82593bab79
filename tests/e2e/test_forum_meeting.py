"""In Chromium, issue 19's "Done when": a forum manager, on a day with no meeting, holds the
meeting from the queue, records who is present, approves one request within the limit, changes
another's amount to one over the limit and escalates it, defers a third — all without leaving the
meeting page; the head of service approves the escalated request; the ledger then counts it.
The data is built here with factories and services, not the demo seed."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest

from cls_portal.permissions import Role
from conversations.models import Episode
from peer_forum.models import Decision, EscalationDecision, ForumMeeting, FundingRequest
from peer_forum.services.escalations import escalation_panel_save
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


def _submitted(practitioner, forum, first_name: str, today, **fields) -> FundingRequest:
    """A long-term request as a practitioner makes one: drafted, then submitted (today)."""
    episode = EpisodeFactory(
        person=PersonFactory(locality=forum.locality, first_name=first_name, last_name="Gray"),
        state=Episode.State.CONVERSATION_3,
        first_contact_on=today - datetime.timedelta(days=30),
        first_conversation_on=today - datetime.timedelta(days=30),
        last_conversation_on=today - datetime.timedelta(days=3),
    )
    draft = funding_request_create(
        actor=practitioner,
        episode=episode,
        outcomes_sought="To stay at home and keep seeing friends.",
        sds_option=FundingRequest.SdsOption.COUNCIL_ARRANGES,
        intervention_type=FundingRequest.Type.LONG_TERM,
        start_on=today + datetime.timedelta(days=7),
        review_on=today + datetime.timedelta(weeks=12),
        **fields,
    )
    return funding_request_submit(actor=practitioner, request=draft, forum=forum)


def test_a_manager_runs_the_meeting_from_its_page_and_the_escalation_finishes(
    page, sign_in, shoot, make_user, world, today
):
    manager = make_user(Role.FORUM_MANAGER, first_name="Fiona", last_name="Manager")
    colleague = make_user(Role.FORUM_MANAGER, first_name="Colin", last_name="Colleague")
    practitioner = make_user(Role.PRACTITIONER, first_name="Pat", last_name="Practitioner")
    head = make_user(Role.FORUM_MANAGER, first_name="Helen", last_name="Head")
    admin = make_user(Role.ADMIN)
    forum = PeerForumFactory(
        locality=world.locality,
        name="North peer forum",
        delegated_weekly_limit=Decimal("600.00"),
        quorum=2,
        members=[manager, colleague, practitioner],
    )
    escalation_panel_save(
        actor=admin, partnership=world.partnership, name="Head of service", members=[head]
    )
    elsie = _submitted(
        practitioner,
        forum,
        "Elsie",
        today,
        counterfactual_service=FundingRequest.ServiceType.HOME_CARE,
        counterfactual_weekly_cost=Decimal("450.00"),
        proposed_weekly_cost=Decimal("120.00"),
    )
    hamish = _submitted(
        practitioner,
        forum,
        "Hamish",
        today,
        counterfactual_service=FundingRequest.ServiceType.RESIDENTIAL_CARE,
        counterfactual_weekly_cost=Decimal("1100.00"),
        proposed_weekly_cost=Decimal("400.00"),
    )
    isla = _submitted(
        practitioner,
        forum,
        "Isla",
        today,
        counterfactual_service=FundingRequest.ServiceType.HOME_CARE,
        counterfactual_weekly_cost=Decimal("300.00"),
        proposed_weekly_cost=Decimal("200.00"),
    )
    assert not ForumMeeting.objects.exists()  # a day with no meeting
    sign_in(manager)

    # The queue: no meeting to decide them at yet — hold today's, in one step.
    page.get_by_role("link", name="Peer forums").first.click()
    page.get_by_role("link", name="Your queue").click()
    assert page.get_by_text("No meeting yet — hold one").count() == 3
    accessible(page)
    page.get_by_role("button", name="Hold today's meeting").click()
    page.wait_for_url(re.compile(r".*/peer-forum/meetings/\d+/$"))
    meeting = ForumMeeting.objects.get()
    assert meeting.held_on == today
    meeting_url = page.url
    page.get_by_text("Today's meeting of North peer forum is open, with 3 requests").wait_for()
    agenda = page.locator("#agenda")
    for funding in (elsie, hamish, isla):
        agenda.locator(f"#agenda-item-{funding.pk}").wait_for()

    # Who is present, on the same page: quorate before deciding anything.
    attendance = page.locator("#attendance")
    assert "Not quorate: 0 of 3 members present; 2 needed" in attendance.inner_text()
    attendance.get_by_label("Fiona Manager").check()
    attendance.get_by_label("Pat Practitioner").check()
    attendance.get_by_role("button", name="Save who is present").click()
    attendance.get_by_text("Quorate: 2 of 3 members present (2 needed).").wait_for()

    # Elsie: approved as asked (£120 a week, within the £600 limit).
    agenda.get_by_role("link", name="Decide for Elsie Gray").click()
    slot = page.locator(f"#decide-slot-{elsie.pk}")
    slot.get_by_label("Approve", exact=True).check()
    slot.get_by_label("Why").fill("A lunch club and two short visits instead of home care.")
    accessible(page)
    slot.get_by_role("button", name="Record the decision").click()
    page.get_by_text("Decision recorded for Elsie Gray: Approve.").wait_for()
    page.locator(f"#agenda-item-{elsie.pk}").get_by_text("Approve", exact=True).wait_for()

    # Hamish's form opened by itself; £650 is over the limit: the same form offers Escalate,
    # keeping what was typed.
    slot = page.locator(f"#decide-slot-{hamish.pk}")
    slot.get_by_role("heading", name=re.compile("Deciding: Hamish Gray")).wait_for()
    slot.get_by_label("Approve with changes").check()
    slot.get_by_label("Amount agreed (£)").fill("650.00")
    slot.get_by_label("Why").fill("Nursing needs are higher than the plan allowed.")
    slot.get_by_role("button", name="Record the decision").click()
    slot.get_by_text("choose “Escalate” to put it to the senior decision").wait_for()
    assert slot.get_by_label("Amount agreed (£)").input_value() == "650.00"
    assert "higher than the plan" in slot.get_by_label("Why").input_value()
    shoot("escalate-offered")
    accessible(page)
    slot.get_by_label("Escalate").check()
    slot.get_by_role("button", name="Record the decision").click()
    page.get_by_text("Decision recorded for Hamish Gray: Escalate.").wait_for()

    # Isla: deferred.
    slot = page.locator(f"#decide-slot-{isla.pk}")
    slot.get_by_role("heading", name=re.compile("Deciding: Isla Gray")).wait_for()
    slot.get_by_label("Defer").check()
    slot.get_by_label("Why").fill("We need the OT assessment first.")
    slot.get_by_role("button", name="Record the decision").click()
    page.get_by_text("Decision recorded for Isla Gray: Defer.").wait_for()
    page.locator(f"#agenda-item-{isla.pk}").get_by_text("Defer").wait_for()
    assert page.url == meeting_url  # never left the meeting page
    shoot("meeting")
    accessible(page)

    decisions = Decision.objects.filter(meeting=meeting).order_by("request__pk")
    assert [
        (d.request_id, d.outcome, d.approved_weekly_amount, d.members_present) for d in decisions
    ] == [
        (elsie.pk, "approve", Decimal("120.00"), 2),
        (hamish.pk, "escalate", Decimal("650.00"), 2),
        (isla.pk, "defer", None, 2),
    ]

    # The head of service approves the escalated request at the amount put to her.
    page.context.clear_cookies()
    sign_in(head)
    page.get_by_role("link", name="Peer forums").first.click()
    page.get_by_role("link", name="Escalations").click()
    page.get_by_text("1 escalation waiting.").wait_for()
    accessible(page)
    page.get_by_role("link", name="Decide for Hamish Gray").click()
    page.get_by_label("Approve", exact=True).check()
    page.get_by_label("Why").fill("Cheaper than the care home by £450 a week.")
    accessible(page)
    page.get_by_role("button", name="Record the senior decision").click()
    page.get_by_text("Senior decision recorded.").wait_for()
    senior = EscalationDecision.objects.get()
    assert (senior.outcome, senior.approved_weekly_amount, senior.decided_on) == (
        "approve",
        Decimal("650.00"),
        today,
    )
    # The request's page shows the whole path, in order.
    path = page.locator(".pf-timeline").inner_text()
    steps = ["Submitted to North peer forum", "Forum escalated", "Head of service: approved"]
    assert [path.index(step) for step in steps] == sorted(path.index(step) for step in steps)
    shoot("request-path")

    # The ledger counts it, worked by hand:
    #   Elsie:  450.00 − 120.00 = 330.00 a week; × 52.14 = 17,206.20 a year.
    #   Hamish: 1,100.00 − 650.00 = 450.00 a week; × 52.14 = 23,463.00 a year.
    #   Long-term total: 2 approved, 780.00 a week, 40,669.20 a year; neither has started.
    page.get_by_role("link", name="Peer forums").first.click()
    page.get_by_role("link", name="Dashboard").click()
    figures = page.locator("#dashboard-figures")
    month = figures.locator("table").nth(1)
    rows = {
        row.locator("th").inner_text(): [cell.inner_text() for cell in row.locator("td").all()]
        for row in month.locator("tbody tr, tfoot tr").all()
    }
    assert rows["Long-term (12 months or more)"] == ["2", "£780.00", "£40,669.20", "£0.00"]
    assert rows["Total"] == ["2", "£780.00", "£40,669.20", "£0.00"]
    assert "No escalations waiting for the senior decision." in page.content()
    shoot("dashboard")
    accessible(page)
