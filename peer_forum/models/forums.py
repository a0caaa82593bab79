"""Peer forums and their meetings; scoped by the forum's locality."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from cls_portal.permissions import ScopedQuerySet
from hubs.models import Locality, Partnership
from peer_forum.models.base import MONEY_FIELD, InterventionType


class PeerForum(models.Model):
    """A locality's peer forum: who sits on it, the most it may approve without escalating,
    and how many members must be present to decide."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    # Deleting a locality takes its forums with it (demo re-seeding relies on it); a forum with
    # requests cannot go, because requests protect their forum.
    locality = models.ForeignKey(Locality, on_delete=models.CASCADE, related_name="peer_forums")
    name = models.CharField(max_length=120)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="peer_forums"
    )
    delegated_weekly_limit = models.DecimalField(
        "Delegated weekly limit (£)",
        help_text="The most a week this forum may approve; anything above is escalated.",
        **MONEY_FIELD,
    )
    delegated_one_off_limit = models.DecimalField(
        "Delegated one-off limit (£)",
        help_text="The largest one-off amount this forum may approve.",
        **MONEY_FIELD,
    )
    quorum = models.PositiveSmallIntegerField(
        default=3,
        validators=[MinValueValidator(1)],
        help_text="How many members must be present to make a decision.",
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    SCOPE_PARTNERSHIP = "partnership"
    SCOPE_LOCALITY = "locality"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="peer_forum_name_unique"),
            models.CheckConstraint(
                condition=Q(delegated_weekly_limit__gte=0), name="forum_weekly_limit_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(delegated_one_off_limit__gte=0),
                name="forum_one_off_limit_not_negative",
            ),
            models.CheckConstraint(condition=Q(quorum__gte=1), name="forum_quorum_at_least_one"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if (
            self.locality_id
            and self.partnership_id
            and self.locality.partnership_id != self.partnership_id
        ):
            raise ValidationError({"locality": "Choose a locality of this partnership."})

    @property
    def scope_partnership_id(self) -> int:
        return self.partnership_id

    @property
    def scope_locality_ids(self) -> list[int]:
        return [self.locality_id]

    def limit_for(self, intervention_type: str) -> Decimal:
        """The delegated limit that applies to a request of this type."""
        if intervention_type == InterventionType.ONE_OFF:
            return self.delegated_one_off_limit
        return self.delegated_weekly_limit


class ForumMeeting(models.Model):
    """One sitting of a forum: its agenda is the requests put on it; decisions need quorum,
    counted from the members recorded as present."""

    forum = models.ForeignKey(PeerForum, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField("Date")
    starts_at = models.TimeField("Start time", null=True, blank=True)
    place = models.CharField(
        max_length=150, blank=True, help_text="e.g. Library meeting room, or Teams"
    )
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="forum_meetings_attended",
        verbose_name="Members present",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    SCOPE_PARTNERSHIP = "forum__partnership"
    SCOPE_LOCALITY = "forum__locality"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["forum", "held_on"])]

    def __str__(self) -> str:
        return f"{self.forum} on {self.held_on:%d %b %Y}"

    @property
    def scope_partnership_id(self) -> int:
        return self.forum.partnership_id

    @property
    def scope_locality_ids(self) -> list[int]:
        return [self.forum.locality_id]
