"""A hub's calendar: regular sessions planned ahead (idempotently), one-off sessions, opening a
planned session on its day, and the calendar pages with their scoping."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cls_portal.audit.models import AuditEntry
from cls_portal.permissions import Role
from hubs.models import HubSchedule, HubSession
from hubs.services.calendar import (
    hub_schedule_add,
    hub_schedule_end,
    hub_session_open_planned,
    hub_session_plan,
    hub_sessions_plan_ahead,
)
from hubs.services.sessions import hub_session_open, hub_session_tally, hub_sessions_close_stale
from hubs.tasks import plan_sessions_ahead
from tests.factories import (
    HubBookingFactory,
    HubFactory,
    HubScheduleFactory,
    HubSessionFactory,
    PlannedSessionFactory,
)

DAY = datetime.timedelta(days=1)
TEN, NOON = datetime.time(10), datetime.time(12)


@pytest.fixture
def hub(world):
    return HubFactory(locality=world.locality, partnership=world.partnership, name="Central")


@pytest.fixture
def hub_worker(make_user):
    return make_user(Role.HUB_WORKER)


def _on(monkeypatch, day: datetime.date) -> None:
    """Move the product's today (as the other date tests do)."""
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)


def _next(weekday: int, after: datetime.date) -> datetime.date:
    """The first ``weekday`` after the day ``after``."""
    return after + datetime.timedelta(days=(weekday - after.weekday() - 1) % 7 + 1)


def _tuesdays(hub) -> list[datetime.date]:
    return list(
        HubSession.objects.filter(hub=hub, planned=True)
        .order_by("date")
        .values_list("date", flat=True)
    )


# ---------------------------------------------------------------- planning ahead


def test_a_regular_session_is_planned_for_the_next_six_weeks_from_tomorrow(hub, hub_worker, today):
    hub_schedule_add(
        actor=hub_worker, hub=hub, weekday=today.weekday(), starts_at=TEN, ends_at=NOON,
        mode=HubSession.Mode.APPOINTMENT, valid_from=today,
    )  # fmt: skip
    # Today's weekday: today itself is not planned (it is opened on the day), the next six are.
    assert _tuesdays(hub) == [today + datetime.timedelta(weeks=n) for n in range(1, 7)]
    session = HubSession.objects.filter(hub=hub).first()
    assert (session.starts_at, session.ends_at, session.mode) == (TEN, NOON, "appointment")
    assert not session.is_open and session.opened_by is None
    assert AuditEntry.objects.filter(model="hubs.hubschedule", action="create").count() == 1
    assert AuditEntry.objects.filter(model="hubs.hubsession", action="create").count() == 6


def test_planning_again_makes_nothing_new(hub, today):
    schedule = HubScheduleFactory(hub=hub, weekday=1, valid_from=today)
    first = hub_sessions_plan_ahead(today=today)
    assert first == 6
    assert hub_sessions_plan_ahead(today=today) == 0
    assert plan_sessions_ahead.apply().get() == 0  # the nightly task, as beat runs it
    # A week later the window has moved on by one week: one more.
    assert hub_sessions_plan_ahead(today=today + datetime.timedelta(weeks=1)) == 1
    assert HubSession.objects.filter(schedule=schedule).count() == 7


def test_the_database_holds_one_planned_session_per_hub_day_and_start(hub, today):
    PlannedSessionFactory(hub=hub, date=today + DAY)
    with pytest.raises(IntegrityError), transaction.atomic():
        PlannedSessionFactory(hub=hub, date=today + DAY)
    PlannedSessionFactory(hub=hub, date=today + DAY, starts_at=datetime.time(14))  # afternoon


def test_planning_keeps_to_the_schedules_dates_and_to_hubs_in_use(hub, world, today):
    monday = _next(0, today)
    HubScheduleFactory(
        hub=hub, weekday=0, valid_from=monday + datetime.timedelta(weeks=2),
        valid_until=monday + datetime.timedelta(weeks=3),
    )  # fmt: skip
    closed = HubFactory(locality=world.locality, partnership=world.partnership, is_active=False)
    HubScheduleFactory(hub=closed, weekday=0, valid_from=today)
    hub_sessions_plan_ahead(today=today)
    assert _tuesdays(hub) == [monday + datetime.timedelta(weeks=n) for n in (2, 3)]
    assert not HubSession.objects.filter(hub=closed).exists()


