"""Funding requests put to a peer forum.

Money is ``Decimal`` in ``DecimalField``s of pounds and pence, never negative (validators and
database constraints both say so). Which amounts a request carries depends on its intervention type:

=================  ===================================  =====================================
intervention type  the request states                   an approval states
=================  ===================================  =====================================
long-term          counterfactual and proposed cost     the approved weekly amount
                   per week
short-term         the same per week, and the number    the approved weekly amount
                   of weeks (1–6)
one-off            counterfactual and proposed cost     the approved one-off amount
                   as single amounts
=================  ===================================  =====================================
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from cls_portal.audit.guard import AuditedModel, AuditedQuerySet
from conversations.models import Episode, SupportPlan
from hubs.models import CommunitySolution
from peer_forum.models.base import (
    MAX_SHORT_TERM_WEEKS,
    MONEY_FIELD,
    AboutAnEpisode,
    InterventionType,
    non_negative,
)
from peer_forum.models.forums import ForumMeeting, PeerForum


class FundingRequestQuerySet(AuditedQuerySet):
    def awaiting_decision(self) -> FundingRequestQuerySet:
        return self.filter(status__in=FundingRequest.AWAITING_DECISION)


class FundingRequest(AboutAnEpisode, AuditedModel):
    """A request for funded support, put to a peer forum (from a conversation 3 support plan,
    or directly). Editable while a draft or deferred; fixed once decided."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Waiting for the forum"
        DEFERRED = "deferred", "Deferred"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Declined"
        ESCALATED = "escalated", "Escalated"

    class ServiceType(models.TextChoices):
        HOME_CARE = "home_care", "Home care"
        DAY_CENTRE = "day_centre", "Day centre"
        RESIDENTIAL_CARE = "residential_care", "Residential care home"
        NURSING_CARE = "nursing_care", "Nursing home"
        RESPITE = "respite", "Respite care"
        SUPPORTED_LIVING = "supported_living", "Supported living"
        EQUIPMENT = "equipment", "Equipment or adaptations"
        OTHER = "other", "Other traditional service"

    class SdsOption(models.IntegerChoices):
        # Plain words for the four self-directed support options (Social Care (Self-directed
        # Support) (Scotland) Act 2013).
        DIRECT_PAYMENT = 1, "Option 1: a direct payment the person manages themselves"
        PERSON_CHOOSES = (
            2,
            "Option 2: the person chooses; the council or a third party holds the money",
        )
        COUNCIL_ARRANGES = 3, "Option 3: the council arranges the support with the person"
        MIX = 4, "Option 4: a mix of options 1 to 3"

    AWAITING_DECISION = (Status.SUBMITTED, Status.DEFERRED)
    EDITABLE = (Status.DRAFT, Status.DEFERRED)
    Type = InterventionType

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="funding_requests")
    support_plan = models.ForeignKey(
        SupportPlan, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    forum = models.ForeignKey(
        PeerForum, on_delete=models.PROTECT, null=True, blank=True, related_name="requests"
    )
    meeting = models.ForeignKey(
        ForumMeeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda",
        help_text="The meeting whose agenda it is on.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    outcomes_sought = models.TextField(
        "Outcomes sought", help_text="What the person wants to achieve, in their words."
    )
    # The counterfactual: what the worker would have arranged before CLS.
    counterfactual_service = models.CharField(
        "Traditional service you would otherwise have arranged",
        max_length=20,
        choices=ServiceType.choices,
    )
    counterfactual_weekly_cost = models.DecimalField(
        "Its weekly cost (£)", null=True, blank=True, **MONEY_FIELD
    )
    counterfactual_one_off_cost = models.DecimalField(
        "Its one-off cost (£)", null=True, blank=True, **MONEY_FIELD
    )
    # The proposed community-based alternative.
    proposed_solutions = models.ManyToManyField(
        CommunitySolution,
        blank=True,
        related_name="funding_requests",
        verbose_name="Community supports",
    )
    proposed_paid_support = models.TextField(
        "Paid support", blank=True, help_text="Any paid support in the proposal, if any."
    )
    proposed_weekly_cost = models.DecimalField(
        "Weekly cost of the proposal (£)", null=True, blank=True, **MONEY_FIELD
    )
    proposed_one_off_cost = models.DecimalField(
        "One-off cost of the proposal (£)", null=True, blank=True, **MONEY_FIELD
    )
    intervention_type = models.CharField(
        "How long the support is for", max_length=10, choices=InterventionType.choices
    )
    short_term_weeks = models.PositiveSmallIntegerField(
        "Number of weeks",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_SHORT_TERM_WEEKS)],
    )
    sds_option = models.PositiveSmallIntegerField(
        "Self-directed support option", choices=SdsOption.choices
    )
    start_on = models.DateField("Start date")
    review_on = models.DateField("Review date", null=True, blank=True)
    presenter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_on = models.DateField(null=True, blank=True)
    # Set by package reviews (``services.reviews``): the day an approved package really ended,
    # and the weekly cost it actually ran at, when known. The realised ledger reads them.
    ended_on = models.DateField("End date", null=True, blank=True)
    actual_weekly_cost = models.DecimalField(
        "Actual weekly cost (£)", null=True, blank=True, **MONEY_FIELD
    )
    changed_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="changed_to",
        help_text="The package whose review asked the forum for this new decision.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    SCOPE_PARTNERSHIP = "episode__partnership"
    SCOPE_LOCALITY = "episode__locality"
    AUDIT_PERSON = "episode__person"  # see conversations.models.Person
    PERSONAL_FIELDS = ("outcomes_sought", "proposed_paid_support")
    objects = FundingRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["forum", "status"]),
            models.Index(fields=["status", "submitted_on"]),
            # Packages running (approved, not ended, not one-off) by review date: the few due
            # their review are found without reading every request.
            models.Index(
                fields=["review_on", "id"],
                condition=Q(status="approved", ended_on__isnull=True)
                & ~Q(intervention_type="one_off"),
                name="request_running_review_idx",
            ),
        ]
        constraints = [
            non_negative("counterfactual_weekly_cost", "request_cf_weekly_not_negative"),
            non_negative("counterfactual_one_off_cost", "request_cf_one_off_not_negative"),
            non_negative("proposed_weekly_cost", "request_proposed_weekly_not_negative"),
            non_negative("proposed_one_off_cost", "request_proposed_one_off_not_negative"),
            non_negative("actual_weekly_cost", "request_actual_weekly_not_negative"),
            # Each type carries exactly the amounts it needs (see the module docstring).
            models.CheckConstraint(
                condition=(
                    Q(intervention_type="one_off")
                    & Q(counterfactual_one_off_cost__isnull=False)
                    & Q(proposed_one_off_cost__isnull=False)
                    & Q(counterfactual_weekly_cost__isnull=True)
                    & Q(proposed_weekly_cost__isnull=True)
                    & Q(short_term_weeks__isnull=True)
                )
                | (
                    Q(intervention_type="long_term")
                    & Q(counterfactual_weekly_cost__isnull=False)
                    & Q(proposed_weekly_cost__isnull=False)
                    & Q(counterfactual_one_off_cost__isnull=True)
                    & Q(proposed_one_off_cost__isnull=True)
                    & Q(short_term_weeks__isnull=True)
                )
                | (
                    Q(intervention_type="short_term")
                    & Q(counterfactual_weekly_cost__isnull=False)
                    & Q(proposed_weekly_cost__isnull=False)
                    & Q(counterfactual_one_off_cost__isnull=True)
                    & Q(proposed_one_off_cost__isnull=True)
                    & Q(short_term_weeks__gte=1)
                    & Q(short_term_weeks__lte=MAX_SHORT_TERM_WEEKS)
                ),
                name="request_amounts_match_type",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(forum__isnull=False, submitted_on__isnull=False),
                name="request_submitted_has_forum",
            ),
        ]

    def __str__(self) -> str:
        return f"Funding request #{self.pk}"

    def clean(self) -> None:
        """Plain-English errors for amounts the type needs (and clears those it does not)."""
        errors: dict[str, str] = {}
        if self.intervention_type == InterventionType.ONE_OFF:
            self.counterfactual_weekly_cost = self.proposed_weekly_cost = None
            self.short_term_weeks = None
            for field in ("counterfactual_one_off_cost", "proposed_one_off_cost"):
                if getattr(self, field) is None:
                    errors[field] = "Enter the amount in pounds, for example 350.00."
        elif self.intervention_type in (InterventionType.LONG_TERM, InterventionType.SHORT_TERM):
            self.counterfactual_one_off_cost = self.proposed_one_off_cost = None
            for field in ("counterfactual_weekly_cost", "proposed_weekly_cost"):
                if getattr(self, field) is None:
                    errors[field] = "Enter the weekly amount in pounds, for example 250.00."
            if self.intervention_type == InterventionType.LONG_TERM:
                self.short_term_weeks = None
            elif self.short_term_weeks is None:
                errors["short_term_weeks"] = "Enter how many weeks, from 1 to 6."
            if self.review_on is None:
                errors["review_on"] = "Enter when the support will be reviewed."
        if self.start_on and self.review_on and self.review_on < self.start_on:
            errors["review_on"] = "The review date must be on or after the start date."
        if errors:
            raise ValidationError(errors)

    @property
    def scope_episode(self) -> Any:
        return self.episode

    @property
    def is_one_off(self) -> bool:
        return self.intervention_type == InterventionType.ONE_OFF

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    @property
    def is_awaiting_decision(self) -> bool:
        return self.status in self.AWAITING_DECISION

    @property
    def counterfactual_cost(self) -> Decimal | None:
        """What the traditional service would have cost: per week, or once for a one-off."""
        if self.is_one_off:
            return self.counterfactual_one_off_cost
        return self.counterfactual_weekly_cost

    @property
    def requested_amount(self) -> Decimal | None:
        """What the forum is asked to approve: per week, or once for a one-off."""
        return self.proposed_one_off_cost if self.is_one_off else self.proposed_weekly_cost

    @property
    def is_above_limit(self) -> bool:
        """Is the amount asked for above its forum's delegated limit (so only escalation)?"""
        if self.forum is None or self.requested_amount is None:
            return False
        return self.requested_amount > self.forum.limit_for(self.intervention_type)

    @property
    def amount_unit(self) -> str:
        return "once" if self.is_one_off else "a week"
