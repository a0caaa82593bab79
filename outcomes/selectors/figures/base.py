"""What the figures share: percentages, shares, and the scope lookups of each kind of record.

Scope of a record: episodes (and their waits, signposts, reviews and waiting-list entries) count
for the episode's partnership and locality, and for a hub when the episode's first contact was at
one of that hub's sessions. Hub sessions count for their hub and its locality.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q

from outcomes.periods import Scope
from outcomes.selectors.sql import ONE_PLACE


def percent(numerator: int, denominator: int) -> Decimal | None:
    """numerator ÷ denominator × 100, one decimal place, halves up; None when nothing to divide."""
    if not denominator:
        return None
    return (Decimal(100 * numerator) / Decimal(denominator)).quantize(ONE_PLACE, ROUND_HALF_UP)


@dataclass(frozen=True)
class Share:
    """``numerator`` of ``denominator``, e.g. 12 of 40 closed episodes resolved at first contact."""

    numerator: int = 0
    denominator: int = 0

    @property
    def percent(self) -> Decimal | None:
        return percent(self.numerator, self.denominator)


def episodes_q(scope: Scope, prefix: str = "") -> Q:
    """Episodes (or, through ``prefix``, records of an episode) within the scope."""
    return Q(
        **scope.lookups(
            f"{prefix}partnership_id",
            f"{prefix}locality_id",
            f"{prefix}first_contact_session__hub_id",
        )
    )


def sessions_q(scope: Scope, prefix: str = "") -> Q:
    """Hub sessions (or, through ``prefix``, records of a session) within the scope."""
    return Q(
        **scope.lookups(
            f"{prefix}hub__partnership_id", f"{prefix}hub__locality_id", f"{prefix}hub_id"
        )
    )
