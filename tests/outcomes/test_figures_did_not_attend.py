"""The "did not attend" figure (DESIGN §4): bookings marked "did not attend" at hub sessions of
the month, by the session's day, against a hand-worked example; shown to leads suppressed."""

from __future__ import annotations

import datetime

import pytest

from conversations.models import HubBooking
from hubs.models import HubSession
from outcomes.periods import Month, MonthRange, Scope
from outcomes.presentation.core_data_set import outcome_one_rows
from outcomes.selectors.core_data_set import outcome_figures
from outcomes.selectors.figures import footfall, hub_appointments_not_attended
from tests.factories import HubBookingFactory, HubFactory, HubSessionFactory

MARCH, APRIL = Month(2026, 3), Month(2026, 4)
Status = HubBooking.Status


@pytest.fixture
def data(world):
    """North hub, 10 March: 3 did not attend, 1 seen, 1 cancelled, 1 still expected.
    North hub, 31 March: 2 did not attend. South hub, 12 March: 1 did not attend.
    North hub, 1 April: 1 did not attend (April's). Another partnership: 1 in March.
    March: partnership 3 + 2 + 1 = 6; North locality and North hub 3 + 2 = 5; April: 1."""
    north = HubFactory(locality=world.locality, partnership=world.partnership)
    south = HubFactory(locality=world.other_locality, partnership=world.partnership)
    outsider = HubFactory(locality=world.outsider_locality)

    def session(hub, day):
        return HubSessionFactory(hub=hub, date=day, starts_at=datetime.time(10))

    def book(at_session, *statuses):
        for status in statuses:
            HubBookingFactory(session=at_session, status=status)

    dna = Status.DID_NOT_ATTEND
    book(session(north, datetime.date(2026, 3, 10)), dna, dna, dna, Status.SEEN,
         Status.CANCELLED, Status.BOOKED)  # fmt: skip
    book(session(north, datetime.date(2026, 3, 31)), dna, dna)
    book(session(south, datetime.date(2026, 3, 12)), dna)
    book(session(north, datetime.date(2026, 4, 1)), dna)
    book(session(outsider, datetime.date(2026, 3, 15)), dna)
    return north


def test_did_not_attend_counts_by_the_sessions_month_and_place(world, data):
    months = MonthRange(MARCH, APRIL)
    partnership = Scope(partnership_id=world.partnership.pk)
    north = Scope(partnership_id=world.partnership.pk, locality_id=world.locality.pk)
    hub = Scope(partnership_id=world.partnership.pk, locality_id=world.locality.pk, hub_id=data.pk)
    assert hub_appointments_not_attended(months=months, scope=partnership) == {MARCH: 6, APRIL: 1}
    assert hub_appointments_not_attended(months=months, scope=north) == {MARCH: 5, APRIL: 1}
    assert hub_appointments_not_attended(months=months, scope=hub) == {MARCH: 5, APRIL: 1}


def test_the_core_data_set_row_is_suppressed_below_five(world, data):
    north = Scope(partnership_id=world.partnership.pk, locality_id=world.locality.pk)
    rows = {
        row.code: row for row in outcome_one_rows(outcome_figures(month=APRIL, scope=north), APRIL)
    }
    row = rows["hub_appointments.did_not_attend"]
    assert (row.value, row.unit, row.label) == (1, "bookings", "Hub appointments not attended")
    assert row.shown.text == "<5"
    march = {r.code: r for r in outcome_one_rows(outcome_figures(month=MARCH, scope=north), MARCH)}
    assert march["hub_appointments.did_not_attend"].shown.text == "5"


def test_a_planned_session_nobody_opened_is_not_a_session_held(world):
    hub = HubFactory(locality=world.locality, partnership=world.partnership)
    HubSessionFactory(hub=hub, date=datetime.date(2026, 3, 3))
    HubSessionFactory(hub=hub, date=datetime.date(2026, 3, 10), starts_at=datetime.time(10),
                      planned=True)  # fmt: skip
    scope = Scope(partnership_id=world.partnership.pk)
    assert footfall(months=MonthRange.single(MARCH), scope=scope)[MARCH].sessions == 1
    assert HubSession.objects.count() == 2
