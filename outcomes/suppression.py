"""Small-number suppression: the one place that decides what an HSCP lead, a PDF, the CSV or the
API may show of a figure.

The rule (as official statistics do, so no person can be identified):
- a **count** of people or of records about people from 1 to 4 is shown as "<5" (0 and 5 or
  more are shown as they are; counts of hub sessions, which are about no one, are not hidden);
- a **derived figure** (a percentage, a mean or median wait, a change, a score, a saving) is
  withheld when any count it was worked out from is between 1 and 4.

Everything shown to those audiences passes through ``present``; the exact figures stay inside
the selectors.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

SMALL_LOW, SMALL_HIGH = 1, 4
SMALL_TEXT = "<5"
WITHHELD_TEXT = "withheld"
NONE_TEXT = "—"
EXPLANATION = (
    "“<5” means between 1 and 4, not shown so that no one can be identified; “withheld” marks a "
    "figure worked out from fewer than 5 records. “—” means there was nothing to measure."
)

# Units whose value counts people or records about people: these are suppressed.
COUNT_UNITS = frozenset(
    {
        "people",
        "episodes",
        "entries",
        "signposts",
        "outcomes",
        "stories",
        "responses",
        "requests",
        "bookings",
    }
)
# Counts that say nothing about any person (hub sessions held) are shown as they are.
PLAIN_UNITS = frozenset({"sessions"})
UNIT_SUFFIX = {"days": " days", "percent": "%", "score": " / 5"}


def is_small(count: int | None) -> bool:
    """Is this a count that must not be shown (1 to 4)?"""
    return count is not None and SMALL_LOW <= count <= SMALL_HIGH


def any_small(counts: Iterable[int | None]) -> bool:
    return any(is_small(count) for count in counts)


@dataclass(frozen=True)
class Shown:
    """A figure as it may be shown: ``text`` to read, ``value`` for machines (``None`` when
    hidden or not measured), and whether it was suppressed."""

    text: str
    value: int | Decimal | None
    suppressed: bool = False


def _format(value: int | Decimal, unit: str) -> str:
    if unit == "gbp":
        return f"£{value:,.2f}"
    if unit == "ratio":
        return f"£{value:,.2f} for every £1"
    if unit == "change":
        return f"+{value:,}" if value > 0 else (f"−{-value:,}" if value < 0 else "0")
    if unit == "percent_change":
        return f"+{value}%" if value > 0 else (f"−{-value}%" if value < 0 else "0%")
    if unit == "days" and isinstance(value, int) and value == 1:
        return f"{value:,} day"
    return f"{value:,}{UNIT_SUFFIX.get(unit, '')}"


def present(value: int | Decimal | None, *, unit: str, bases: Iterable[int | None] = ()) -> Shown:
    """How a figure may be shown. ``bases`` are the counts a derived figure was worked out from;
    for a count unit the value is its own base."""
    if unit in PLAIN_UNITS:
        return Shown(NONE_TEXT if value is None else _format(value, unit), value)
    if unit in COUNT_UNITS:
        if is_small(value):
            return Shown(SMALL_TEXT, None, suppressed=True)
        return Shown(NONE_TEXT if value is None else _format(value, unit), value)
    if any_small(bases):
        return Shown(WITHHELD_TEXT, None, suppressed=True)
    if value is None:
        return Shown(NONE_TEXT, None)
    return Shown(_format(value, unit), value)
