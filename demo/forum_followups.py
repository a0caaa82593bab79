"""What follows the forum's decisions in the demo: the partnership's senior decision body and its
decisions on escalations, and the reviews of approved packages (continued, or ended on their real
end date, sometimes at a different actual cost).

Left for a manager to do today: the escalations of the last fortnight wait for the senior
decision, and one package of the demo manager's first forum is due its review.
Everything is drawn from ``ctx.rng`` in a fixed order, so a seed always gives the same data.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from cls_portal.permissions import Role
from demo.bulk import bulk_insert, bulk_set, new
from demo.context import SeedContext
from peer_forum.models import (
    Decision,
    EscalationDecision,
    EscalationPanel,
    FundingRequest,
    InterventionType,
    PackageReview,
    PeerForum,
)

Senior = EscalationDecision.Outcome
Status = FundingRequest.Status
WAITING_DAYS = 14  # escalations this recent still wait for the senior decision
REVIEW_EVERY = datetime.timedelta(weeks=12)
SENIOR_RATIONALES = {
    Senior.APPROVE: [
        "Far less than the care home it avoids; agreed as put.",
        "Agreed: keeps him at home with his family's help.",
    ],
    Senior.APPROVE_WITH_CHANGES: [
        "Agreed at a lower amount with the carers' centre covering one afternoon.",
    ],
    Senior.DECLINE: ["Not agreed: ask the forum to look at a day opportunity instead."],
}
REVIEW_NOTES = {
    PackageReview.Outcome.CONTINUE: [
        "Going well; still getting out twice a week.",
        "Family say it is working; keep as it is.",
        "",
    ],
    PackageReview.Outcome.END: [
        "Outcomes met; the lunch club and neighbours carry on without funding.",
        "Moved in with her daughter; support no longer needed.",
        "Finished as planned.",
    ],
}


def _pounds_share(rng: Any, amount: Decimal, low: int, high: int) -> Decimal:
    return (amount * Decimal(rng.randint(low, high)) / 100).quantize(Decimal("0.01"))


def seed_escalations(
    ctx: SeedContext, decisions: list[Decision]
) -> tuple[int, dict[int, tuple[datetime.date, Decimal]]]:
    """The "Head of service" panel (the demo manager and admin) and its decisions on the forums'
    escalations, a few days to a fortnight after each; those of the last fortnight wait.
    Returns how many were decided and, for each request it approved, its day and amount."""
    panel = EscalationPanel.objects.create(partnership=ctx.partnership, name="Head of service")
    members = [ctx.users[role] for role in (Role.FORUM_MANAGER, Role.ADMIN) if role in ctx.users]
    panel.members.set(members)
    rng = ctx.rng
    seniors, changed, approved = [], [], {}
    escalations = [d for d in decisions if d.outcome == Decision.Outcome.ESCALATE]
    for escalation in sorted(escalations, key=lambda d: (d.decided_on, d.pk)):
        if (ctx.today - escalation.decided_on).days <= WAITING_DAYS:
            continue
        request = escalation.request
        outcome = rng.choices(list(SENIOR_RATIONALES), weights=[70, 15, 15])[0]
        asked = request.requested_amount
        amount = None
        if outcome == Senior.APPROVE:
            amount = asked
        elif outcome == Senior.APPROVE_WITH_CHANGES:
            amount = _pounds_share(rng, asked, 85, 95)
        decided_on = escalation.decided_on + datetime.timedelta(days=rng.randint(3, WAITING_DAYS))
        seniors.append(
            new(
                EscalationDecision,
                decision=escalation,
                panel=panel,
                outcome=outcome,
                approved_weekly_amount=None if request.is_one_off else amount,
                approved_one_off_amount=amount if request.is_one_off else None,
                decided_on=decided_on,
                decided_by=rng.choice(members),
                rationale=rng.choice(SENIOR_RATIONALES[outcome]),
            )
        )
        request.status = Status.DECLINED if amount is None else Status.APPROVED
        changed.append(request)
        if amount is not None:
            approved[request.pk] = (decided_on, amount)
    bulk_insert(EscalationDecision, seniors)
    bulk_set(FundingRequest, changed, ["status"])
    return len(seniors), approved


def seed_reviews(
    ctx: SeedContext,
    requests: list[FundingRequest],
    decisions: list[Decision],
    senior_approved: dict[int, tuple[datetime.date, Decimal]],
    due_forum: PeerForum,
    reviewers: dict[int, list[Any]],
) -> int:
    """Reviews of approved weekly packages at each review date up to today: short-term ones end
    when their weeks are up; long-term ones mostly continue (next review in 12 weeks), some end.
    One long-term package of ``due_forum`` is left due its review today."""
    rng = ctx.rng
    amounts = {d.request_id: d.approved_amount for d in decisions if d.is_approval}
    amounts |= {pk: amount for pk, (_day, amount) in senior_approved.items()}
    reviews, changed, left_due = [], [], False
    for request in requests:
        if (
            request.status != Status.APPROVED
            or request.is_one_off
            or request.review_on is None
            or request.review_on > ctx.today
        ):
            continue
        amount = amounts[request.pk]
        pool = reviewers.get(request.forum_id) or [None]

        def review(outcome: str, **fields: Any) -> None:
            reviews.append(
                new(
                    PackageReview,
                    request=request,  # noqa: B023 (used at once, inside the loop)
                    reviewed_on=request.review_on,  # noqa: B023
                    outcome=outcome,
                    notes=rng.choice(REVIEW_NOTES[PackageReview.Outcome(outcome)]),
                    reviewed_by=rng.choice(pool),  # noqa: B023
                    **fields,
                )
            )

        actual = _pounds_share(rng, amount, 90, 115) if rng.random() < 0.4 else None
        if request.intervention_type == InterventionType.SHORT_TERM:
            weeks = datetime.timedelta(weeks=request.short_term_weeks or 0)
            request.ended_on = request.start_on + weeks
            request.actual_weekly_cost = actual
            review(PackageReview.Outcome.END, ended_on=request.ended_on, actual_weekly_cost=actual)
            changed.append(request)
            continue
        leave_due = not left_due and request.forum_id == due_forum.pk
        left_due = left_due or leave_due
        while request.review_on <= ctx.today:
            following = request.review_on + REVIEW_EVERY
            if leave_due and following > ctx.today:
                break  # this one waits for its review
            if not leave_due and rng.random() < 0.1:
                back = datetime.timedelta(days=rng.randint(0, 14))
                request.ended_on = max(request.start_on, request.review_on - back)
                request.actual_weekly_cost = actual
                review(
                    PackageReview.Outcome.END, ended_on=request.ended_on, actual_weekly_cost=actual
                )
                break
            review(PackageReview.Outcome.CONTINUE, next_review_on=following)
            request.review_on = following
        changed.append(request)
    bulk_insert(PackageReview, reviews)
    bulk_set(FundingRequest, changed, ["review_on", "ended_on", "actual_weekly_cost"])
    return len(reviews)
