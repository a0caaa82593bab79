"""Outcome 5, staff empowered and confident: the monthly staff pulse. Answers count for the
locality the person answered for (a hub scope uses its locality)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q, Sum

from outcomes.models import StaffPulseResponse
from outcomes.periods import Month, MonthRange, Scope
from outcomes.reference import PULSE_ITEMS
from outcomes.selectors.sql import ONE_PLACE, month_keys


@dataclass(frozen=True)
class PulseMonth:
    """The staff pulse for a month: how many answered, and per statement the mean score (1–5,
    one decimal place) and how many agreed (4 or 5)."""

    responses: int = 0
    means: dict[str, Decimal | None] = field(default_factory=dict)
    agreed: dict[str, int] = field(default_factory=dict)
    overall_mean: Decimal | None = None


def staff_pulse(*, months: MonthRange, scope: Scope) -> dict[Month, PulseMonth]:
    """Outcome 5's staff pulse (DESIGN §3, outcomes app): one grouped query; per month, the
    count and, per item, the sum and the count agreeing."""
    filters = Q(partnership_id=scope.partnership_id)
    if scope.locality_id:  # a hub scope carries its hub's locality
        filters &= Q(locality_id=scope.locality_id)
    aggregates: dict = {"responses": Count("pk")}
    for item in PULSE_ITEMS:
        aggregates[f"sum_{item}"] = Sum(item)
        aggregates[f"agree_{item}"] = Count("pk", filter=Q(**{f"{item}__gte": 4}))
    rows = month_keys(
        StaffPulseResponse.objects.filter(filters, month__gte=months.start, month__lte=months.end)
        .values(stat_month=F("month"))
        .annotate(**aggregates)
        .order_by()
    )
    result = {}
    for month in months:
        row = rows.get(month)
        if not row:
            result[month] = PulseMonth()
            continue
        n = row["responses"]
        sums = {item: int(row[f"sum_{item}"] or 0) for item in PULSE_ITEMS}
        result[month] = PulseMonth(
            responses=n,
            means={
                item: (Decimal(total) / n).quantize(ONE_PLACE, ROUND_HALF_UP)
                for item, total in sums.items()
            },
            agreed={item: row[f"agree_{item}"] for item in PULSE_ITEMS},
            overall_mean=(Decimal(sum(sums.values())) / (n * len(PULSE_ITEMS))).quantize(
                ONE_PLACE, ROUND_HALF_UP
            ),
        )
    return result
