"""Personal outcomes, in the person's own words, and their reviews."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from cls_portal.audit.guard import AuditedModel, AuditedQuerySet
from conversations.models.conversations import Conversation
from conversations.models.episodes import Episode, EpisodeChild


class PersonalOutcome(EpisodeChild):
    """What matters to the person, in their own words (e.g. "not to be lonely")."""

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="outcomes")
    conversation = models.ForeignKey(
        Conversation, on_delete=models.SET_NULL, null=True, blank=True, related_name="outcomes"
    )
    statement = models.CharField("In their words", max_length=250)
    created_on = models.DateField()

    PERSONAL_FIELDS = ("statement",)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_on", "pk"]
        indexes = [
            models.Index(fields=["episode", "created_on"]),
            # The outcome reviews due, oldest first: the home page walks it and stops early.
            models.Index(fields=["created_on", "id"], name="outcome_created_idx"),
        ]

    def __str__(self) -> str:
        return self.statement


class OutcomeReview(AuditedModel):
    class Status(models.TextChoices):
        NOT_MET = "not_met", "Not met"
        PARTLY_MET = "partly_met", "Partly met"
        MET = "met", "Met"

    outcome = models.ForeignKey(PersonalOutcome, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices)
    note = models.CharField(max_length=250, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    SCOPE_PARTNERSHIP = "outcome__episode__partnership"
    SCOPE_LOCALITY = "outcome__episode__locality"
    AUDIT_PERSON = "outcome__episode__person"
    PERSONAL_FIELDS = ("note",)
    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["-reviewed_on", "-pk"]
        indexes = [
            models.Index(fields=["reviewed_on"]),
            # Each outcome's latest review (its status and date, as the home page's due reviews
            # and the figures ask): one backward, index-only probe per outcome, no sort.
            models.Index(
                fields=["outcome", "reviewed_on", "id"],
                name="outcome_review_latest_idx",
                include=["status"],
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} on {self.reviewed_on:%d %b %Y}"

    @property
    def scope_partnership_id(self) -> int:
        return self.outcome.episode.partnership_id

    @property
    def scope_locality_ids(self) -> list[int]:
        return [self.outcome.episode.locality_id]

    @property
    def audit_person_id(self) -> int:
        return self.outcome.episode.person_id
