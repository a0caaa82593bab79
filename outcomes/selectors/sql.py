"""Small SQL building blocks that give the same answer on SQLite and PostgreSQL.

- ``DaysBetween(end, start)``: whole days between two dates, as an integer.
- ``day_stats_by_month``: count, mean, median, 90th percentile and longest of a day-count, per
  calendar month, in two queries whatever the number of months or rows.

Definitions (documented once, used everywhere):
- **mean**: sum ÷ count, to one decimal place, rounding halves up. Sum and count come from the
  database as integers, so the division is exact on both databases.
- **median**: the middle value of the ordered day-counts; with an even count, the mean of the two
  middle values (so it may end in .5).
- **90th percentile**: nearest rank: the value at rank ⌈0.9 × n⌉ of the n ordered day-counts
  (1-based), so it is always a day-count that really occurred.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import (
    Case,
    Count,
    DateField,
    Expression,
    F,
    Func,
    IntegerField,
    Max,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Cast, RowNumber

from outcomes.periods import Month, MonthRange

ONE_PLACE = Decimal("0.1")


class DaysBetween(Func):
    """``end - start`` in whole days (an integer), for two date expressions."""

    output_field = IntegerField()
    arity = 2

    def __init__(self, end: Any, start: Any, **extra: Any) -> None:
        super().__init__(_as_date(end), _as_date(start), **extra)

    def as_sql(self, compiler, connection, **extra_context):  # PostgreSQL: date - date = integer
        return super().as_sql(
            compiler, connection, template="(%(expressions)s)", arg_joiner=" - ", **extra_context
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            template="CAST(ROUND(julianday(%(expressions)s)) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra_context,
        )


def month_bucket(field: str, months: MonthRange, *, end: bool = False) -> Case:
    """The first (or, with ``end``, the last) day of the month a date falls in, among ``months``;
    NULL outside them. A CASE over the months, evaluated by the database itself: the same on
    both databases and far cheaper on SQLite than truncating each row's date in Python."""
    return Case(
        *(
            When(
                **{f"{field}__gte": month.start, f"{field}__lte": month.end},
                then=Value(month.end if end else month.start),
            )
            for month in months
        ),
        output_field=DateField(),
    )


def _as_date(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return Cast(Value(value), output_field=DateField())
    if isinstance(value, str):
        return F(value)
    return value


@dataclass(frozen=True)
class DayStats:
    """Summary of a set of day-counts (waits). ``None`` statistics when there are no rows."""

    count: int = 0
    mean: Decimal | None = None
    median: Decimal | None = None
    p90: int | None = None
    longest: int | None = None


def mean_of(total: int | None, count: int) -> Decimal | None:
    if not count:
        return None
    return (Decimal(int(total or 0)) / Decimal(count)).quantize(ONE_PLACE, ROUND_HALF_UP)


def median_ranks(n: int) -> tuple[int, int]:
    """The 1-based ranks whose mean is the median of ``n`` ordered values."""
    return (n + 1) // 2, n // 2 + 1


def p90_rank(n: int) -> int:
    """Nearest rank: ⌈0.9 n⌉, in integer arithmetic so no float rounding can creep in."""
    return (9 * n + 9) // 10


def day_stats_by_month(
    queryset: QuerySet,
    *,
    month_field: str,
    days: Expression,
    months: MonthRange,
) -> dict[Month, DayStats]:
    """Day-count statistics per month of ``month_field`` for rows of ``queryset`` in ``months``.

    Query 1 groups by month for count, sum and maximum. Query 2 numbers each month's rows in
    order of their day-count (a window function both databases support) and fetches only the rows
    at the median and 90th-percentile ranks, which query 1 told us.
    """
    rows = queryset.filter(
        **{f"{month_field}__gte": months.start, f"{month_field}__lte": months.end}
    ).annotate(stat_month=month_bucket(month_field, months), stat_days=days)
    totals = {
        Month.of(row["stat_month"]): row
        for row in rows.order_by()
        .values("stat_month")
        .annotate(n=Count("pk"), total=Sum("stat_days"), longest=Max("stat_days"))
    }
    wanted = Q()
    for month, row in totals.items():
        ranks = {*median_ranks(row["n"]), p90_rank(row["n"])}
        wanted |= Q(stat_month=month.start, stat_rank__in=sorted(ranks))
    values: dict[tuple[Month, int], int] = {}
    if totals:
        ranked = rows.annotate(
            stat_rank=Window(
                RowNumber(), partition_by=[F("stat_month")], order_by=[F("stat_days"), F("pk")]
            )
        ).filter(wanted)
        for month_start, rank, day_count in ranked.order_by().values_list(
            "stat_month", "stat_rank", "stat_days"
        ):
            values[(Month.of(month_start), rank)] = day_count
    result = {}
    for month in months:
        row = totals.get(month)
        if not row:
            result[month] = DayStats()
            continue
        n = row["n"]
        low, high = median_ranks(n)
        median = (Decimal(values[(month, low)]) + Decimal(values[(month, high)])) / 2
        result[month] = DayStats(
            count=n,
            mean=mean_of(row["total"], n),
            median=median.quantize(ONE_PLACE, ROUND_HALF_UP),
            p90=values[(month, p90_rank(n))],
            longest=row["longest"],
        )
    return result


def day_stats(queryset: QuerySet, *, days: Expression) -> DayStats:
    """The same statistics over a whole queryset (no month grouping): two queries."""
    rows = queryset.annotate(stat_days=days)
    agg = rows.order_by().aggregate(n=Count("pk"), total=Sum("stat_days"), longest=Max("stat_days"))
    n = agg["n"]
    if not n:
        return DayStats()
    ranks = sorted({*median_ranks(n), p90_rank(n)})
    ranked = rows.annotate(
        stat_rank=Window(RowNumber(), order_by=[F("stat_days"), F("pk")])
    ).filter(stat_rank__in=ranks)
    values = dict(ranked.order_by().values_list("stat_rank", "stat_days"))
    low, high = median_ranks(n)
    return DayStats(
        count=n,
        mean=mean_of(agg["total"], n),
        median=((Decimal(values[low]) + Decimal(values[high])) / 2).quantize(
            ONE_PLACE, ROUND_HALF_UP
        ),
        p90=values[p90_rank(n)],
        longest=agg["longest"],
    )


def month_keys(
    rows: Iterable[Mapping[str, Any]], key: str = "stat_month"
) -> dict[Month, Mapping[str, Any]]:
    return {Month.of(row[key]): row for row in rows}
