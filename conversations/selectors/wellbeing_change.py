"""Wellbeing change (DESIGN §4): for someone with two or more scores on the same measure, the
change from their first score to their latest: ONS4 item by item (never summed; for anxiety a
fall is an improvement), SWEMWBS as its raw total (7–35). The outcomes figures
(``outcomes.selectors.figures.wellbeing``) use the same items."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from conversations.models import WellbeingScore

if TYPE_CHECKING:
    from cls_portal.accounts.models import User

RAW = "raw"


@dataclass(frozen=True)
class WellbeingItem:
    """One figure of change: ``measure`` (ons4 or swemwbs), ``item`` (an ONS4 item or ``raw``),
    ``label``, and whether a higher score is better."""

    measure: str
    item: str
    label: str
    higher_is_better: bool = True

    @property
    def code(self) -> str:
        return f"wellbeing.{self.measure}_{self.item}"

    def score(self, score: WellbeingScore) -> int:
        return score.swemwbs_raw if self.item == RAW else getattr(score, self.item)  # type: ignore[return-value]


WELLBEING_ITEMS: list[WellbeingItem] = [
    WellbeingItem("ons4", "life_satisfaction", "ONS4 life satisfaction (0–10)"),
    WellbeingItem("ons4", "worthwhile", "ONS4 feeling things are worthwhile (0–10)"),
    WellbeingItem("ons4", "happiness", "ONS4 happiness (0–10)"),
    WellbeingItem("ons4", "anxiety", "ONS4 anxiety (0–10, lower is better)", False),
    WellbeingItem("swemwbs", RAW, "SWEMWBS total (7–35)"),
]


@dataclass(frozen=True)
class PersonChange:
    item: WellbeingItem
    first: int
    latest: int
    first_on: datetime.date
    latest_on: datetime.date
    scores: int

    @property
    def change(self) -> int:
        return self.latest - self.first

    @property
    def improved(self) -> bool:
        return self.change > 0 if self.item.higher_is_better else self.change < 0

    @property
    def change_text(self) -> str:
        if not self.change:
            return "no change"
        sign = "+" if self.change > 0 else "−"
        return f"{sign}{abs(self.change)} ({'better' if self.improved else 'worse'})"


def person_wellbeing_change(*, user: User, person_id: int) -> list[PersonChange]:
    """A person's change on each item where they have two or more scores the user may see
    (one query; a person has a handful of scores)."""
    scores = list(
        WellbeingScore.objects.visible_to(user)
        .filter(episode__person_id=person_id)
        .order_by("recorded_on", "pk")
    )
    changes = []
    for item in WELLBEING_ITEMS:
        taken = [score for score in scores if score.measure == item.measure]
        if len(taken) >= 2:
            first, latest = taken[0], taken[-1]
            changes.append(
                PersonChange(
                    item,
                    item.score(first),
                    item.score(latest),
                    first.recorded_on,
                    latest.recorded_on,
                    len(taken),
                )
            )
    return changes
