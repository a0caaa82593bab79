"""Decisions: what a forum decided on a request, and why."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from cls_portal.audit.guard import AuditedModel, AuditedQuerySet
from peer_forum.models.base import MONEY_FIELD, AboutAnEpisode, non_negative
from peer_forum.models.forums import ForumMeeting
from peer_forum.models.requests import FundingRequest


class Decision(AboutAnEpisode, AuditedModel):
    """What a forum decided on a request at a meeting, and why.

    A request may be deferred several times but has at most one *final* decision (approve,
    approve with changes, decline or escalate) and at most one decision per meeting: unique
    constraints enforce both, and ``round`` (1, 2, … per request) makes two decisions taken from
    the same state collide, so two managers deciding at once cannot both succeed
    (``services.decisions.forum_request_decide``). An escalation may carry the amount the forum
    put to the senior decision (``EscalationDecision``), which settles it.
    """

    class Outcome(models.TextChoices):
        APPROVE = "approve", "Approve"
        APPROVE_WITH_CHANGES = "approve_changes", "Approve with changes"
        DEFER = "defer", "Defer"
        DECLINE = "decline", "Decline"
        ESCALATE = "escalate", "Escalate"

    APPROVALS = (Outcome.APPROVE, Outcome.APPROVE_WITH_CHANGES)
    FINAL = (Outcome.APPROVE, Outcome.APPROVE_WITH_CHANGES, Outcome.DECLINE, Outcome.ESCALATE)

    request = models.ForeignKey(FundingRequest, on_delete=models.CASCADE, related_name="decisions")
    meeting = models.ForeignKey(ForumMeeting, on_delete=models.PROTECT, related_name="decisions")
    round = models.PositiveSmallIntegerField(
        help_text="1 for the first decision on a request, 2 after one deferral, …"
    )
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    approved_weekly_amount = models.DecimalField(null=True, blank=True, **MONEY_FIELD)
    approved_one_off_amount = models.DecimalField(null=True, blank=True, **MONEY_FIELD)
    rationale = models.TextField()
    members_present = models.PositiveSmallIntegerField(
        help_text="Members recorded as present when the decision was made (quorum)."
    )
    decided_on = models.DateField(help_text="The day of the meeting.")
    days_to_decision = models.PositiveIntegerField(
        help_text="Days from the request's submission to this decision."
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    SCOPE_PARTNERSHIP = "request__episode__partnership"
    SCOPE_LOCALITY = "request__episode__locality"
    AUDIT_PERSON = "request__episode__person"
    PERSONAL_FIELDS = ("rationale",)
    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_on", "-pk"]
        indexes = [
            models.Index(fields=["outcome", "decided_on"]),
            models.Index(fields=["decided_on"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["request", "round"], name="decision_round_unique"),
            # One decision per request per meeting: a deferral moves it to a later meeting.
            models.UniqueConstraint(
                fields=["request", "meeting"], name="one_decision_per_request_per_meeting"
            ),
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(outcome__in=["approve", "approve_changes", "decline", "escalate"]),
                name="one_final_decision_per_request",
            ),
            non_negative("approved_weekly_amount", "decision_weekly_not_negative"),
            non_negative("approved_one_off_amount", "decision_one_off_not_negative"),
            # An approval states exactly one approved amount; an escalation at most one (the
            # amount put to the senior decision); a deferral or a decline none.
            models.CheckConstraint(
                condition=(
                    Q(outcome__in=["approve", "approve_changes"])
                    & (
                        Q(approved_weekly_amount__isnull=False, approved_one_off_amount=None)
                        | Q(approved_weekly_amount=None, approved_one_off_amount__isnull=False)
                    )
                )
                | (
                    Q(outcome="escalate")
                    & (Q(approved_weekly_amount=None) | Q(approved_one_off_amount=None))
                )
                | (
                    Q(outcome__in=["defer", "decline"])
                    & Q(approved_weekly_amount=None, approved_one_off_amount=None)
                ),
                name="decision_amount_matches_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} on {self.decided_on:%d %b %Y}"

    @property
    def scope_episode(self) -> Any:
        return self.request.episode

    @property
    def is_approval(self) -> bool:
        return self.outcome in self.APPROVALS

    @property
    def approved_amount(self) -> Decimal | None:
        if self.approved_one_off_amount is not None:
            return self.approved_one_off_amount
        return self.approved_weekly_amount
