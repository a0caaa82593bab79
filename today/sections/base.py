"""A section of due items and how one is built from a selector's queryset."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# Rows shown per section on the home page; the count is of all of them, with a link to the list.
ROWS_SHOWN = 5


@dataclass(frozen=True)
class DueRow:
    """One due item on the home page: what it is (it may name a person: pages only, never the
    digest), when, and the link that clears it."""

    label: str
    note: str
    url: str
    action: str
    post: bool = False  # the action is a button (a POST), not a link


@dataclass
class DueSection:
    key: str
    title: str
    count: int
    list_url: str
    rows: list[DueRow] = field(default_factory=list)
    empty: str = "Nothing is due."
    # Aggregate figures (label, value) instead of rows: the HSCP lead's headline figures.
    figures: list[tuple[str, str]] = field(default_factory=list)
    in_digest: bool = True
    more_label: str = "See them all"
    order_words: str = "the longest waiting first"  # how the rows shown were chosen


def section_from(
    queryset: Any,
    row: Callable[[Any], DueRow],
    *,
    limit: int = ROWS_SHOWN,
    **section: Any,
) -> DueSection:
    """A section with the first ``limit`` rows and the count of all: one query when they all
    fit on the page, two otherwise."""
    shown = list(queryset[: limit + 1])
    count = len(shown) if len(shown) <= limit else queryset.count()
    return DueSection(count=count, rows=[row(obj) for obj in shown[:limit]], **section)


def day_words(day: datetime.date | None, today: datetime.date) -> str:
    """ "today", "3 days ago", "in 2 days", "yesterday", "tomorrow"."""
    if day is None:
        return ""
    days = (day - today).days
    if days == 0:
        return "today"
    if days == -1:
        return "yesterday"
    if days == 1:
        return "tomorrow"
    return f"{-days} days ago" if days < 0 else f"in {days} days"


def short_date(day: datetime.date) -> str:
    return f"{day:%a} {day.day} {day:%b}"