def test_a_schedule_that_ends_before_it_starts_or_in_the_past_is_refused(hub, hub_worker, today):
    common = {"actor": hub_worker, "hub": hub, "weekday": 1, "mode": "drop_in"}
    with pytest.raises(ValidationError) as error:
        hub_schedule_add(**common, starts_at=NOON, ends_at=TEN, valid_from=today)
    assert "after the start time" in str(error.value)
    with pytest.raises(ValidationError):
        hub_schedule_add(
            **common, starts_at=TEN, ends_at=NOON, valid_from=today - 20 * DAY,
            valid_until=today - 10 * DAY,
        )  # fmt: skip
    assert not HubSchedule.objects.exists() and not HubSession.objects.exists()


def test_ending_a_schedule_takes_off_its_later_sessions_but_not_booked_ones(hub, hub_worker, today):
    schedule = HubScheduleFactory(hub=hub, weekday=today.weekday(), valid_from=today)
    hub_sessions_plan_ahead(today=today)
    booked_day = today + datetime.timedelta(weeks=4)
    HubBookingFactory(session=HubSession.objects.get(hub=hub, date=booked_day))
    hub_schedule_end(actor=hub_worker, schedule=schedule, last_day=today + 14 * DAY)
    assert _tuesdays(hub) == [today + 7 * DAY, today + 14 * DAY, booked_day]
    schedule.refresh_from_db()
    assert schedule.valid_until == today + 14 * DAY
    assert AuditEntry.objects.filter(model="hubs.hubsession", action="delete").count() == 3
    assert hub_sessions_plan_ahead(today=today) == 0  # it does not come back


# ---------------------------------------------------------------- one-off sessions


def test_a_one_off_session_is_added_for_a_day_ahead_once(hub, hub_worker, today):
    session = hub_session_plan(
        actor=hub_worker, hub=hub, date=today + 3 * DAY, starts_at=datetime.time(14)
    )
    assert session.planned and session.schedule is None
    with pytest.raises(ValidationError) as error:
        hub_session_plan(
            actor=hub_worker, hub=hub, date=today + 3 * DAY, starts_at=session.starts_at
        )
    assert "already starts at that time" in str(error.value)
    with pytest.raises(ValidationError) as error:
        hub_session_plan(actor=hub_worker, hub=hub, date=today - DAY, starts_at=TEN)
    assert "today or later" in str(error.value)
    assert HubSession.objects.count() == 1


# ---------------------------------------------------------------- a planned session on its day


def test_a_planned_session_takes_no_head_count_and_is_not_closed_at_night(hub, hub_worker, today):
    planned = PlannedSessionFactory(hub=hub, date=today)
    with pytest.raises(ValidationError):
        hub_session_tally(actor=hub_worker, session=planned)
    missed = PlannedSessionFactory(hub=hub, date=today - 7 * DAY)
    assert hub_sessions_close_stale(today=today) == 0
    missed.refresh_from_db()
    assert missed.planned and missed.closed_at is None


def test_a_planned_session_opens_on_its_day_only(hub, hub_worker, make_user, today, monkeypatch):
    colleague = make_user(Role.PRACTITIONER)
    planned = PlannedSessionFactory(hub=hub, date=today + 7 * DAY)
    with pytest.raises(ValidationError) as error:
        hub_session_open_planned(actor=hub_worker, session=planned)
    assert "open it on the day" in str(error.value)
    _on(monkeypatch, today + 7 * DAY)
    opened = hub_session_open_planned(actor=hub_worker, session=planned, staff=[colleague])
    assert opened.is_open and not opened.planned and opened.opened_by == hub_worker
    assert set(opened.staff.all()) == {hub_worker, colleague}
    assert opened.starts_at == TEN  # the planned time
    again = hub_session_open_planned(actor=colleague, session=planned)  # a second click
    assert again.pk == planned.pk and HubSession.objects.count() == 1
    # Opening "today's session" now finds the planned one opened.
    found, created = hub_session_open(actor=colleague, hub=hub)
    assert (found.pk, created) == (planned.pk, False)


def test_open_todays_session_still_opens_a_new_one_beside_a_planned_one(hub, hub_worker, today):
    PlannedSessionFactory(hub=hub, date=today)
    session, created = hub_session_open(actor=hub_worker, hub=hub)
    assert created and session.is_open and not session.planned


# ---------------------------------------------------------------- pages


def test_the_calendar_shows_the_weeks_ahead_and_regular_sessions(
    hub, hub_worker, login, today, django_assert_max_num_queries
):
    HubScheduleFactory(hub=hub, weekday=today.weekday(), valid_from=today)
    hub_sessions_plan_ahead(today=today)
    HubSessionFactory(hub=hub, date=today)  # open today
    HubSessionFactory(hub=hub, date=today - 7 * DAY)  # last week: not on the calendar
    client = login(hub_worker)
    url = reverse("hubs:hub_calendar", args=[hub.pk])
    with django_assert_max_num_queries(12):
        body = client.get(url).content.decode()
    assert body.count(">Planned<") == 6 and "Open</span>" in body
    assert f"{today.strftime('%A')}s 10:00–12:00, appointments" in body
    assert (today - 7 * DAY).strftime("%a %-d %b %Y") not in body


