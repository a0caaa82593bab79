"""Outcome 3, wellbeing change (DESIGN §4 "Wellbeing change").

For people with two or more scores on the same measure, the change from their first score to
their latest: ONS4 item by item (never summed; for anxiety a fall is an improvement), SWEMWBS as
its raw total (7–35). The items are ``conversations.selectors.wellbeing_change.WELLBEING_ITEMS``
(the person page shows the same change for one person). A month's figure counts the people whose
latest score up to the month's end was recorded in that month and who had an earlier one: how
many, their mean change (one decimal place, halves up, worked out from the integer sum) and how
many improved. Scores count for the place of the episode they were taken in; the first score is
the person's first in the same partnership. Computed in the database: one grouped query per
measure.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Aggregate, Count, Exists, F, OuterRef, Q, Subquery, Sum
from django.db.models.expressions import CombinedExpression

from conversations.models import WellbeingScore
from conversations.selectors.wellbeing_change import RAW, WELLBEING_ITEMS, WellbeingItem
from outcomes.periods import Month, Scope
from outcomes.selectors.figures.base import Share, episodes_q
from outcomes.selectors.sql import ONE_PLACE


@dataclass(frozen=True)
class WellbeingChange:
    """``people`` with a change; ``total_change`` the sum of their changes; ``improved`` how many
    moved the better way."""

    people: int = 0
    total_change: int = 0
    improved: int = 0

    @property
    def mean_change(self) -> Decimal | None:
        if not self.people:
            return None
        return (Decimal(self.total_change) / Decimal(self.people)).quantize(
            ONE_PLACE, ROUND_HALF_UP
        )

    @property
    def improved_share(self) -> Share:
        return Share(self.improved, self.people)


@dataclass(frozen=True)
class WellbeingLine:
    """One locality's change on one item (``locality`` empty for the whole place)."""

    item: WellbeingItem
    locality: str
    change: WellbeingChange


def _score(item: str, prefix: str = "") -> F | CombinedExpression:
    if item != RAW:
        return F(f"{prefix}{item}")
    total: F | CombinedExpression = F(f"{prefix}{WellbeingScore.SWEMWBS_ITEMS[0]}")
    for name in WellbeingScore.SWEMWBS_ITEMS[1:]:
        total = total + F(f"{prefix}{name}")
    return total


def _same_person(measure: str, month: Month):
    return WellbeingScore.objects.filter(
        episode__person_id=OuterRef("episode__person_id"),
        episode__partnership_id=OuterRef("episode__partnership_id"),
        measure=measure,
        recorded_on__lte=month.end,
    )


def wellbeing_change(
    *, month: Month, scope: Scope, swemwbs: bool
) -> dict[str, list[WellbeingLine]]:
    """Each item's change, whole place first then by locality (by name), keyed by item code.
    SWEMWBS only where ``swemwbs`` (the partnership holds the licence)."""
    result: dict[str, list[WellbeingLine]] = {}
    for measure in ("ons4", "swemwbs") if swemwbs else ("ons4",):
        items = [item for item in WELLBEING_ITEMS if item.measure == measure]
        before = _same_person(measure, month)
        later = before.filter(
            Q(recorded_on__gt=OuterRef("recorded_on"))
            | Q(recorded_on=OuterRef("recorded_on"), pk__gt=OuterRef("pk"))
        )
        earlier = before.filter(
            Q(recorded_on__lt=OuterRef("recorded_on"))
            | Q(recorded_on=OuterRef("recorded_on"), pk__lt=OuterRef("pk"))
        )
        first = before.order_by("recorded_on", "pk")
        changes = {
            f"change_{item.item}": _score(item.item)
            - Subquery(first.annotate(v=_score(item.item)).values("v")[:1])
            for item in items
        }
        aggregates: dict[str, Aggregate] = {}
        for item in items:
            change = f"change_{item.item}"
            better = Q(**{f"{change}__gt" if item.higher_is_better else f"{change}__lt": 0})
            aggregates[f"total_{item.item}"] = Sum(change)
            aggregates[f"improved_{item.item}"] = Count("pk", filter=better)
        grouped = (
            WellbeingScore.objects.filter(
                episodes_q(scope, "episode__"),
                measure=measure,
                recorded_on__gte=month.start,
                recorded_on__lte=month.end,
            )
            .exclude(Exists(later))
            .filter(Exists(earlier))
            .annotate(**changes)
            .values("episode__locality__name")
            .annotate(people=Count("pk"), **aggregates)
            .order_by("episode__locality__name")
        )
        rows: list[dict[str, Any]] = [dict(row) for row in grouped]
        for item in items:
            lines = [
                WellbeingLine(
                    item,
                    row["episode__locality__name"] or "No locality",
                    WellbeingChange(
                        row["people"],
                        int(row[f"total_{item.item}"] or 0),
                        row[f"improved_{item.item}"],
                    ),
                )
                for row in rows
            ]
            whole = WellbeingChange(
                sum(line.change.people for line in lines),
                sum(line.change.total_change for line in lines),
                sum(line.change.improved for line in lines),
            )
            result[item.code] = [WellbeingLine(item, "", whole), *lines]
    return result
