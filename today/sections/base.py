"""A section of due items and how one is built from a selector's queryset."""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache

# Rows shown per section on the home page; the count is of all of them, with a link to the list.
ROWS_SHOWN = 5
# Counting stops here: "100+" says enough, and on a large database counting every due row of a
# busy locality costs more than the rest of the page (the capped count can stop early along the
# list's index).
COUNT_CAP = 100
# A count that reached the cap is remembered this long (seconds) for the same section, user,
# scope and day: a busy locality's "100+" does not change from one page to the next, and
# counting it again was a third of a practitioner's home page. Counts under the cap, and every
# list's rows, are read afresh on each page.
CAPPED_COUNT_SECONDS = 300


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
    capped: bool = False  # there are more than ``count`` (counting stopped at COUNT_CAP)
    # More rows are due than shown and they are not counted yet: the ids to count (up to
    # COUNT_CAP), which ``count_due`` does for all of a page's sections at once.
    uncounted: Any = field(default=None, repr=False, compare=False)

    @property
    def count_text(self) -> str:
        """The count as shown: "100+" when counting stopped at the cap."""
        return f"{self.count}+" if self.capped else str(self.count)


@dataclass(frozen=True)
class DueTotal:
    """The sum of sections' counts; ``capped`` when any of them stopped counting, so the sum
    is only a lower bound ("at least 105")."""

    count: int
    capped: bool

    @property
    def words(self) -> str:
        return f"at least {self.count}" if self.capped else str(self.count)


def due_total(sections: list[DueSection]) -> DueTotal:
    """What the sections that count as work due add up to (the home page's and digest's total)."""
    counted = [section for section in sections if section.in_digest]
    return DueTotal(
        count=sum(section.count for section in counted),
        capped=any(section.capped for section in counted),
    )


def section_from(
    queryset: Any,
    row: Callable[[Any], DueRow],
    *,
    limit: int = ROWS_SHOWN,
    **section: Any,
) -> DueSection:
    """A section with the first ``limit`` rows: one query. When more are due than shown, the
    section is counted afterwards by ``count_due`` (which ``sections_for`` calls), up to
    ``COUNT_CAP``. The count is unordered: any ``COUNT_CAP + 1`` rows say there are more, so
    PostgreSQL may take the cheapest path and stop there (e.g. the user's localities' episodes
    first, rather than the list's order index)."""
    shown = list(queryset[: limit + 1])
    uncounted = queryset.order_by().values_list("pk", flat=True) if len(shown) > limit else None
    return DueSection(
        count=min(len(shown), limit),
        rows=[row(obj) for obj in shown[:limit]],
        uncounted=uncounted,
        **section,
    )


def count_due(sections: list[DueSection], *, user: Any, today: datetime.date) -> None:
    """Count the sections that have more rows than they show, up to ``COUNT_CAP`` each.

    A section that reached the cap is remembered for ``CAPPED_COUNT_SECONDS`` under this user,
    their role and places, and the day: the page reads what it remembers in one cache read (not
    one per section), and a remembered "100+" is never another user's or another scope's."""
    pending = [section for section in sections if section.uncounted is not None]
    if not pending:
        return
    key = _remembered_key(user, today)
    now = time.time()
    remembered = {
        section_key: until for section_key, until in (cache.get(key) or {}).items() if until > now
    }
    newly_capped = False
    for section in pending:
        if section.key in remembered:
            section.count, section.capped = COUNT_CAP, True
        else:
            section.count = len(section.uncounted[: COUNT_CAP + 1])
            if section.count > COUNT_CAP:
                section.count, section.capped = COUNT_CAP, True
                remembered[section.key] = now + CAPPED_COUNT_SECONDS
                newly_capped = True
        section.uncounted = None
    if newly_capped:
        cache.set(key, remembered, CAPPED_COUNT_SECONDS)


def _remembered_key(user: Any, today: datetime.date) -> str:
    places = ",".join(str(pk) for pk in sorted(user.locality_id_set))
    return f"today:capped:{user.pk}:{user.role}:{user.partnership_id}:{places}:{today}"


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
