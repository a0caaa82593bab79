"""Deciding a funding request at a forum meeting: the one place the forum's rules live.

- Only members of the request's forum decide, at a meeting of that forum that has happened (not
  before the request was submitted), with the forum's quorum recorded as present.
- Approve (the proposed amount), approve with changes (a different amount), defer (it comes back
  on the forum's next meeting) or decline, each with a rationale.
- A request above the forum's delegated limit can only be escalated, and only such a request is
  escalated; an amended amount above the limit is refused.
- Two managers deciding at once cannot both succeed: the request row is locked
  (``SELECT … FOR UPDATE``) and its status checked, and the database refuses a second decision
  of the same round or a second final decision (unique constraints), so the loser is told
  "already decided" and nothing of theirs is stored.
- An approval notes support in place on the episode (the pathway), in the same transaction.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cls_portal.audit.services import audit_create, audit_snapshot, audit_update
from conversations.services.pathway import episode_note_support_in_place
from peer_forum.access import require_forum_member
from peer_forum.models import Decision, ForumMeeting, FundingRequest, PeerForum

if TYPE_CHECKING:
    from cls_portal.accounts.models import User

Outcome = Decision.Outcome
STATUS_AFTER = {
    Outcome.APPROVE: FundingRequest.Status.APPROVED,
    Outcome.APPROVE_WITH_CHANGES: FundingRequest.Status.APPROVED,
    Outcome.DEFER: FundingRequest.Status.DEFERRED,
    Outcome.DECLINE: FundingRequest.Status.DECLINED,
    Outcome.ESCALATE: FundingRequest.Status.ESCALATED,
}


class AlreadyDecided(ValidationError):
    """Someone else decided this request first; nothing was changed."""


def _money(amount: Decimal) -> str:
    return f"£{amount:,.2f}"


def _already_decided(request: FundingRequest) -> AlreadyDecided:
    last = request.decisions.select_related("meeting").order_by("-round").first()
    if last is None:
        return AlreadyDecided("This request is not waiting for a decision.", code="not_waiting")
    return AlreadyDecided(
        f"This request has already been decided: {last.get_outcome_display().lower()} at the "
        f"meeting on {last.decided_on:%-d %B %Y}. Nothing was changed.",
        code="already_decided",
    )


def allowed_outcomes(request: FundingRequest) -> list[str]:
    """What the forum may decide on this request, given its delegated limit."""
    if request.forum is None or request.requested_amount is None:
        return []
    if request.is_above_limit:
        return [Outcome.ESCALATE]
    return [Outcome.APPROVE, Outcome.APPROVE_WITH_CHANGES, Outcome.DEFER, Outcome.DECLINE]


def _submitted(request: FundingRequest) -> tuple[PeerForum, datetime.date, Decimal]:
    """The forum, day and amount of a request awaiting decision (submitting sets all three)."""
    forum, submitted_on, amount = request.forum, request.submitted_on, request.requested_amount
    if forum is None or submitted_on is None or amount is None:
        raise ValidationError(
            "This request has not been submitted to a forum.", code="not_submitted"
        )
    return forum, submitted_on, amount


def _check_meeting(request: FundingRequest, meeting: ForumMeeting) -> int:
    """The meeting is the forum's, has happened, has quorum; returns the members present."""
    forum, submitted_on, _ = _submitted(request)
    if meeting.forum_id != forum.pk:
        raise ValidationError({"meeting": f"Choose a meeting of {forum.name}."})
    if meeting.held_on > timezone.localdate():
        raise ValidationError(
            {"meeting": f"That meeting is on {meeting.held_on:%-d %B %Y}: decide it on the day."}
        )
    if meeting.held_on < submitted_on:
        raise ValidationError(
            {"meeting": "That meeting was held before the request was submitted."}
        )
    present = meeting.attendees.count()
    if present < forum.quorum:
        raise ValidationError(
            f"No quorum: {present} member{'s' if present != 1 else ''} recorded as present at "
            f"this meeting, and {forum.name} needs {forum.quorum} to decide. Record who is "
            "present first.",
            code="no_quorum",
        )
    return present


