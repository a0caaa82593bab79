"""Outcome 2, local, trusted solutions (DESIGN §4 "Signposting"): signposts made, by category,
and their take-up rate."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q

from conversations.models import Signpost
from outcomes.periods import Month, MonthRange, Scope
from outcomes.selectors.figures.base import Share, episodes_q
from outcomes.selectors.sql import month_bucket, month_keys

# "Ended" means the person took the solution up and it has since finished, so it counts as taken up.
TAKEN_UP = (Signpost.Status.TAKEN_UP, Signpost.Status.ENDED)


@dataclass(frozen=True)
class SignpostMonth:
    """``made``: signposts made in the month; ``take_up``: of the signposts whose follow-up was
    recorded in the month (taken up, not taken up or ended), how many were taken up."""

    made: int = 0
    take_up: Share = field(default_factory=Share)


def signposting(*, months: MonthRange, scope: Scope) -> dict[Month, SignpostMonth]:
    """DESIGN §4 "Signposting": signposts made and followed up per month (take-up rate = taken
    up ÷ followed up): two grouped queries."""
    signposts = Signpost.objects.filter(episodes_q(scope, "episode__"))
    made = month_keys(
        signposts.filter(created_on__gte=months.start, created_on__lte=months.end)
        .annotate(stat_month=month_bucket("created_on", months))
        .values("stat_month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    followed = month_keys(
        signposts.filter(
            followed_up_on__gte=months.start,
            followed_up_on__lte=months.end,
            status__in=Signpost.FOLLOWED_UP,
        )
        .annotate(stat_month=month_bucket("followed_up_on", months))
        .values("stat_month")
        .annotate(n=Count("pk"), taken=Count("pk", filter=Q(status__in=TAKEN_UP)))
        .order_by()
    )
    return {
        month: SignpostMonth(
            made=made[month]["n"] if month in made else 0,
            take_up=Share(followed[month]["taken"], followed[month]["n"])
            if month in followed
            else Share(),
        )
        for month in months
    }


@dataclass(frozen=True)
class SignpostCategoryLine:
    category: str
    made: int
    take_up: Share


def signposting_by_category(*, month: Month, scope: Scope) -> list[SignpostCategoryLine]:
    """DESIGN §4 "Signposting ... by category": one month's signposts by the solution's
    category, with the take-up rate: one grouped query."""
    in_month = Q(created_on__gte=month.start, created_on__lte=month.end)
    followed = Q(
        followed_up_on__gte=month.start,
        followed_up_on__lte=month.end,
        status__in=Signpost.FOLLOWED_UP,
    )
    rows = (
        Signpost.objects.filter(episodes_q(scope, "episode__"))
        .filter(in_month | followed)
        .values("solution__category__name")
        .annotate(
            made=Count("pk", filter=in_month),
            followed=Count("pk", filter=followed),
            taken=Count("pk", filter=followed & Q(status__in=TAKEN_UP)),
        )
        .order_by("-made", "solution__category__name")
    )
    return [
        SignpostCategoryLine(
            category=row["solution__category__name"],
            made=row["made"],
            take_up=Share(row["taken"], row["followed"]),
        )
        for row in rows
    ]
