"""Waiting lists and the people (episodes) waiting on them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from cls_portal.permissions import ScopedQuerySet
from conversations.models.episodes import Episode, EpisodeChild
from hubs.models import HubSession, Partnership


class WaitingList(models.Model):
    """A named list, e.g. social work assessment, OT assessment, hub appointment."""

    # A partnership's lists are its configuration: they go with it. (A partnership with any
    # case data cannot be deleted at all: its people and episodes protect it.)
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="waiting_lists"
    )
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=60)
    is_hub_appointments = models.BooleanField(
        "Hub appointment list",
        default=False,
        help_text="People offered a hub appointment wait here until they are seen at a hub.",
    )

    SCOPE_PARTNERSHIP = "partnership"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "slug"], name="waiting_list_slug_unique"
            ),
            models.UniqueConstraint(
                fields=["partnership", "name"], name="waiting_list_name_unique"
            ),
            models.UniqueConstraint(
                fields=["partnership"],
                condition=Q(is_hub_appointments=True),
                name="one_hub_appointment_list_per_partnership",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def scope_partnership_id(self) -> int:
        return self.partnership_id


class WaitingListEntry(EpisodeChild):
    class Priority(models.TextChoices):
        ROUTINE = "routine", "Routine"
        URGENT = "urgent", "Urgent"

    class RemovalReason(models.TextChoices):
        SEEN = "seen", "Seen or assessed"
        HUB_APPOINTMENT = "hub_appointment", "Offered a hub appointment"
        NO_LONGER_NEEDED = "no_longer_needed", "No longer needed"
        MOVED_AWAY = "moved_away", "Moved away"
        DIED = "died", "Died"
        OTHER = "other", "Other"

    waiting_list = models.ForeignKey(WaitingList, on_delete=models.PROTECT, related_name="entries")
    episode = models.ForeignKey(
        Episode, on_delete=models.CASCADE, related_name="waiting_list_entries"
    )
    added_on = models.DateField()
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.ROUTINE)
    reason = models.CharField(max_length=250, blank=True, help_text="Why they are waiting.")
    removed_on = models.DateField(null=True, blank=True)
    removal_reason = models.CharField(max_length=20, choices=RemovalReason.choices, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    appointment_session = models.ForeignKey(
        HubSession,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="On the hub appointment list: the session they were offered, if one was chosen.",
    )

    # The old system's identifier of an entry brought in by a bulk import (``imports``).
    external_id = models.CharField(
        "identifier in the previous system", max_length=64, blank=True, default=""
    )

    PERSONAL_FIELDS = ("reason", "external_id")

    class Meta:
        ordering = ["added_on", "pk"]
        verbose_name_plural = "waiting list entries"
        indexes = [
            models.Index(fields=["waiting_list", "added_on"]),
            models.Index(fields=["waiting_list", "removed_on"]),
            # The longest waits first: the home page walks it and stops early, reading the
            # rest of what it shows from the index too (entries taken off are most of those it
            # walks past). Not partial (removed_on IS NULL): "on the list today" also keeps a
            # removal dated later.
            models.Index(
                fields=["added_on", "id"],
                name="waiting_entry_added_idx",
                include=["removed_on", "episode", "waiting_list", "priority"],
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(removed_on__isnull=True) | Q(removed_on__gte=models.F("added_on")),
                name="waiting_entry_removed_after_added",
            ),
            # One entry per old identifier (lists belong to one partnership; the import finds
            # an entry by its partnership and identifier).
            models.UniqueConstraint(
                fields=["waiting_list", "external_id"],
                condition=~Q(external_id=""),
                name="waiting_entry_external_id_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"Waiting list entry #{self.pk}"

    @property
    def days_on_list(self) -> int:
        """Days waited: to the day they came off, or to today if still waiting."""
        return ((self.removed_on or timezone.localdate()) - self.added_on).days