def test_the_calendar_runs_in_the_same_queries_for_many_sessions(
    hub, hub_worker, login, today, django_assert_num_queries
):
    client = login(hub_worker)
    url = reverse("hubs:hub_calendar", args=[hub.pk])
    HubScheduleFactory(hub=hub, weekday=today.weekday(), valid_from=today)
    hub_sessions_plan_ahead(today=today)
    client.get(url)  # the first request of a session does more
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for weekday in range(7):
        HubScheduleFactory(hub=hub, weekday=weekday, starts_at=datetime.time(14),
                           ends_at=datetime.time(16), valid_from=today)  # fmt: skip
    hub_sessions_plan_ahead(today=today)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)


def test_adding_a_regular_session_through_the_page(hub, hub_worker, login, today):
    client = login(hub_worker)
    response = client.post(
        reverse("hubs:schedule_add", args=[hub.pk]),
        {"weekday": "1", "starts_at": "10:00", "ends_at": "12:00", "mode": "appointment",
         "valid_from": today.isoformat()},
    )  # fmt: skip
    assert response.status_code == 302
    assert HubSession.objects.filter(hub=hub, planned=True).count() == 6
    assert all(day.weekday() == 1 for day in _tuesdays(hub))


def test_a_regular_session_ending_before_it_starts_is_refused_on_the_page(
    hub, hub_worker, login, today
):
    response = login(hub_worker).post(
        reverse("hubs:schedule_add", args=[hub.pk]),
        {"weekday": "1", "starts_at": "12:00", "ends_at": "10:00", "mode": "appointment",
         "valid_from": today.isoformat()},
    )  # fmt: skip
    assert response.status_code == 200
    assert "The end time must be after the start time." in response.content.decode()
    assert not HubSchedule.objects.exists()


def test_adding_a_one_off_session_through_the_page(hub, hub_worker, login, today):
    client = login(hub_worker)
    url = reverse("hubs:session_plan", args=[hub.pk])
    data = {"date": (today + 2 * DAY).isoformat(), "starts_at": "14:00", "mode": "appointment"}
    assert client.post(url, data).status_code == 302
    again = client.post(url, data)
    assert "A session already starts at that time that day." in again.content.decode()
    assert HubSession.objects.filter(hub=hub).count() == 1


def test_a_planned_session_page_offers_to_open_it_on_its_day_only(
    hub, hub_worker, login, today, monkeypatch
):
    planned = PlannedSessionFactory(hub=hub, date=today + 7 * DAY)
    client = login(hub_worker)
    detail = reverse("hubs:session_detail", args=[planned.pk])
    body = client.get(detail).content.decode()
    assert "can be opened on its day" in body and "Open the session" not in body
    assert "Find a person" not in body and "Head-count" not in body
    refused = client.post(reverse("hubs:session_open_planned", args=[planned.pk]), {})
    assert "open it on the day" in refused.content.decode()
    _on(monkeypatch, today + 7 * DAY)
    assert "Open the session" in client.get(detail).content.decode()
    opened = client.post(reverse("hubs:session_open_planned", args=[planned.pk]), {})
    assert opened.status_code == 302
    planned.refresh_from_db()
    assert planned.is_open
    assert "Find a person" in client.get(detail).content.decode()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ({"role": Role.PRACTITIONER}, 200),
        ({"role": Role.FORUM_MANAGER}, 403),
        ({"role": Role.HSCP_LEAD}, 403),
        ({"role": Role.HUB_WORKER, "other_locality": True}, 404),
        ({"role": Role.HUB_WORKER, "outsider": True}, 404),
    ],
)
def test_who_may_see_and_plan_a_hubs_calendar(hub, world, make_user, login, who, status):
    localities = [world.other_locality] if who.get("other_locality") else None
    user = make_user(who["role"], outsider=who.get("outsider", False), localities=localities)
    client = login(user)
    assert client.get(reverse("hubs:hub_calendar", args=[hub.pk])).status_code == status
    schedule = HubScheduleFactory(hub=hub)
    assert client.get(reverse("hubs:schedule_end", args=[schedule.pk])).status_code == status
    posted = client.post(reverse("hubs:session_plan", args=[hub.pk]), {})
    assert posted.status_code == status
