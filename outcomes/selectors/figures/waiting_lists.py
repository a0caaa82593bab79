"""Outcome 1, easier, quicker access (DESIGN §4 "Waiting list"): entries open at the month's end,
added and removed, against the previous month and a baseline, per named list, and how long people
have waited."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q

from conversations.models import WaitingListEntry
from outcomes.periods import Month, MonthRange, Scope
from outcomes.selectors.figures.base import episodes_q, percent
from outcomes.selectors.sql import DaysBetween, DayStats, day_stats


@dataclass(frozen=True)
class WaitingListMonth:
    """``open_at_end``: entries added on or before the month's last day and not removed by then;
    ``added`` / ``removed``: entries added / removed on a day in the month."""

    open_at_end: int = 0
    added: int = 0
    removed: int = 0
    urgent_open_at_end: int = 0


@dataclass(frozen=True)
class Change:
    """A count now against a count then: the difference and the percentage change."""

    current: int
    compared: int
    compared_month: Month

    @property
    def difference(self) -> int:
        return self.current - self.compared

    @property
    def percent(self) -> Decimal | None:
        return percent(self.difference, self.compared)


@dataclass(frozen=True)
class WaitingListFigures:
    by_month: dict[Month, WaitingListMonth]
    previous: WaitingListMonth  # the month before the range's first month
    baseline_month: Month
    baseline: WaitingListMonth

    def change_on_previous(self, month: Month) -> Change:
        before = self.by_month.get(month.previous, self.previous)
        return Change(self.by_month[month].open_at_end, before.open_at_end, month.previous)

    def change_on_baseline(self, month: Month) -> Change:
        return Change(
            self.by_month[month].open_at_end, self.baseline.open_at_end, self.baseline_month
        )


def _waiting_list_counts(month: Month, key: str) -> dict[str, Count]:
    open_then = Q(added_on__lte=month.end) & (
        Q(removed_on__isnull=True) | Q(removed_on__gt=month.end)
    )
    urgent = Q(priority=WaitingListEntry.Priority.URGENT)
    return {
        f"open_{key}": Count("pk", filter=open_then),
        f"urgent_{key}": Count("pk", filter=open_then & urgent),
        f"added_{key}": Count("pk", filter=Q(added_on__gte=month.start, added_on__lte=month.end)),
        f"removed_{key}": Count(
            "pk", filter=Q(removed_on__gte=month.start, removed_on__lte=month.end)
        ),
    }


def _waiting_list_month(row: dict, key: str) -> WaitingListMonth:
    return WaitingListMonth(
        open_at_end=row[f"open_{key}"],
        added=row[f"added_{key}"],
        removed=row[f"removed_{key}"],
        urgent_open_at_end=row[f"urgent_{key}"],
    )


def _waiting_list_entries_in(scope: Scope, months: list[Month]):
    """The entries that can count in any of these months: added by the last month's end and
    not removed before the first month began (years of removed entries count in none)."""
    return WaitingListEntry.objects.filter(
        episodes_q(scope, "episode__"),
        Q(removed_on__isnull=True) | Q(removed_on__gte=min(m.start for m in months)),
        added_on__lte=max(m.end for m in months),
    )


def default_baseline(month: Month) -> Month:
    """The baseline a comparison uses unless another is chosen: the same month a year before."""
    return month.shift(-12)


def waiting_list(
    *, months: MonthRange, scope: Scope, baseline: Month | None = None
) -> WaitingListFigures:
    """DESIGN §4 "Waiting list": entries open at each month's end, added and removed in it, with
    the month
    before the range and a baseline month for comparison: one query (conditional counts)."""
    baseline = baseline or default_baseline(months.last)
    wanted = {f"m{index}": month for index, month in enumerate(months)}
    wanted["prev"] = months.first.previous
    wanted["base"] = baseline
    aggregates: dict[str, Count] = {}
    for key, month in wanted.items():
        aggregates |= _waiting_list_counts(month, key)
    row = _waiting_list_entries_in(scope, list(wanted.values())).order_by().aggregate(**aggregates)
    return WaitingListFigures(
        by_month={month: _waiting_list_month(row, f"m{i}") for i, month in enumerate(months)},
        previous=_waiting_list_month(row, "prev"),
        baseline_month=baseline,
        baseline=_waiting_list_month(row, "base"),
    )


@dataclass(frozen=True)
class WaitingListLine:
    """One named list in one month, with its open count a month before and at the baseline."""

    list_id: int
    name: str
    month: WaitingListMonth
    previous_open: int
    baseline_open: int


def waiting_list_by_list(
    *, month: Month, scope: Scope, baseline: Month | None = None
) -> list[WaitingListLine]:
    """DESIGN §4 "Waiting list" for one month, one line per named list: one grouped query."""
    baseline = baseline or default_baseline(month)
    aggregates = (
        _waiting_list_counts(month, "now")
        | _waiting_list_counts(month.previous, "prev")
        | _waiting_list_counts(baseline, "base")
    )
    rows = (
        _waiting_list_entries_in(scope, [month, month.previous, baseline])
        .values("waiting_list_id", "waiting_list__name")
        .annotate(**aggregates)
        .order_by("waiting_list__name", "waiting_list_id")
    )
    return [
        WaitingListLine(
            list_id=row["waiting_list_id"],
            name=row["waiting_list__name"],
            month=_waiting_list_month(row, "now"),
            previous_open=row["open_prev"],
            baseline_open=row["open_base"],
        )
        for row in rows
    ]


@dataclass(frozen=True)
class WaitingListWaits:
    """How long people have waited: those still waiting at the month's end (days from being
    added to the month's last day) and those taken off in the month (days added to removed)."""

    still_waiting: DayStats
    removed: DayStats


def waiting_list_waits(*, month: Month, scope: Scope) -> WaitingListWaits:
    """How long people on the waiting list have waited (the waiting-list report, DESIGN §6)."""
    entries = WaitingListEntry.objects.filter(episodes_q(scope, "episode__"))
    open_at_end = entries.filter(
        Q(added_on__lte=month.end) & (Q(removed_on__isnull=True) | Q(removed_on__gt=month.end))
    )
    removed = entries.filter(removed_on__gte=month.start, removed_on__lte=month.end)
    return WaitingListWaits(
        still_waiting=day_stats(open_at_end, days=DaysBetween(month.end, "added_on")),
        removed=day_stats(removed, days=DaysBetween("removed_on", "added_on")),
    )
