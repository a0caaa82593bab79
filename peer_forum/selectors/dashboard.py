"""The forum dashboard's figures: decisions in a month, how long they took, requests waiting and
the cost avoided (the ledger). Aggregates only, computed in the database, a fixed number of
queries whatever the data size."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils import timezone

from peer_forum.models import Decision, FundingRequest
from peer_forum.selectors.ledger import SavingsLedger, financial_year_start, savings_ledger

TENTH = Decimal("0.1")


@dataclass(frozen=True)
class DecisionTimes:
    """Days from a request's submission to its final decision (approve, approve with changes,
    decline, escalate), for final decisions made in the period. A deferral is not an answer, so
    a deferred request's days run on to its final decision. Mean and median to one decimal place
    (ROUND_HALF_UP); ``None`` when there were no final decisions."""

    count: int
    mean_days: Decimal | None
    median_days: Decimal | None


@dataclass(frozen=True)
class OutcomeCount:
    outcome: str
    label: str
    count: int


@dataclass(frozen=True)
class ForumDashboard:
    start: datetime.date
    end: datetime.date
    outcomes: list[OutcomeCount]
    decisions_total: int
    times: DecisionTimes
    waiting_now: int
    month_ledger: SavingsLedger
    year_start: datetime.date
    year_end: datetime.date
    year_ledger: SavingsLedger


def _decision_scope(*, partnership_id: int, locality_id: int | None, forum_id: int | None) -> Q:
    scope = Q(request__episode__partnership_id=partnership_id)
    if locality_id is not None:
        scope &= Q(request__episode__locality_id=locality_id)
    if forum_id is not None:
        scope &= Q(request__forum_id=forum_id)
    return scope


def decisions_by_outcome(
    *,
    partnership_id: int,
    start: datetime.date,
    end: datetime.date,
    locality_id: int | None = None,
    forum_id: int | None = None,
) -> list[OutcomeCount]:
    """Every decision made in [start, end], deferrals included, counted by outcome (one query)."""
    rows = (
        Decision.objects.filter(
            _decision_scope(
                partnership_id=partnership_id, locality_id=locality_id, forum_id=forum_id
            ),
            decided_on__gte=start,
            decided_on__lte=end,
        )
        .values("outcome")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {row["outcome"]: row["n"] for row in rows}
    return [
        OutcomeCount(value, label, counts.get(value, 0))
        for value, label in Decision.Outcome.choices
    ]


def decision_times(
    *,
    partnership_id: int,
    start: datetime.date,
    end: datetime.date,
    locality_id: int | None = None,
    forum_id: int | None = None,
) -> DecisionTimes:
    """See ``DecisionTimes``. Two queries: the count and sum, then the middle one or two values."""
    finals = Decision.objects.filter(
        _decision_scope(partnership_id=partnership_id, locality_id=locality_id, forum_id=forum_id),
        outcome__in=Decision.FINAL,
        decided_on__gte=start,
        decided_on__lte=end,
    )
    totals = finals.aggregate(n=Count("pk"), days=Sum("days_to_decision"))
    count = totals["n"] or 0
    if not count:
        return DecisionTimes(0, None, None)
    mean = (Decimal(totals["days"]) / count).quantize(TENTH, rounding=ROUND_HALF_UP)
    low = (count - 1) // 2
    middle = list(
        finals.order_by("days_to_decision", "pk").values_list("days_to_decision", flat=True)[
            low : count // 2 + 1
        ]
    )
    median = (Decimal(sum(middle)) / len(middle)).quantize(TENTH, rounding=ROUND_HALF_UP)
    return DecisionTimes(count, mean, median)


def waiting_count(
    *, partnership_id: int, locality_id: int | None = None, forum_id: int | None = None
) -> int:
    scope = Q(episode__partnership_id=partnership_id)
    if locality_id is not None:
        scope &= Q(episode__locality_id=locality_id)
    if forum_id is not None:
        scope &= Q(forum_id=forum_id)
    return FundingRequest.objects.filter(scope).awaiting_decision().count()


def forum_dashboard(
    *,
    partnership_id: int,
    start: datetime.date,
    end: datetime.date,
    locality_id: int | None = None,
    forum_id: int | None = None,
) -> ForumDashboard:
    """A month's decisions and cost avoided, with the cost avoided so far in its financial year
    (from 1 April to the month's end, or to today for the current month)."""
    scope: dict[str, Any] = {
        "partnership_id": partnership_id,
        "locality_id": locality_id,
        "forum_id": forum_id,
    }
    outcomes = decisions_by_outcome(start=start, end=end, **scope)
    year_start = financial_year_start(end)
    today = timezone.localdate()
    # "So far" ends today; a month still to come is shown to its own end, never before 1 April.
    year_end = min(end, today) if start <= today else end
    return ForumDashboard(
        start=start,
        end=end,
        outcomes=outcomes,
        decisions_total=sum(item.count for item in outcomes),
        times=decision_times(start=start, end=end, **scope),
        waiting_now=waiting_count(**scope),
        month_ledger=savings_ledger(start=start, end=end, **scope),
        year_start=year_start,
        year_end=year_end,
        year_ledger=savings_ledger(start=year_start, end=year_end, **scope),
    )
