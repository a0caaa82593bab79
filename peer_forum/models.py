"""Peer forums, their meetings, funding requests and the decisions made on them.

A **peer forum** is a locality's practitioners meeting (usually weekly) to agree funded support
quickly, within a **delegated limit**, instead of a funding panel. For each request the worker
states the **traditional service they would otherwise have arranged and its cost** (the
counterfactual) beside the community-based alternative; because the counterfactual is captured at
the decision, the cost avoided is known exactly (DESIGN §1, §4; the ledger is
``peer_forum.selectors.savings_ledger``).

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

Case data (the person, the request's notes) is scoped by the request's episode, exactly like the
other case records; forums and meetings are scoped by their locality.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from cls_portal.audit.guard import AuditedModel, AuditedQuerySet
from cls_portal.permissions import ScopedQuerySet
from conversations.models import Episode, SupportPlan
from hubs.models import CommunitySolution, Locality, Partnership

ZERO = Decimal("0.00")
MONEY_FIELD = {"max_digits": 9, "decimal_places": 2, "validators": [MinValueValidator(ZERO)]}
MAX_SHORT_TERM_WEEKS = 6
# 365 / 7, to two places, as DESIGN §4 fixes it: a long-term weekly saving × this = a year.
WEEKS_PER_YEAR = Decimal("52.14")


def _non_negative(field: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 0}), name=name
    )


class InterventionType(models.TextChoices):
    LONG_TERM = "long_term", "Long-term (12 months or more)"
    SHORT_TERM = "short_term", "Short-term (up to 6 weeks)"
    ONE_OFF = "one_off", "One-off"


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


class FundingRequestQuerySet(AuditedQuerySet):
    def awaiting_decision(self) -> FundingRequestQuerySet:
        return self.filter(status__in=FundingRequest.AWAITING_DECISION)


class FundingRequest(AuditedModel):
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
        ]
        constraints = [
            _non_negative("counterfactual_weekly_cost", "request_cf_weekly_not_negative"),
            _non_negative("counterfactual_one_off_cost", "request_cf_one_off_not_negative"),
            _non_negative("proposed_weekly_cost", "request_proposed_weekly_not_negative"),
            _non_negative("proposed_one_off_cost", "request_proposed_one_off_not_negative"),
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
    def scope_partnership_id(self) -> int:
        return self.episode.partnership_id

    @property
    def scope_locality_ids(self) -> list[int]:
        return [self.episode.locality_id]

    @property
    def audit_person_id(self) -> int:
        return self.episode.person_id

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


class Decision(AuditedModel):
    """What a forum decided on a request at a meeting, and why.

    A request may be deferred several times but has at most one *final* decision (approve,
    approve with changes, decline or escalate): a partial unique constraint enforces it, and
    ``round`` (1, 2, … per request) makes two decisions taken from the same state collide, so two
    managers deciding at once cannot both succeed (``services.decisions.forum_request_decide``).
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
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(outcome__in=["approve", "approve_changes", "decline", "escalate"]),
                name="one_final_decision_per_request",
            ),
            _non_negative("approved_weekly_amount", "decision_weekly_not_negative"),
            _non_negative("approved_one_off_amount", "decision_one_off_not_negative"),
            # An approval states exactly one approved amount; other outcomes state none.
            models.CheckConstraint(
                condition=(
                    Q(outcome__in=["approve", "approve_changes"])
                    & (
                        Q(approved_weekly_amount__isnull=False, approved_one_off_amount=None)
                        | Q(approved_weekly_amount=None, approved_one_off_amount__isnull=False)
                    )
                )
                | (
                    ~Q(outcome__in=["approve", "approve_changes"])
                    & Q(approved_weekly_amount=None, approved_one_off_amount=None)
                ),
                name="decision_amount_matches_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} on {self.decided_on:%d %b %Y}"

    @property
    def scope_partnership_id(self) -> int:
        return self.request.episode.partnership_id

    @property
    def scope_locality_ids(self) -> list[int]:
        return [self.request.episode.locality_id]

    @property
    def audit_person_id(self) -> int:
        return self.request.episode.person_id

    @property
    def is_approval(self) -> bool:
        return self.outcome in self.APPROVALS

    @property
    def approved_amount(self) -> Decimal | None:
        if self.approved_one_off_amount is not None:
            return self.approved_one_off_amount
        return self.approved_weekly_amount
