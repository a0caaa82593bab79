"""Package reviews: at its review date an approved package is continued, changed or ended."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from cls_portal.audit.guard import AuditedModel, AuditedQuerySet
from peer_forum.models.base import MONEY_FIELD, AboutAnEpisode, non_negative
from peer_forum.models.requests import FundingRequest


class PackageReview(AboutAnEpisode, AuditedModel):
    """One review of an approved package (``services.reviews.package_review_record``):

    - continue: it runs on, to a next review date;
    - change: it ends and a new request goes to the forum for a new decision;
    - end: it ended on its real end date.
    Either of the last two may note the weekly cost it actually ran at."""

    class Outcome(models.TextChoices):
        CONTINUE = "continue", "Continue"
        CHANGE = "change", "Change (back to the forum)"
        END = "end", "End"

    request = models.ForeignKey(FundingRequest, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField("Review date")
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    next_review_on = models.DateField("Next review date", null=True, blank=True)
    ended_on = models.DateField("End date", null=True, blank=True)
    actual_weekly_cost = models.DecimalField(
        "Actual weekly cost (£)", null=True, blank=True, **MONEY_FIELD
    )
    notes = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    SCOPE_PARTNERSHIP = "request__episode__partnership"
    SCOPE_LOCALITY = "request__episode__locality"
    AUDIT_PERSON = "request__episode__person"
    PERSONAL_FIELDS = ("notes",)
    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["-reviewed_on", "-pk"]
        constraints = [
            non_negative("actual_weekly_cost", "review_actual_weekly_not_negative"),
            models.CheckConstraint(
                condition=Q(outcome="continue", next_review_on__isnull=False, ended_on=None)
                | Q(outcome__in=["change", "end"], ended_on__isnull=False, next_review_on=None),
                name="review_dates_match_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"Review ({self.get_outcome_display().lower()}) on {self.reviewed_on:%d %b %Y}"

    @property
    def scope_episode(self) -> Any:
        return self.request.episode
