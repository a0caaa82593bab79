"""Signposts: connections to community solutions, and how they went."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from conversations.models.conversations import Conversation
from conversations.models.episodes import Episode, EpisodeChild
from hubs.models import CommunitySolution


class Signpost(EpisodeChild):
    """A connection made in a conversation to a community solution, and how it went."""

    class Status(models.TextChoices):
        SUGGESTED = "suggested", "Suggested"
        INTRODUCED = "introduced", "Introduced"
        TAKEN_UP = "taken_up", "Taken up"
        NOT_TAKEN_UP = "not_taken_up", "Not taken up"
        ENDED = "ended", "Ended"

    class NotTakenUpReason(models.TextChoices):
        DECLINED = "declined", "Declined"
        NO_CAPACITY = "no_capacity", "No capacity"
        NO_LONGER_NEEDED = "no_longer_needed", "No longer needed"
        COULD_NOT_CONTACT = "could_not_contact", "Could not contact"

    FOLLOWED_UP = (Status.TAKEN_UP, Status.NOT_TAKEN_UP, Status.ENDED)

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="signposts")
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="signposts"
    )
    solution = models.ForeignKey(
        CommunitySolution, on_delete=models.PROTECT, related_name="signposts"
    )
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.SUGGESTED)
    not_taken_up_reason = models.CharField(
        max_length=20, choices=NotTakenUpReason.choices, blank=True
    )
    follow_up_on = models.DateField(null=True, blank=True)
    followed_up_on = models.DateField(null=True, blank=True)
    difference_made = models.TextField("The difference it made", blank=True)
    created_on = models.DateField()

    PERSONAL_FIELDS = ("difference_made",)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["follow_up_on", "pk"]
        indexes = [
            models.Index(fields=["status", "follow_up_on"]),
            models.Index(fields=["created_on"]),
            # The follow-up list's order over open signposts only (the services' OPEN_STATUSES):
            # the home page's first rows and capped count walk it and stop early.
            models.Index(
                fields=["follow_up_on", "id"],
                condition=Q(status__in=["suggested", "introduced"]),
                name="signpost_open_follow_up_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="not_taken_up") | ~Q(not_taken_up_reason=""),
                name="signpost_not_taken_up_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Signpost #{self.pk}"
