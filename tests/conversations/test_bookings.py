"""Bookings into hub sessions planned ahead: booking from the hub appointment list or a person's
page, one per person per session, seen through the drop-in, "did not attend" from the session's
day on (they stay on the list), cancelling, the session's "Expected" list and who may do what."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from cls_portal.audit.models import AuditEntry
from cls_portal.permissions import Role
from conversations.models import Conversation, HubBooking, WaitingList, WaitingListEntry
from conversations.services.bookings import (
    hub_booking_cancel,
    hub_booking_create,
    hub_booking_mark_not_attended,
)
from conversations.services.dropins import dropin_log
from conversations.services.waiting_lists import hub_appointment_list_for
from hubs.services.calendar import hub_session_open_planned
from hubs.services.sessions import hub_session_close
from tests.conversations.factories import WaitingListEntryFactory
from tests.factories import (
    EpisodeFactory,
    HubBookingFactory,
    HubFactory,
    HubSessionFactory,
    PersonFactory,
    PlannedSessionFactory,
)

DAY = datetime.timedelta(days=1)
Status = HubBooking.Status


def _on(monkeypatch, day: datetime.date) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)


@pytest.fixture
def hub(world):
    return HubFactory(locality=world.locality, partnership=world.partnership, name="Central")


@pytest.fixture
def next_week(hub, today):
    return PlannedSessionFactory(hub=hub, date=today + 7 * DAY)


@pytest.fixture
def hub_worker(users):
    return users[Role.HUB_WORKER]


@pytest.fixture
def waiting(world, hub_worker, today):
    """Morag, on the hub appointment list for three weeks."""
    hub_list = hub_appointment_list_for(actor=hub_worker, partnership_id=world.partnership.pk)
    return WaitingListEntryFactory(
        episode__person__locality=world.locality,
        episode__person__first_name="Morag",
        episode__person__last_name="Smith",
        episode__state="waiting",
        waiting_list=hub_list,
        added_on=today - 21 * DAY,
    )


@pytest.fixture
def morag(waiting):
    return waiting.episode.person


# ---------------------------------------------------------------- booking


def test_booking_someone_on_the_hub_appointment_list_names_the_session_on_their_entry(
    hub_worker, morag, waiting, next_week
):
    booking = hub_booking_create(actor=hub_worker, person=morag, session=next_week)
    assert (booking.at, booking.status, booking.booked_by) == (
        datetime.time(10), Status.BOOKED, hub_worker,
    )  # fmt: skip
    assert booking.waiting_entry == waiting
    waiting.refresh_from_db()
    assert waiting.appointment_session == next_week and waiting.removed_on is None
    created = AuditEntry.objects.get(model="conversations.hubbooking", action="create")
    assert created.person_id == morag.pk


def test_one_booking_per_person_per_session(hub_worker, morag, next_week):
    first = hub_booking_create(actor=hub_worker, person=morag, session=next_week)
    with pytest.raises(ValidationError) as error:
        hub_booking_create(actor=hub_worker, person=morag, session=next_week)
    assert "already booked into this session" in str(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():  # the database holds it too
        HubBooking.objects.create(person=morag, session=next_week, at=datetime.time(11))
    hub_booking_cancel(actor=hub_worker, booking=first)
    again = hub_booking_create(actor=hub_worker, person=morag, session=next_week)
    assert again.pk != first.pk  # a cancelled booking may be made again
    assert HubBooking.objects.filter(person=morag).count() == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_colleagues_booking_the_same_person_at_once_book_them_once(world, make_user, today):
    from tests.peer_forum.races import race

    hub = HubFactory(locality=world.locality, partnership=world.partnership)
    session = PlannedSessionFactory(hub=hub, date=today + 7 * DAY)
    person = PersonFactory(locality=world.locality)
    one, two = make_user(Role.HUB_WORKER), make_user(Role.PRACTITIONER)
    results = race(
        lambda: hub_booking_create(actor=one, person=person, session=session),
        lambda: hub_booking_create(actor=two, person=person, session=session),
    )
    assert isinstance(results["first"], HubBooking)
    assert isinstance(results["second"], ValidationError)
    assert HubBooking.objects.filter(person=person, session=session).count() == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"date_days": -1}, "in the past"),
        ({"closed": True}, "has closed"),
        ({"at": datetime.time(9)}, "while the session is on"),
        ({"at": datetime.time(12)}, "while the session is on"),
    ],
)
def test_a_booking_into_a_past_or_closed_session_or_outside_its_hours_is_refused(
    hub, hub_worker, morag, today, change, message
):
    session = HubSessionFactory(
        hub=hub, date=today + change.get("date_days", 7) * DAY,
        starts_at=datetime.time(10), ends_at=datetime.time(12),
        closed_at=timezone.now() if change.get("closed") else None,
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        hub_booking_create(actor=hub_worker, person=morag, session=session, at=change.get("at"))
    assert message in str(error.value)
    assert not HubBooking.objects.exists()


def test_another_partnerships_session_is_refused(world, hub_worker, morag, today):
    outsider_hub = HubFactory(locality=world.outsider_locality)
    session = PlannedSessionFactory(hub=outsider_hub, date=today + 7 * DAY)
    with pytest.raises(ValidationError):
        hub_booking_create(actor=hub_worker, person=morag, session=session)


# ---------------------------------------------------------------- at the session


def test_did_not_attend_cannot_be_marked_before_the_sessions_day(
    hub_worker, morag, waiting, next_week, today, monkeypatch
):
    booking = hub_booking_create(actor=hub_worker, person=morag, session=next_week)
    with pytest.raises(ValidationError) as error:
        hub_booking_mark_not_attended(actor=hub_worker, booking=booking)
    assert "on the day or after" in str(error.value)
    _on(monkeypatch, today + 7 * DAY)
    marked = hub_booking_mark_not_attended(actor=hub_worker, booking=booking)
    assert (marked.status, marked.status_changed_on) == (Status.DID_NOT_ATTEND, today + 7 * DAY)
    waiting.refresh_from_db()
    assert waiting.removed_on is None  # still waiting for a hub appointment
    with pytest.raises(ValidationError):
        hub_booking_mark_not_attended(actor=hub_worker, booking=booking)  # once


def test_did_not_attend_can_be_marked_after_the_day_too(
    hub_worker, morag, next_week, today, monkeypatch
):
    booking = hub_booking_create(actor=hub_worker, person=morag, session=next_week)
    _on(monkeypatch, today + 9 * DAY)
    assert hub_booking_mark_not_attended(actor=hub_worker, booking=booking).status == (
        Status.DID_NOT_ATTEND
    )
    assert AuditEntry.objects.filter(model="conversations.hubbooking", action="update").exists()


def test_a_conversation_at_the_session_marks_the_booking_seen_and_ends_the_wait(
    hub_worker, morag, waiting, next_week, today, monkeypatch
):
    booking = hub_booking_create(actor=hub_worker, person=morag, session=next_week)
    _on(monkeypatch, today + 7 * DAY)
    session = hub_session_open_planned(actor=hub_worker, session=next_week)
    dropin_log(
        actor=hub_worker, session=session, person=morag, what_matters="Getting out more",
        what_happened=Conversation.WhatHappened.RESOLVED,
    )  # fmt: skip
    booking.refresh_from_db()
    waiting.refresh_from_db()
    assert booking.status == Status.SEEN
    assert (waiting.removed_on, waiting.removal_reason) == (today + 7 * DAY, "seen")


def test_no_drop_in_is_logged_at_a_session_not_opened(hub_worker, morag, next_week):
    with pytest.raises(ValidationError):
        dropin_log(
            actor=hub_worker, session=next_week, person=morag, what_matters="x",
            what_happened=Conversation.WhatHappened.RESOLVED,
        )  # fmt: skip


def test_cancelling_keeps_them_on_the_list_and_clears_the_session_from_their_entry(
    hub_worker, morag, waiting, next_week
):
    booking = hub_booking_create(actor=hub_worker, person=morag, session=next_week)
    hub_booking_cancel(actor=hub_worker, booking=booking)
    booking.refresh_from_db()
    waiting.refresh_from_db()
    assert booking.status == Status.CANCELLED
    assert waiting.appointment_session is None and waiting.removed_on is None
    with pytest.raises(ValidationError):
        hub_booking_cancel(actor=hub_worker, booking=booking)


# ---------------------------------------------------------------- the story, in the test client


def test_a_hub_worker_books_someone_from_the_hub_appointment_list_and_they_do_not_come(
    hub_worker, login, morag, waiting, next_week, world, today, monkeypatch
):
    client = login(hub_worker)
    hub_list = WaitingList.objects.get(is_hub_appointments=True)
    listing = client.get(reverse("conversations:waiting_list_detail", args=[hub_list.pk]))
    book_url = reverse("conversations:booking_create", args=[morag.pk])
    assert book_url in listing.content.decode()  # "Book a session" beside Morag

    form = client.get(book_url).content.decode()
    assert "On the hub appointment list since" in form and "Central" in form
    booked = client.post(book_url, {"session": next_week.pk, "at": "10:30"})
    assert booked.status_code == 302
    assert booked.url == reverse("hubs:session_detail", args=[next_week.pk])

    # On the day, the session shows her as expected.
    _on(monkeypatch, today + 7 * DAY)
    session_page = client.get(booked.url).content.decode()
    assert "Expected" in session_page and "Morag Smith" in session_page
    assert "10:30" in session_page and "Did not attend" in session_page

    booking = HubBooking.objects.get(person=morag)
    marked = client.post(reverse("conversations:booking_not_attended", args=[booking.pk]))
    assert marked.status_code == 302
    booking.refresh_from_db()
    assert booking.status == Status.DID_NOT_ATTEND
    # She is still waiting, and the figure counts it.
    assert WaitingListEntry.objects.get(pk=waiting.pk).removed_on is None
    listing = client.get(reverse("conversations:waiting_list_detail", args=[hub_list.pk]))
    assert "Morag Smith" in listing.content.decode()
    from outcomes.periods import Month, MonthRange, Scope
    from outcomes.selectors.figures import hub_appointments_not_attended

    month = Month.of(today + 7 * DAY)
    counted = hub_appointments_not_attended(
        months=MonthRange.single(month), scope=Scope(partnership_id=world.partnership.pk)
    )
    assert counted == {month: 1}


def test_marking_did_not_attend_before_the_day_on_the_page_changes_nothing(
    hub_worker, login, morag, next_week
):
    booking = hub_booking_create(actor=hub_worker, person=morag, session=next_week)
    client = login(hub_worker)
    page = client.get(reverse("hubs:session_detail", args=[next_week.pk])).content.decode()
    assert "Morag Smith" in page and "Did not attend" not in page  # not offered yet
    response = client.post(
        reverse("conversations:booking_not_attended", args=[booking.pk]), follow=True
    )
    assert "mark who did not attend on the day or after" in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == Status.BOOKED


def test_booking_from_the_persons_page_and_cancelling_from_the_session(
    users, login, morag, next_week
):
    practitioner = users[Role.PRACTITIONER]
    client = login(practitioner)
    person_page = client.get(reverse("conversations:person_detail", args=[morag.pk]))
    book_url = reverse("conversations:booking_create", args=[morag.pk])
    assert book_url in person_page.content.decode()
    assert client.post(book_url, {"session": next_week.pk}).status_code == 302
    booking = HubBooking.objects.get(person=morag)
    assert booking.at == datetime.time(10)  # the session's start
    cancel = reverse("conversations:booking_cancel", args=[booking.pk])
    assert "Cancel Morag Smith" in client.get(cancel).content.decode()
    assert client.post(cancel).status_code == 302
    booking.refresh_from_db()
    assert booking.status == Status.CANCELLED


def test_a_session_of_another_locality_cannot_be_chosen(world, hub_worker, login, morag, today):
    elsewhere = HubFactory(locality=world.other_locality, partnership=world.partnership)
    session = PlannedSessionFactory(hub=elsewhere, date=today + 7 * DAY)
    response = login(hub_worker).post(
        reverse("conversations:booking_create", args=[morag.pk]), {"session": session.pk}
    )
    assert response.status_code == 200 and "Choose" in response.content.decode()
    assert not HubBooking.objects.exists()


def test_the_expected_list_runs_in_the_same_queries_for_many_bookings(
    world, hub_worker, login, next_week, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        HubBookingFactory(session=next_week)
    client = login(hub_worker)
    url = reverse("hubs:session_detail", args=[next_week.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(30):
        HubBookingFactory(session=next_week)
    with django_assert_num_queries(len(few.captured_queries)):
        body = client.get(url).content.decode()
    assert "33 people booked in" in body


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ({"role": Role.PRACTITIONER}, 302),
        ({"role": Role.FORUM_MANAGER}, 403),
        ({"role": Role.ADMIN}, 403),
        ({"role": Role.HUB_WORKER, "other_locality": True}, 404),
        ({"role": Role.PRACTITIONER, "outsider": True}, 404),
    ],
)
def test_who_may_mark_and_cancel_a_booking(
    world, make_user, login, next_week, today, monkeypatch, who, status
):
    booking = HubBookingFactory(session=next_week)
    localities = [world.other_locality] if who.get("other_locality") else None
    user = make_user(who["role"], outsider=who.get("outsider", False), localities=localities)
    client = login(user)
    _on(monkeypatch, today + 7 * DAY)
    marked = client.post(reverse("conversations:booking_not_attended", args=[booking.pk]))
    assert marked.status_code == status
    cancelled = client.post(reverse("conversations:booking_cancel", args=[booking.pk]))
    assert cancelled.status_code == status
    booking.refresh_from_db()
    assert booking.status == (Status.DID_NOT_ATTEND if status == 302 else Status.BOOKED)


def test_offering_a_hub_appointment_at_a_planned_session_books_them_in(
    world, users, login, hub, next_week, today
):
    from tests.factories import WaitingListFactory

    ot_list = WaitingListFactory(partnership=world.partnership, name="OT assessment")
    entry = WaitingListEntryFactory(
        episode=EpisodeFactory(person=PersonFactory(locality=world.locality)),
        waiting_list=ot_list,
        added_on=today - 30 * DAY,
    )
    response = login(users[Role.PRACTITIONER]).post(
        reverse("conversations:waiting_list_offer", args=[ot_list.pk]),
        {"entries": [entry.pk], "appointment_session": next_week.pk},
    )
    assert response.status_code == 302
    booking = HubBooking.objects.get(person=entry.episode.person)
    assert booking.session == next_week and booking.waiting_entry.waiting_list.is_hub_appointments


def test_a_closed_session_with_bookings_keeps_them(hub_worker, morag, hub, today):
    session = HubSessionFactory(hub=hub, date=today, starts_at=datetime.time(9))
    booking = hub_booking_create(actor=hub_worker, person=morag, session=session)
    hub_session_close(actor=hub_worker, session=session)
    assert HubBooking.objects.get(pk=booking.pk).status == Status.BOOKED
