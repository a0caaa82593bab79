"""The demo's hub sessions planned ahead: a calendar for the coming weeks with a few bookings,
and today's planned session at the hub worker's hub with people expected."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command

from cls_portal.accounts.models import User
from conversations.models import HubBooking
from hubs.models import HubSchedule, HubSession
from hubs.services.calendar import hub_sessions_plan_ahead

TODAY = datetime.date(2026, 11, 1)


@pytest.mark.django_db
def test_the_demo_plans_sessions_ahead_with_bookings():
    call_command("seed_demo", today=TODAY, stdout=io.StringIO(), quiet_logins=True)
    planned = HubSession.objects.filter(planned=True)
    assert HubSchedule.objects.count() == 3
    assert planned.filter(date__gt=TODAY).count() == 18  # six weeks of three hubs
    assert hub_sessions_plan_ahead(today=TODAY) == 0  # as beat would find it: nothing to add
    assert HubBooking.objects.filter(status=HubBooking.Status.BOOKED).count() >= 3
    today = planned.get(date=TODAY)
    hub_worker = User.objects.get(username="hubworker")
    assert today.hub.locality in hub_worker.localities.all()
    assert today.bookings.exists()
    for booking in HubBooking.objects.select_related("waiting_entry"):
        assert booking.waiting_entry.appointment_session_id == booking.session_id
        assert booking.waiting_entry.removed_on is None
