"""Outcome 3, independence, resilience and wellbeing (DESIGN §4 "Personal outcomes"): personal
outcomes reviewed (met / partly met / not met), and change stories told."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q

from conversations.models import OutcomeReview
from outcomes.models import ChangeStory, ChangeStoryOutcome
from outcomes.periods import Month, MonthRange, Scope
from outcomes.reference import CLSOutcome
from outcomes.selectors.figures.base import Share, episodes_q
from outcomes.selectors.sql import month_bucket, month_keys


@dataclass(frozen=True)
class ReviewMonth:
    """Personal outcomes reviewed in the month, by their latest status in that month."""

    met: int = 0
    partly_met: int = 0
    not_met: int = 0

    @property
    def reviewed(self) -> int:
        return self.met + self.partly_met + self.not_met

    def share(self, status: str) -> Share:
        return Share(getattr(self, status), self.reviewed)


def personal_outcomes(*, months: MonthRange, scope: Scope) -> dict[Month, ReviewMonth]:
    """DESIGN §4 "Personal outcomes": of the personal outcomes reviewed in each month, how many
    were met, partly met or not met
    at their last review that month (an outcome reviewed twice in a month counts once)."""
    later_same_month = OutcomeReview.objects.filter(
        outcome=OuterRef("outcome"), reviewed_on__lte=OuterRef("stat_month_end")
    ).filter(
        Q(reviewed_on__gt=OuterRef("reviewed_on"))
        | Q(reviewed_on=OuterRef("reviewed_on"), pk__gt=OuterRef("pk"))
    )
    rows = (
        OutcomeReview.objects.filter(
            episodes_q(scope, "outcome__episode__"),
            reviewed_on__gte=months.start,
            reviewed_on__lte=months.end,
        )
        .annotate(
            stat_month=month_bucket("reviewed_on", months),
            stat_month_end=month_bucket("reviewed_on", months, end=True),
        )
        .exclude(Exists(later_same_month))
        .values("stat_month")
        .annotate(
            met=Count("pk", filter=Q(status=OutcomeReview.Status.MET)),
            partly_met=Count("pk", filter=Q(status=OutcomeReview.Status.PARTLY_MET)),
            not_met=Count("pk", filter=Q(status=OutcomeReview.Status.NOT_MET)),
        )
        .order_by()
    )
    found = month_keys(rows)
    return {
        month: ReviewMonth(
            met=found[month]["met"],
            partly_met=found[month]["partly_met"],
            not_met=found[month]["not_met"],
        )
        if month in found
        else ReviewMonth()
        for month in months
    }


@dataclass(frozen=True)
class StoryCounts:
    told: int = 0
    shareable: int = 0


def change_stories_by_outcome(*, months: MonthRange, scope: Scope) -> dict[int, StoryCounts]:
    """Change stories told in the range, per CLS outcome they show (the evidence beside the
    figures, DESIGN §6): one grouped query."""
    rows = (
        ChangeStoryOutcome.objects.filter(
            story__in=ChangeStory.objects.filter(
                _story_scope(scope), told_on__gte=months.start, told_on__lte=months.end
            )
        )
        .values("outcome")
        .annotate(
            told=Count("story", distinct=True),
            shareable=Count("story", distinct=True, filter=Q(story__consent_to_share=True)),
        )
        .order_by()
    )
    found = {row["outcome"]: StoryCounts(row["told"], row["shareable"]) for row in rows}
    return {outcome: found.get(outcome, StoryCounts()) for outcome in CLSOutcome.values}


def _story_scope(scope: Scope) -> Q:
    found = Q(partnership_id=scope.partnership_id)
    if scope.hub_id:
        found &= Q(hub_id=scope.hub_id)
    elif scope.locality_id:
        found &= Q(locality_id=scope.locality_id)
    return found
