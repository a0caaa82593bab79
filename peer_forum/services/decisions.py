"""Deciding a funding request at a forum meeting: the one place the forum's rules live.

- Only members of the request's forum decide, at a meeting of that forum that has happened (not
  before the request was submitted), with the forum's quorum recorded as present.
- Approve (the proposed amount), approve with changes (a different amount), defer (it comes back
  on the forum's next meeting) or decline, each with a rationale.
- A request above the forum's delegated limit can only be escalated, and only such a request is
  escalated; an amended amount above the limit is refused.
- A changed amount above the limit may be escalated instead (the escalation carries it to the
  senior decision, ``services.escalations``).
- Decisions are made on what the decider saw: the form carries the request's decision state
  (``request_decision_state``) and, if another decision was recorded since, the decision is
  refused with ``StaleDecision`` ("This request was deferred by … at 10:02 — here is the request
  as it is now") and nothing is recorded.
- Two managers deciding at once cannot both succeed: the request row is locked
  (``SELECT … FOR UPDATE``), its state and status checked, and the database refuses a second
  decision of the same round, a second at the same meeting or a second final decision (unique
  constraints), so the loser is told and nothing of theirs is stored.
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


class StaleDecision(ValidationError):
    """Another decision was recorded after the decider's form was loaded; nothing was changed."""


PAST_TENSE = {
    Outcome.APPROVE: "approved",
    Outcome.APPROVE_WITH_CHANGES: "approved with changes",
    Outcome.DEFER: "deferred",
    Outcome.DECLINE: "declined",
    Outcome.ESCALATE: "escalated",
}


def request_decision_state(request: FundingRequest) -> str:
    """The request's decision state as a form shows it: "<decisions>:<id of the last or 0>".
    Reads ``request.decisions.all()`` (a prefetch, when there is one)."""
    ids = [decision.pk for decision in request.decisions.all()]
    return f"{len(ids)}:{max(ids, default=0)}"


def _stale(request: FundingRequest) -> StaleDecision:
    last = request.decisions.select_related("decided_by").order_by("-round", "-pk").first()
    if last is None:  # the only way the state goes back is a deletion
        return StaleDecision(
            "This request has changed since you opened it — here is the request as it is now.",
            code="stale",
        )
    who = str(last.decided_by) if last.decided_by else "someone"
    when = timezone.localtime(last.recorded_at)
    day = "" if when.date() == timezone.localdate() else f" on {when:%-d %B %Y}"
    return StaleDecision(
        f"This request was {PAST_TENSE[Outcome(last.outcome)]} by {who} at {when:%H:%M}{day} — "
        "here is the request as it is now.",
        code="stale",
    )


def _money(amount: Decimal) -> str:
    return f"£{amount:,.2f}"


def _already_decided(request: FundingRequest) -> AlreadyDecided:
    last = request.decisions.select_related("meeting").order_by("-round").first()
    if last is None:
        return AlreadyDecided("This request is not waiting for a decision.", code="not_waiting")
    return AlreadyDecided(
        f"This request has already been decided: {PAST_TENSE[Outcome(last.outcome)]} at the "
        f"meeting on {last.decided_on:%-d %B %Y}. Nothing was changed.",
        code="already_decided",
    )


def allowed_outcomes(request: FundingRequest, amount: Decimal | None = None) -> list[str]:
    """What the forum may decide on this request, given its delegated limit: a request above it
    can only be escalated; one within it can be decided here, and escalated too when the amount
    typed (``amount``, approving with changes) is above the limit."""
    if request.forum is None or request.requested_amount is None:
        return []
    if request.is_above_limit:
        return [Outcome.ESCALATE]
    choices: list[str] = [
        Outcome.APPROVE,
        Outcome.APPROVE_WITH_CHANGES,
        Outcome.DEFER,
        Outcome.DECLINE,
    ]
    if amount is not None and amount > request.forum.limit_for(request.intervention_type):
        choices.append(Outcome.ESCALATE)
    return choices


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


def money_amount(value: Decimal | None, field: str = "approved_amount") -> Decimal:
    """A typed amount of money as a Decimal of pounds and pence, or a plain-English refusal
    (a float is refused even when exact: money is never a float)."""
    try:
        if isinstance(value, float):
            raise TypeError
        amount = None if value is None else Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        amount = None
    if amount is None or not amount.is_finite():
        raise ValidationError({field: "Enter the amount agreed, for example 180.00."})
    if amount < 0:
        raise ValidationError({field: "The amount cannot be negative."})
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError({field: "Enter pounds and pence, for example 180.50."})
    return amount


def _escalated_amount(request: FundingRequest, approved_amount: Decimal | None) -> Decimal | None:
    """The amount an escalation puts to the senior decision: the one asked for, or a changed
    amount typed (which must then be above the limit, or the forum decides it itself)."""
    forum, _, requested_amount = _submitted(request)
    limit = forum.limit_for(request.intervention_type)
    unit = request.amount_unit
    amount = None if approved_amount is None else money_amount(approved_amount)
    if request.is_above_limit:
        return amount if amount is not None else requested_amount
    if amount is None or amount <= limit:
        raise ValidationError(
            {
                "outcome": f"Only a request above the forum's delegated limit ({_money(limit)} "
                f"{unit}), or changed to an amount above it, is escalated: decide it here."
            }
        )
    return amount


def _approved_amount(
    request: FundingRequest, outcome: str, approved_amount: Decimal | None
) -> Decimal | None:
    forum, _, requested_amount = _submitted(request)
    limit = forum.limit_for(request.intervention_type)
    unit = request.amount_unit
    if outcome == Outcome.ESCALATE:
        return _escalated_amount(request, approved_amount)
    if outcome not in allowed_outcomes(request):
        raise ValidationError(
            {
                "outcome": f"{_money(requested_amount)} {unit} is above this forum's delegated "
                f"limit of {_money(limit)} {unit}: it can only be escalated."
            }
        )
    if outcome == Outcome.APPROVE:
        return request.requested_amount
    if outcome != Outcome.APPROVE_WITH_CHANGES:
        return None
    amount = money_amount(approved_amount)
    if amount == request.requested_amount:
        raise ValidationError(
            {"approved_amount": "That is the amount asked for: choose “Approve” instead."}
        )
    if amount > limit:
        raise ValidationError(
            {
                "approved_amount": f"{_money(amount)} {unit} is above this forum's delegated "
                f"limit of {_money(limit)} {unit}: escalate it instead (choose “Escalate”)."
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
    seen: str | None = None,
) -> Decision:
    """Record the forum's decision on a request at a meeting (see the module docstring).

    ``seen`` is the request's decision state as the decider's form showed it
    (``request_decision_state``); when given and no longer current, ``StaleDecision``."""
    locked = (
        FundingRequest.objects.select_for_update(of=("self",))
        .select_related("episode", "forum")
        .get(pk=request.pk)
    )
    # Read under the lock: a decision committed meanwhile is seen here.
    if seen is not None and seen != request_decision_state(locked):
        raise _stale(locked)
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
    if locked.decisions.filter(meeting=meeting).exists():
        raise AlreadyDecided(
            "This request was already deferred at this meeting: decide it at a later meeting.",
            code="decided_at_meeting",
        )

    decision = Decision(
        request=locked,
        meeting=meeting,
        round=locked.decisions.count() + 1,
        outcome=outcome,
        approved_weekly_amount=amount if amount is not None and not locked.is_one_off else None,
        approved_one_off_amount=amount if amount is not None and locked.is_one_off else None,
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
