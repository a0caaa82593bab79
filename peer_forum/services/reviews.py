"""Packages reviewed and ended: at its review date an approved package (long- or short-term) is

- **continued**: it runs on, and the next review date is set (``request.review_on``);
- **changed**: it needs a new decision: this package ends (on ``ended_on``, by default the review
  date) and a new request, a copy asking for the new weekly amount, waits for the same forum
  (``changed_from`` links the two); the forum decides it like any other;
- **ended**: it stopped on its real end date.

The real end date and, when known, the weekly cost it actually ran at are kept on the request:
the ledger's "cost avoided realised to date" reads them (``selectors.ledger``).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cls_portal.audit.services import audit_create, audit_snapshot, audit_update
from cls_portal.permissions import require
from peer_forum.models import Decision, EscalationDecision, FundingRequest, PackageReview
from peer_forum.services.decisions import money_amount

if TYPE_CHECKING:
    from cls_portal.accounts.models import User

Review = PackageReview.Outcome

# What the new request of a "change" copies from the package it replaces.
_COPIED = (
    "episode_id",
    "support_plan_id",
    "forum_id",
    "outcomes_sought",
    "counterfactual_service",
    "counterfactual_weekly_cost",
    "intervention_type",
    "short_term_weeks",
    "sds_option",
    "proposed_paid_support",
)


def approval_of(request: FundingRequest) -> tuple[datetime.date, Decimal | None] | None:
    """The day a request was approved and its approved weekly (or one-off) amount: the forum's
    approval, or the senior decision on its escalation. ``None`` if it was not approved."""
    decision = (
        Decision.objects.filter(request=request, outcome__in=Decision.APPROVALS)
        .order_by("-round")
        .first()
    )
    if decision is not None:
        return decision.decided_on, decision.approved_amount
    senior = (
        EscalationDecision.objects.filter(
            decision__request=request, outcome__in=EscalationDecision.APPROVALS
        )
        .order_by("-pk")
        .first()
    )
    if senior is not None:
        return senior.decided_on, senior.approved_amount
    return None


def _check_dates(
    request: FundingRequest,
    approved_on: datetime.date,
    outcome: str,
    reviewed_on: datetime.date,
    next_review_on: datetime.date | None,
    ended_on: datetime.date | None,
) -> datetime.date | None:
    today = timezone.localdate()
    if not isinstance(reviewed_on, datetime.date):
        raise ValidationError({"reviewed_on": "Enter the date of the review."})
    if reviewed_on > today:
        raise ValidationError({"reviewed_on": "The review cannot be in the future."})
    if reviewed_on < approved_on:
        raise ValidationError(
            {
                "reviewed_on": "The review cannot be before the package was approved "
                f"({approved_on:%-d %B %Y})."
            }
        )
    if outcome == Review.CONTINUE:
        if ended_on is not None:
            raise ValidationError({"ended_on": "A package that continues has no end date."})
        if next_review_on is None:
            raise ValidationError({"next_review_on": "Enter when it will next be reviewed."})
        if next_review_on <= reviewed_on:
            raise ValidationError({"next_review_on": "The next review must be after this one."})
        return None
    if next_review_on is not None:
        raise ValidationError(
            {"next_review_on": "Only a package that continues is reviewed again."}
        )
    if outcome == Review.CHANGE and ended_on is None:
        ended_on = reviewed_on
    if ended_on is None:
        raise ValidationError({"ended_on": "Enter the day the package ended."})
    if ended_on > today:
        raise ValidationError({"ended_on": "Enter the day it really ended: not in the future."})
    if ended_on < request.start_on:
        raise ValidationError(
            {
                "ended_on": "The end date cannot be before the package started "
                f"({request.start_on:%-d %B %Y})."
            }
        )
    return ended_on


def _changed_request(
    actor: User,
    request: FundingRequest,
    proposed_weekly_cost: Decimal,
    start_on: datetime.date,
) -> FundingRequest:
    """The new request a "change" puts to the forum: waiting for it from today."""
    if not request.episode.is_open:
        raise ValidationError(
            "This episode is closed: reopen it before asking the forum for a new decision.",
            code="episode_closed",
        )
    forum = request.forum
    if forum is None or not forum.is_active:
        raise ValidationError("This package's forum is no longer active: prepare a new request.")
    new = FundingRequest(**{field: getattr(request, field) for field in _COPIED})
    weeks = 12 if request.intervention_type == FundingRequest.Type.LONG_TERM else 6
    new.proposed_weekly_cost = proposed_weekly_cost
    new.start_on = start_on
    new.review_on = start_on + datetime.timedelta(weeks=weeks)
    new.presenter = actor
    new.status = FundingRequest.Status.SUBMITTED
    new.submitted_on = timezone.localdate()
    new.changed_from = request
    new.full_clean()
    new.save()
    new.proposed_solutions.set(request.proposed_solutions.all())
    audit_create(actor=actor, obj=new)
    return new


@transaction.atomic
def package_review_record(
    *,
    actor: User,
    request: FundingRequest,
    outcome: str,
    reviewed_on: datetime.date,
    next_review_on: datetime.date | None = None,
    ended_on: datetime.date | None = None,
    actual_weekly_cost: Decimal | None = None,
    proposed_weekly_cost: Decimal | None = None,
    notes: str = "",
) -> PackageReview:
    """Record a package's review (see the module docstring). ``next_review_on`` is required to
    continue; ``ended_on`` to end (a change ends it on the review date unless given);
    ``proposed_weekly_cost`` is what a change asks the forum for (by default the approved
    amount). Returns the review; after a change, ``review.new_request`` is the new request."""
    request = (
        FundingRequest.objects.select_for_update(of=("self",))
        .select_related("episode", "forum")
        .get(pk=request.pk)
    )
    require(actor, "package.review", request)
    if request.is_one_off:
        raise ValidationError("A one-off payment has no package to review.", code="one_off")
    approval = approval_of(request) if request.status == FundingRequest.Status.APPROVED else None
    if approval is None:
        raise ValidationError("Only an approved package is reviewed.", code="not_approved")
    if request.ended_on is not None:
        raise ValidationError(
            f"This package ended on {request.ended_on:%-d %B %Y}: there is nothing to review.",
            code="ended",
        )
    if outcome not in Review.values:
        raise ValidationError({"outcome": "Choose continue, change or end."})
    approved_on, approved_amount = approval
    ended_on = _check_dates(request, approved_on, outcome, reviewed_on, next_review_on, ended_on)
    actual = None
    if actual_weekly_cost not in (None, ""):
        actual = money_amount(actual_weekly_cost, "actual_weekly_cost")
    proposed = approved_amount
    if outcome == Review.CHANGE and proposed_weekly_cost not in (None, ""):
        proposed = money_amount(proposed_weekly_cost, "proposed_weekly_cost")

    review = PackageReview(
        request=request,
        reviewed_on=reviewed_on,
        outcome=outcome,
        next_review_on=next_review_on if outcome == Review.CONTINUE else None,
        ended_on=ended_on,
        actual_weekly_cost=actual,
        notes=(notes or "").strip(),
        reviewed_by=actor,
    )
    review.full_clean()
    review.save()
    audit_create(actor=actor, obj=review)

    before = audit_snapshot(request)
    if outcome == Review.CONTINUE:
        request.review_on = next_review_on
    else:
        request.ended_on = ended_on
    if actual is not None:
        request.actual_weekly_cost = actual
    request.save(update_fields=["review_on", "ended_on", "actual_weekly_cost", "updated_at"])
    audit_update(actor=actor, obj=request, before=before)
    review.new_request = None  # type: ignore[attr-defined]
    if outcome == Review.CHANGE and ended_on is not None and proposed is not None:
        review.new_request = _changed_request(  # type: ignore[attr-defined]
            actor, request, proposed, ended_on
        )
    return review
