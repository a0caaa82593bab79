"""Funding requests: prepare a draft (pre-filled from a conversation 3 support plan, or from
scratch), change it while it is a draft or deferred, submit it to a forum, put it on a meeting."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cls_portal.audit.services import audit_create, audit_snapshot, audit_update
from conversations.models import Episode, SupportPlan
from hubs.models import CommunitySolution
from peer_forum.models import ForumMeeting, FundingRequest, PeerForum

if TYPE_CHECKING:
    from cls_portal.accounts.models import User

# The fields a worker fills in (the form asks only those the intervention type needs).
REQUEST_FIELDS = (
    "outcomes_sought",
    "counterfactual_service",
    "counterfactual_weekly_cost",
    "counterfactual_one_off_cost",
    "proposed_paid_support",
    "proposed_weekly_cost",
    "proposed_one_off_cost",
    "intervention_type",
    "short_term_weeks",
    "sds_option",
    "start_on",
    "review_on",
)


def support_plan_draft(plan: SupportPlan | None) -> dict[str, Any]:
    """Initial values for a new request from a support plan, each field from its matching source:
    outcomes sought are the plan's personal outcomes in the person's words (one a line, oldest
    first); the proposal's community supports are the plan's community solutions, and its paid
    support the plan's. The plan's summary is no outcome: the form shows it beside the proposal."""
    if plan is None:
        return {}
    outcomes = plan.outcomes.order_by("created_on", "pk")
    return {
        "outcomes_sought": "\n".join(outcome.statement.strip() for outcome in outcomes),
        "proposed_solutions": list(plan.community_solutions.all()),
        "proposed_paid_support": plan.paid_support,
    }


def _check_solutions(episode: Episode, solutions: list[CommunitySolution]) -> None:
    if any(solution.partnership_id != episode.partnership_id for solution in solutions):
        raise ValidationError({"proposed_solutions": "Choose supports from your own directory."})


def _money(value: Decimal | None) -> Decimal | None:
    """Money is a Decimal (or its text): a float is refused even when exact (120.5), since one
    that is not (0.1) would silently become 0.1000000000000000055…"""
    if isinstance(value, float):
        raise ValidationError("Amounts of money are decimals, never floats.")
    return None if value is None else Decimal(value)


def _apply(request: FundingRequest, fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(REQUEST_FIELDS)
    if unknown:
        raise TypeError(f"Unknown funding request fields: {sorted(unknown)}")
    for name, value in fields.items():
        if name.endswith("_cost"):
            value = _money(value)
        elif isinstance(value, str):
            value = value.strip()
        setattr(request, name, value)


@transaction.atomic
def funding_request_create(
    *,
    actor: User,
    episode: Episode,
    support_plan: SupportPlan | None = None,
    proposed_solutions: Iterable[CommunitySolution] = (),
    **fields: Any,
) -> FundingRequest:
    """A draft request for an open episode (optionally from one of its support plans)."""
    if not episode.is_open:
        raise ValidationError(
            "This episode is closed. Reopen it before asking the forum for funding.",
            code="episode_closed",
        )
    if support_plan is not None and support_plan.episode_id != episode.pk:
        raise ValidationError({"support_plan": "That support plan belongs to another episode."})
    solutions = list(proposed_solutions)
    _check_solutions(episode, solutions)
    request = FundingRequest(
        episode=episode,
        support_plan=support_plan,
        presenter=actor if getattr(actor, "pk", None) else None,
        status=FundingRequest.Status.DRAFT,
    )
    _apply(request, fields)
    request.full_clean()
    request.save()
    request.proposed_solutions.set(solutions)
    audit_create(actor=actor, obj=request)
    return request


def _lock(request: FundingRequest) -> FundingRequest:
    return (
        FundingRequest.objects.select_for_update(of=("self",))
        .select_related("episode", "forum")
        .get(pk=request.pk)
    )


@transaction.atomic
def funding_request_update(
    *,
    actor: User,
    request: FundingRequest,
    proposed_solutions: Iterable[CommunitySolution] | None = None,
    **fields: Any,
) -> FundingRequest:
    """Change a draft or a deferred request; once decided (or waiting) it is fixed."""
    request = _lock(request)
    if not request.is_editable:
        raise ValidationError(
            f"This request is “{request.get_status_display()}” and can no longer be changed.",
            code="not_editable",
        )
    before = audit_snapshot(request) | {
        "proposed_solutions": sorted(request.proposed_solutions.values_list("pk", flat=True))
    }
    _apply(request, fields)
    request.full_clean()
    request.save()
    extra = {}
    if proposed_solutions is not None:
        solutions = list(proposed_solutions)
        _check_solutions(request.episode, solutions)
        request.proposed_solutions.set(solutions)
        extra["proposed_solutions"] = sorted(solution.pk for solution in solutions)
    else:
        extra["proposed_solutions"] = before["proposed_solutions"]
    audit_update(actor=actor, obj=request, before=before, extra_after=extra)
    return request


def _check_meeting(forum: PeerForum, meeting: ForumMeeting | None, on: datetime.date) -> None:
    if meeting is None:
        return
    if meeting.forum_id != forum.pk:
        raise ValidationError({"meeting": f"Choose a meeting of {forum.name}."})
    if meeting.held_on < on:
        raise ValidationError({"meeting": "That meeting has already happened: choose a later one."})


@transaction.atomic
def funding_request_submit(
    *,
    actor: User,
    request: FundingRequest,
    forum: PeerForum,
    meeting: ForumMeeting | None = None,
) -> FundingRequest:
    """Send a draft to its locality's forum, optionally onto a meeting's agenda."""
    request = _lock(request)
    if request.status != FundingRequest.Status.DRAFT:
        raise ValidationError("This request has already been submitted.", code="already_submitted")
    if forum.locality_id != request.episode.locality_id or not forum.is_active:
        raise ValidationError(
            {"forum": "Choose an active forum of the locality this episode belongs to."}
        )
    today = timezone.localdate()
    _check_meeting(forum, meeting, today)
    before = audit_snapshot(request)
    request.forum = forum
    request.meeting = meeting
    request.status = FundingRequest.Status.SUBMITTED
    request.submitted_on = today
    request.full_clean()
    request.save()
    audit_update(actor=actor, obj=request, before=before)
    return request


@transaction.atomic
def funding_request_schedule(
    *, actor: User, request: FundingRequest, meeting: ForumMeeting | None
) -> FundingRequest:
    """Put a request that is waiting for its forum on a meeting's agenda (or take it off)."""
    request = _lock(request)
    forum = request.forum  # set whenever a request is waiting for its forum
    if not request.is_awaiting_decision or forum is None:
        raise ValidationError(
            "Only a request waiting for the forum can be put on an agenda.", code="not_waiting"
        )
    _check_meeting(forum, meeting, timezone.localdate())
    before = audit_snapshot(request)
    request.meeting = meeting
    request.save(update_fields=["meeting", "updated_at"])
    audit_update(actor=actor, obj=request, before=before)
    return request
