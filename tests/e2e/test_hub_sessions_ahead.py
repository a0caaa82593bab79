"""Issue 17's "Done when", in Chromium: a hub worker books someone from the hub appointment list
into next week's session; on that day the session shows them as expected; marking "did not
attend" keeps them waiting. The calendar and session pages have no serious accessibility
violations."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from cls_portal.permissions import Role
from conversations.models import HubBooking, WaitingListEntry
from conversations.services.waiting_lists import hub_appointment_list_for
from hubs.models import HubSession
from hubs.services.calendar import hub_sessions_plan_ahead
from tests.browser import axe_serious_violations
from tests.conversations.factories import WaitingListEntryFactory
from tests.factories import HubFactory, HubScheduleFactory, PersonFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_hub_worker_books_next_weeks_session_and_marks_did_not_attend(
    page, sign_in, shoot, world, make_user, today, monkeypatch
):
    worker = make_user(Role.HUB_WORKER)
    hub = HubFactory(locality=world.locality, partnership=world.partnership, name="North Library")
    HubScheduleFactory(hub=hub, weekday=today.weekday(), valid_from=today)
    hub_sessions_plan_ahead(today=today)
    morag = PersonFactory(locality=world.locality, first_name="Morag", last_name="Smith")
    waiting = WaitingListEntryFactory(
        episode__person=morag,
        waiting_list=hub_appointment_list_for(actor=worker, partnership_id=world.partnership.pk),
        added_on=today - datetime.timedelta(days=14),
    )
    next_week = today + datetime.timedelta(weeks=1)
    sign_in(worker)

    page.goto(f"/hubs/{hub.pk}/calendar/")
    page.get_by_role("heading", name=re.compile("Calendar")).wait_for()
    assert axe_serious_violations(page) == []
    shoot("hub-calendar")

    page.goto("/waiting-lists/")
    page.get_by_role("link", name="Hub appointment").first.click()
    page.get_by_role("link", name="Book a session for Morag Smith").click()
    planned = HubSession.objects.get(hub=hub, date=next_week)
    assert next_week.strftime("%a %d %b %Y") in page.get_by_label("Hub session").inner_text()
    page.get_by_label("Hub session").select_option(value=str(planned.pk))
    page.get_by_label("Time").fill("10:30")
    page.get_by_role("button", name="Book").click()
    page.wait_for_url(re.compile(r".*/hubs/sessions/\d+/$"))
    booking = HubBooking.objects.get(person=morag)
    assert booking.session.date == next_week

    # A week on, the session shows her as expected; she does not come.
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: next_week)
    page.goto(f"/hubs/sessions/{booking.session_id}/")
    expected = page.locator("#expected")
    expected.get_by_role("row", name=re.compile("Morag Smith")).wait_for()
    assert axe_serious_violations(page) == []
    shoot("session-expected")
    expected.get_by_role("button", name=re.compile(r"Did not attend\W+Morag Smith")).click()
    expected.locator(".tag", has_text="Did not attend").wait_for()
    booking.refresh_from_db()
    assert booking.status == HubBooking.Status.DID_NOT_ATTEND
    assert WaitingListEntry.objects.get(pk=waiting.pk).removed_on is None
