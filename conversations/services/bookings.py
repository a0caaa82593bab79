"""Booking people into hub sessions planned ahead, and what became of each booking.

A person is booked into a session that has not closed, today or later, at a time within it: from
the hub appointment list (the booking answers their entry, and the entry names the session) or
straight from their page. One booking per person per session: the database holds it
(``one_booking_per_person_per_session``) and the person's row is locked while one is made.

At the session a booking is **seen** when a conversation with them is recorded there (the
drop-in, as for anyone: ``conversation_record`` calls ``hub_bookings_mark_seen``, which also
takes them off the hub appointment list); otherwise, from the session's day on, it is marked
**did not attend**: they stay on the hub appointment list, to be booked again, and the figure
``hub_appointments.did_not_attend`` counts it. A booking still expected can be cancelled.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cls_portal.audit.services import audit_create, audit_snapshot, audit_update
from conversations.models import HubBooking, Person, WaitingListEntry
from hubs.models import HubSession

if TYPE_CHECKING:
    from cls_portal.accounts.models import User

Status = HubBooking.Status
ALREADY_BOOKED = "This person is already booked into this session."


def _check_session(session: HubSession, *, person: Person, at: datetime.time) -> None:
    if session.hub.partnership_id != person.partnership_id:
        raise ValidationError({"session": "Choose a session at one of your partnership's hubs."})
    if session.closed_at is not None:
        raise ValidationError({"session": "This session has closed: choose another."})
    if session.date < timezone.localdate():
        raise ValidationError({"session": "This session is in the past: choose another."})
    before_start = session.starts_at is not None and at < session.starts_at
    after_end = session.ends_at is not None and at >= session.ends_at
    if before_start or after_end:
        raise ValidationError({"at": "Choose a time while the session is on."})


def hub_appointment_entry_of(person: Person) -> WaitingListEntry | None:
    """The person's place on the hub appointment list, if they are waiting on it."""
    return (
        WaitingListEntry.objects.filter(
            episode__person=person, waiting_list__is_hub_appointments=True, removed_on__isnull=True
        )
        .order_by("added_on", "pk")
        .first()
    )


@transaction.atomic
def hub_booking_create(
    *, actor: User, person: Person, session: HubSession, at: datetime.time | None = None
) -> HubBooking:
    """Book a person into a session (at its start unless a time is given)."""
    Person.objects.select_for_update().filter(pk=person.pk).first()  # one booker at a time
    session = HubSession.objects.select_related("hub").get(pk=session.pk)
    at = at or session.starts_at
    if at is None:  # a session opened without a start time
        raise ValidationError({"at": "Enter the time they are expected."})
    _check_session(session, person=person, at=at)
    if (
        HubBooking.objects.filter(person=person, session=session)
        .exclude(status=Status.CANCELLED)
        .exists()
    ):
        raise ValidationError({"session": ALREADY_BOOKED})
    entry = hub_appointment_entry_of(person)
    booking = HubBooking(
        person=person, session=session, at=at, waiting_entry=entry, booked_by=actor
    )
    booking.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            booking.save()
    except IntegrityError as exc:  # booked at the same moment elsewhere
        raise ValidationError({"session": ALREADY_BOOKED}) from exc
    audit_create(actor=actor, obj=booking)
    if entry is not None:
        _entry_names_session(actor=actor, entry=entry, session=session)
    return booking


def _entry_names_session(
    *, actor: User, entry: WaitingListEntry, session: HubSession | None
) -> None:
    """The hub appointment list shows the session each person is booked into."""
    before = audit_snapshot(entry)
    entry.appointment_session = session
    entry.save(update_fields=["appointment_session"])
    audit_update(actor=actor, obj=entry, before=before)


def _locked(booking: HubBooking) -> HubBooking:
    return (
        HubBooking.objects.select_for_update(of=("self",))
        .select_related("session__hub", "waiting_entry")
        .get(pk=booking.pk)
    )


def _set_status(*, actor: User | None, booking: HubBooking, status: str) -> HubBooking:
    before = audit_snapshot(booking)
    booking.status = status
    booking.status_changed_on = timezone.localdate()
    booking.save(update_fields=["status", "status_changed_on"])
    audit_update(actor=actor, obj=booking, before=before)
    return booking


@transaction.atomic
def hub_booking_cancel(*, actor: User, booking: HubBooking) -> HubBooking:
    """Cancel a booking still expected; the person stays on the hub appointment list."""
    booking = _locked(booking)
    if booking.status != Status.BOOKED:
        raise ValidationError(
            f"This booking is already marked “{booking.get_status_display().lower()}”."
        )
    entry = booking.waiting_entry
    if entry is not None and entry.appointment_session_id == booking.session_id:
        _entry_names_session(actor=actor, entry=entry, session=None)
    return _set_status(actor=actor, booking=booking, status=Status.CANCELLED)


@transaction.atomic
def hub_booking_mark_not_attended(*, actor: User, booking: HubBooking) -> HubBooking:
    """They did not come: from the session's day on. They stay on the hub appointment list."""
    booking = _locked(booking)
    if booking.status != Status.BOOKED:
        raise ValidationError(
            f"This booking is already marked “{booking.get_status_display().lower()}”."
        )
    if booking.session.date > timezone.localdate():
        raise ValidationError(
            f"The session is on {booking.session.date:%A %d %B %Y}: mark who did not attend "
            "on the day or after."
        )
    return _set_status(actor=actor, booking=booking, status=Status.DID_NOT_ATTEND)


def hub_bookings_mark_seen(*, actor: User | None, person_id: int, session: HubSession) -> int:
    """Called by the pathway when a conversation with the person is recorded at a session: their
    booking there (expected, or marked "did not attend" before they came late) is seen."""
    seen = 0
    for booking in HubBooking.objects.select_for_update().filter(
        person_id=person_id,
        session=session,
        status__in=(Status.BOOKED, Status.DID_NOT_ATTEND),
    ):
        _set_status(actor=actor, booking=booking, status=Status.SEEN)
        seen += 1
    return seen
