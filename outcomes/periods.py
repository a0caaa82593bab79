"""Months and scopes: the two arguments of every figure.

A ``Month`` is a calendar month; a ``MonthRange`` is a run of consecutive months (a figure computed
over a range gives one result per month, so a 12-month trend is one query, not twelve). A ``Scope``
is a partnership, optionally narrowed to one locality or one hub.
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.core.exceptions import ValidationError

MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12 or not 1900 <= self.year <= 9999:
            raise ValueError(f"Not a month: {self.year}-{self.month}")

    @classmethod
    def parse(cls, text: str) -> Month:
        """'2026-10' -> Month(2026, 10); a clear ValidationError for anything else."""
        found = MONTH_PATTERN.match((text or "").strip())
        if not found:
            raise ValidationError("Give the month as YYYY-MM, for example 2026-10.")
        try:
            return cls(int(found[1]), int(found[2]))
        except ValueError as exc:
            raise ValidationError("Give the month as YYYY-MM, for example 2026-10.") from exc

    @classmethod
    def of(cls, day: datetime.date) -> Month:
        return cls(day.year, day.month)

    @classmethod
    def last_full(cls, today: datetime.date) -> Month:
        """The last complete calendar month before ``today``."""
        return cls.of(today).shift(-1)

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, self.month, 1)

    @property
    def end(self) -> datetime.date:
        return datetime.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def label(self) -> str:
        return self.start.strftime("%B %Y")

    @property
    def short_label(self) -> str:
        return self.start.strftime("%b %y")

    def shift(self, months: int) -> Month:
        index = self.year * 12 + (self.month - 1) + months
        return Month(index // 12, index % 12 + 1)

    @property
    def previous(self) -> Month:
        return self.shift(-1)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


@dataclass(frozen=True)
class MonthRange:
    """Consecutive months from ``first`` to ``last`` inclusive."""

    first: Month
    last: Month

    def __post_init__(self) -> None:
        if self.first > self.last:
            raise ValueError("A month range must run forwards.")

    @classmethod
    def single(cls, month: Month) -> MonthRange:
        return cls(month, month)

    @classmethod
    def ending(cls, month: Month, count: int) -> MonthRange:
        """``count`` months ending with ``month`` (a 12-month trend)."""
        return cls(month.shift(1 - count), month)

    @property
    def start(self) -> datetime.date:
        return self.first.start

    @property
    def end(self) -> datetime.date:
        return self.last.end

    def __iter__(self) -> Iterator[Month]:
        month = self.first
        while month <= self.last:
            yield month
            month = month.shift(1)

    def __len__(self) -> int:
        return (self.last.year - self.first.year) * 12 + self.last.month - self.first.month + 1


@dataclass(frozen=True)
class Scope:
    """Where a figure is counted: a partnership, or one of its localities, or one of its hubs.

    Build scopes with ``outcomes.selectors.scopes.scope_for`` so the ids are checked against the
    user's partnership; the names are for headings only.
    """

    partnership_id: int
    locality_id: int | None = None
    hub_id: int | None = None
    name: str = ""
    partnership_name: str = ""

    @property
    def level(self) -> str:
        if self.hub_id:
            return "hub"
        if self.locality_id:
            return "locality"
        return "partnership"

    @property
    def query_string(self) -> str:
        if self.hub_id:
            return f"hub={self.hub_id}"
        if self.locality_id:
            return f"locality={self.locality_id}"
        return ""

    def lookups(self, partnership: str, locality: str, hub: str) -> dict[str, int]:
        """Filter keyword arguments for a model, given its lookup paths to the three levels."""
        found = {partnership: self.partnership_id}
        if self.hub_id:
            found[hub] = self.hub_id
        elif self.locality_id:
            found[locality] = self.locality_id
        return found