def _approved_amount(
    request: FundingRequest, outcome: str, approved_amount: Decimal | None
) -> Decimal | None:
    forum, _, requested_amount = _submitted(request)
    limit = forum.limit_for(request.intervention_type)
    unit = request.amount_unit
    if outcome not in allowed_outcomes(request):
        if outcome == Outcome.ESCALATE:
            message = (
                f"Only a request above the forum's delegated limit ({_money(limit)} {unit}) is "
                "escalated: decide it here."
            )
        else:
            message = (
                f"{_money(requested_amount)} {unit} is above this forum's delegated "
                f"limit of {_money(limit)} {unit}: it can only be escalated."
            )
        raise ValidationError({"outcome": message})
    if outcome == Outcome.APPROVE:
        return request.requested_amount
    if outcome != Outcome.APPROVE_WITH_CHANGES:
        return None
    try:
        if isinstance(approved_amount, float):  # money is never a float, even an exact one
            raise TypeError
        amount = None if approved_amount is None else Decimal(approved_amount)
    except (InvalidOperation, TypeError, ValueError):
        amount = None
    if amount is None or not amount.is_finite():
        raise ValidationError({"approved_amount": "Enter the amount agreed, for example 180.00."})
    if amount < 0:
        raise ValidationError({"approved_amount": "The amount cannot be negative."})
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError({"approved_amount": "Enter pounds and pence, for example 180.50."})
    if amount == request.requested_amount:
        raise ValidationError(
            {"approved_amount": "That is the amount asked for: choose “Approve” instead."}
        )
    if amount > limit:
        raise ValidationError(
            {
                "approved_amount": f"{_money(amount)} {unit} is above this forum's delegated "
                f"limit of {_money(limit)} {unit}: escalate it instead."
            }
        )
    return amount


@transaction.atomic
def forum_request_decide(
    *,
    actor: User,
    request: FundingRequest,
    meeting: ForumMeeting,
    outcome: str,
    rationale: str,
    approved_amount: Decimal | None = None,
) -> Decision:
    """Record the forum's decision on a request at a meeting (see the module docstring)."""
    locked = (
        FundingRequest.objects.select_for_update(of=("self",))
        .select_related("episode", "forum")
        .get(pk=request.pk)
    )
    if not locked.is_awaiting_decision:
        raise _already_decided(locked)
    forum, submitted_on, _ = _submitted(locked)
    require_forum_member(actor, forum)
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": "Choose what the forum decided."})
    rationale = (rationale or "").strip()
    if not rationale:
        raise ValidationError({"rationale": "Say why, in a sentence or two."})
    amount = _approved_amount(locked, outcome, approved_amount)
    present = _check_meeting(locked, meeting)

    decision = Decision(
        request=locked,
        meeting=meeting,
        round=locked.decisions.count() + 1,
        outcome=outcome,
        approved_weekly_amount=None if locked.is_one_off else amount,
        approved_one_off_amount=amount if locked.is_one_off else None,
        rationale=rationale,
        members_present=present,
        decided_on=meeting.held_on,
        days_to_decision=(meeting.held_on - submitted_on).days,
        decided_by=actor,
    )
    # Constraints are left to the database: a concurrent decision shows up as IntegrityError.
    decision.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            decision.save()
    except IntegrityError as exc:
        raise _already_decided(locked) from exc
    audit_create(actor=actor, obj=decision)

    before = audit_snapshot(locked)
    locked.status = STATUS_AFTER[Outcome(outcome)]
    if outcome == Outcome.DEFER:
        # Back on the forum's next meeting, if one is planned; else it waits in the queue.
        locked.meeting = (
            meeting.forum.meetings.filter(held_on__gt=meeting.held_on).order_by("held_on").first()
        )
    else:
        locked.meeting = meeting
    locked.save(update_fields=["status", "meeting", "updated_at"])
    audit_update(actor=actor, obj=locked, before=before)

    if decision.is_approval:
        episode_note_support_in_place(
            actor=actor, episode=locked.episode, on=max(meeting.held_on, locked.start_on)
        )
    return decision
