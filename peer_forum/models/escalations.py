"""Escalations: the senior decision on a request above a forum's delegated limit.

Each partnership names one senior decision body (``EscalationPanel``: "Head of service", "Resource
panel", …) whose members decide what its forums escalate. Its decision (``EscalationDecision``)
settles the request: approve (the amount put to it), approve with changes (another amount) or
decline, with the day, who and why. One senior decision per escalation.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from cls_portal.audit.guard import AuditedModel, AuditedQuerySet
from hubs.models import Partnership
from peer_forum.models.base import MONEY_FIELD, AboutAnEpisode, non_negative
from peer_forum.models.decisions import Decision


class EscalationPanel(models.Model):
    """A partnership's senior decision body for escalated requests (one active at a time)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=120, help_text="e.g. Head of service, or Resource panel")
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="escalation_panels"
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    SCOPE_PARTNERSHIP = "partnership"

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership"],
                condition=Q(is_active=True),
                name="one_active_escalation_panel_per_partnership",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def scope_partnership_id(self) -> int:
        return self.partnership_id


class EscalationDecision(AboutAnEpisode, AuditedModel):
    """What the senior decision body decided on an escalated request, and why."""

    class Outcome(models.TextChoices):
        APPROVE = "approve", "Approve"
        APPROVE_WITH_CHANGES = "approve_changes", "Approve with changes"
        DECLINE = "decline", "Decline"

    APPROVALS = (Outcome.APPROVE, Outcome.APPROVE_WITH_CHANGES)

    decision = models.OneToOneField(
        Decision,
        on_delete=models.CASCADE,
        related_name="senior",
        limit_choices_to={"outcome": Decision.Outcome.ESCALATE},
        help_text="The forum's decision to escalate.",
    )
    panel = models.ForeignKey(
        EscalationPanel, on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions"
    )
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    approved_weekly_amount = models.DecimalField(null=True, blank=True, **MONEY_FIELD)
    approved_one_off_amount = models.DecimalField(null=True, blank=True, **MONEY_FIELD)
    decided_on = models.DateField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    rationale = models.TextField()
    recorded_at = models.DateTimeField(auto_now_add=True)

    SCOPE_PARTNERSHIP = "decision__request__episode__partnership"
    SCOPE_LOCALITY = "decision__request__episode__locality"
    AUDIT_PERSON = "decision__request__episode__person"
    PERSONAL_FIELDS = ("rationale",)
    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_on", "-pk"]
        indexes = [models.Index(fields=["outcome", "decided_on"])]
        constraints = [
            non_negative("approved_weekly_amount", "senior_weekly_not_negative"),
            non_negative("approved_one_off_amount", "senior_one_off_not_negative"),
            models.CheckConstraint(
                condition=(
                    Q(outcome__in=["approve", "approve_changes"])
                    & (
                        Q(approved_weekly_amount__isnull=False, approved_one_off_amount=None)
                        | Q(approved_weekly_amount=None, approved_one_off_amount__isnull=False)
                    )
                )
                | Q(outcome="decline", approved_weekly_amount=None, approved_one_off_amount=None),
                name="senior_amount_matches_outcome",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"Senior decision: {self.get_outcome_display().lower()} on {self.decided_on:%d %b %Y}"
        )

    @property
    def scope_episode(self) -> Any:
        return self.decision.request.episode

    @property
    def is_approval(self) -> bool:
        return self.outcome in self.APPROVALS

    @property
    def approved_amount(self) -> Decimal | None:
        if self.approved_one_off_amount is not None:
            return self.approved_one_off_amount
        return self.approved_weekly_amount
