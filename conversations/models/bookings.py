"""Bookings: a person booked into a hub session planned ahead, and whether they came."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from cls_portal.audit.guard import AuditedModel, AuditedQuerySet
from conversations.models.people import Person
from conversations.models.waiting_lists import WaitingListEntry
from hubs.models import HubSession


class HubBooking(AuditedModel):
    """A person expected at a hub session at a time. It is marked seen when a conversation with
    them is recorded at that session (the drop-in, as for anyone), or "did not attend" from the
    session's day on; a person who did not attend stays on the hub appointment list."""

    class Status(models.TextChoices):
        BOOKED = "booked", "Expected"
        SEEN = "seen", "Seen"
        DID_NOT_ATTEND = "did_not_attend", "Did not attend"
        CANCELLED = "cancelled", "Cancelled"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="hub_bookings")
    # Bookings hold their session: a planned session someone is booked into stays on the calendar.
    session = models.ForeignKey(HubSession, on_delete=models.PROTECT, related_name="bookings")
    at = models.TimeField("Time")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.BOOKED)
    # The hub appointment list entry the booking answers, if they were on the list.
    waiting_entry = models.ForeignKey(
        WaitingListEntry, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    booked_at = models.DateTimeField(auto_now_add=True)
    status_changed_on = models.DateField(null=True, blank=True)

    SCOPE_PARTNERSHIP = "session__hub__partnership"
    SCOPE_LOCALITY = "session__hub__locality"
    AUDIT_PERSON = "person"
    PERSONAL_FIELDS = ()
    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["session", "status"])]
        constraints = [
            # One booking per person per session (a cancelled one may be made again).
            models.UniqueConstraint(
                fields=["person", "session"],
                condition=~Q(status="cancelled"),
                name="one_booking_per_person_per_session",
            ),
        ]

    def __str__(self) -> str:
        return f"Booking #{self.pk}"

    @property
    def scope_partnership_id(self) -> int:
        return self.session.hub.partnership_id

    @property
    def scope_locality_ids(self) -> list[int]:
        return [self.session.hub.locality_id]

    @property
    def audit_person_id(self) -> int:
        return self.person_id
