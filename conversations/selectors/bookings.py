"""Reading bookings into hub sessions, scoped to the session's locality."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from conversations.models import HubBooking

if TYPE_CHECKING:
    from cls_portal.accounts.models import User
    from hubs.models import HubSession


def hub_booking_get(*, user: User, pk: int, action: str = "hub_booking.change") -> HubBooking:
    """One booking: 404 outside the session's locality (or partnership), 403 for a role that
    may not book."""
    return HubBooking.objects.select_related("session__hub", "person").get_for(user, action, pk=pk)


def session_bookings(*, user: User, session: HubSession) -> QuerySet[HubBooking]:
    """Who is booked into a session (not the cancelled), by time: two columns of a person."""
    return (
        HubBooking.objects.visible_to(user)
        .filter(session=session)
        .exclude(status=HubBooking.Status.CANCELLED)
        .select_related("person")
        .only("at", "status", "session_id", "person__first_name", "person__last_name")
        .order_by("at", "person__last_name", "pk")
    )
