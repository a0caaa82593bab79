"""The programme view: sharing partnerships' core data sets side by side, with the programme's
totals and 12-month trends, for the page, the CSV and API download, and the annual PDF.

Every partnership column is built by the very functions its own HSCP lead's CSV and API use
(``outcome_figures`` then ``core_data_set_records``), so whatever suppression they apply applies
here too; nothing is computed in parallel. The programme's **total** of a figure is the sum of the
partnerships' exact figures where a sum means something (counts, and the cost avoided), or a
percentage worked out from the summed numerators and denominators; means, medians and scores are
not combined. A total is shown through ``outcomes.suppression.present`` like any figure, and is
withheld whenever a partnership's figure in the same row is hidden, so a hidden figure can never
be worked out as "total minus the others".
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from hubs.models import Partnership
from outcomes.models import Programme, Report
from outcomes.periods import Month, MonthRange
from outcomes.presentation.core_data_set import TREND_CHARTS, FigureRow, TrendChart
from outcomes.presentation.dashboard import dashboard_context
from outcomes.presentation.published import core_data_set_records, figure_rows, trend
from outcomes.reference import CLSOutcome
from outcomes.selectors.core_data_set import TREND_MONTHS, OutcomeFigures, outcome_figures
from outcomes.selectors.cost_benefit import studies_for_scope
from outcomes.selectors.fidelity import FidelityComparison, Quarter, fidelity_comparison
from outcomes.selectors.figures import percent
from outcomes.selectors.programmes import financial_year_months, sharing_partnerships
from outcomes.selectors.scopes import scope_for_partnership
from outcomes.suppression import (
    COUNT_UNITS,
    EXPLANATION,
    NONE_TEXT,
    PLAIN_UNITS,
    WITHHELD_TEXT,
    Shown,
    present,
)

NOT_COMBINED = Shown("not combined", None)
TOTALS_NOTE = (
    "The programme total adds up the partnerships' figures (a percentage is worked out again from "
    "the added-up counts); means, medians and scores are not combined. A total is withheld when "
    "any partnership's figure in its row is hidden, so no hidden figure can be worked out from it."
)
# Cost avoided adds up across partnerships; an average per person does not.
ADDITIVE_MONEY = ("weekly_total", "annualised_total")

Key = tuple[int, str, str]  # (outcome, code, breakdown): one figure of the core data set


def _key(item: FigureRow | dict[str, Any]) -> Key:
    if isinstance(item, FigureRow):
        return (item.outcome, item.code, item.breakdown)
    return (item["outcome"], item["code"], item["breakdown"])


@dataclass
class PartnershipSet:
    """One sharing partnership's core data set for a month: ``records`` as its CSV shows them
    (suppressed), ``exact`` the same figures unsuppressed (only ever used to make totals)."""

    partnership: Partnership
    figures: OutcomeFigures
    records: list[dict[str, Any]]
    exact: dict[Key, FigureRow]
    by_key: dict[Key, dict[str, Any]] = field(init=False, repr=False)

    def shown(self, key: Key) -> Shown | None:
        record = self.by_key.get(key)
        if record is None:
            return None
        return Shown(record["shown"], record["value"], record["suppressed"])

    def __post_init__(self) -> None:
        self.by_key = {}
        for record in self.records:  # the first record of each key (headlines have one each)
            self.by_key.setdefault(_key(record), record)


def partnership_set(
    partnership: Partnership, *, month: Month, trend_months: int = 1, studies: bool = False
) -> PartnershipSet:
    """A partnership's core data set for ``month``, exactly as its own CSV makes it."""
    scope = scope_for_partnership(partnership=partnership)
    figures = outcome_figures(
        month=month,
        scope=scope,
        trend_months=trend_months,
        studies=studies_for_scope(scope=scope) if studies else None,
    )
    records = core_data_set_records(figures)
    exact = {_key(row): row for row in figure_rows(figures)}
    return PartnershipSet(partnership, figures, records, exact)


def _additive(row: FigureRow) -> bool:
    if row.unit in COUNT_UNITS or row.unit in PLAIN_UNITS:
        return True
    return row.unit == "gbp" and row.code.endswith(ADDITIVE_MONEY)


def combined(rows: list[FigureRow | None], *, any_hidden: bool) -> tuple[Shown, Any]:
    """The programme total of one figure from the partnerships' exact rows (``None`` where a
    partnership has no such row), shown as any figure is. Returns (shown, exact value)."""
    found = [row for row in rows if row is not None]
    if not found:
        return Shown(NONE_TEXT, None), None
    first = found[0]
    value: int | Decimal | None
    if _additive(first):
        values = [row.value for row in found if row.value is not None]
        value = sum(values) if values else None
        width = max(len(row.bases) for row in found)
        bases = tuple(sum(row.bases[i] or 0 for row in found if i < len(row.bases))
                      for i in range(width))  # fmt: skip
    elif first.unit == "percent" and all(len(row.bases) == 2 for row in found):
        numerator = sum(row.bases[0] or 0 for row in found)
        denominator = sum(row.bases[1] or 0 for row in found)
        value, bases = percent(numerator, denominator), (numerator, denominator)
    else:
        return NOT_COMBINED, None
    shown = present(value, unit=first.unit, bases=bases)
    if any_hidden and not shown.suppressed:
        return Shown(WITHHELD_TEXT, None, suppressed=True), value
    return shown, value


@dataclass(frozen=True)
class ProgrammeLine:
    """One headline figure across the partnerships: a cell per partnership and the total."""

    outcome: int
    code: str
    label: str
    unit: str
    cells: list[Shown]
    total: Shown


@dataclass(frozen=True)
class TrendTable:
    chart: TrendChart
    months: list[Month]
    rows: list[tuple[str, list[Shown]]]  # (partnership name, a cell per month), then the total


@dataclass(frozen=True)
class ProgrammeMonth:
    programme: Programme
    month: Month
    partnerships: list[Partnership]
    lines: list[ProgrammeLine]
    trends: list[TrendTable]
    fidelity: FidelityComparison
    totals_note: str = TOTALS_NOTE
    suppression_note: str = EXPLANATION

    @property
    def by_outcome(self) -> list[tuple[str, list[ProgrammeLine]]]:
        """The lines under their CLS outcome's heading, in outcome order."""
        groups: dict[int, list[ProgrammeLine]] = {}
        for line in self.lines:
            groups.setdefault(line.outcome, []).append(line)
        return [(f"{n}. {CLSOutcome(n).label}", groups[n]) for n in sorted(groups)]


def _headline_keys(sets: list[PartnershipSet]) -> list[tuple[Key, dict[str, Any]]]:
    """The headline figures (no breakdown: those differ by partnership) in the order the core
    data set gives them, each once, with the first record that names it."""
    seen: dict[Key, dict[str, Any]] = {}
    for one in sets:
        for record in one.records:
            if not record["breakdown"] and _key(record) not in seen:
                seen[_key(record)] = record
    return list(seen.items())


def programme_lines(sets: list[PartnershipSet]) -> list[ProgrammeLine]:
    lines = []
    for key, record in _headline_keys(sets):
        cells = [one.shown(key) or Shown(NONE_TEXT, None) for one in sets]
        total, _exact = combined(
            [one.exact.get(key) for one in sets], any_hidden=any(c.suppressed for c in cells)
        )
        lines.append(
            ProgrammeLine(
                record["outcome"], record["code"], record["label"], record["unit"], cells, total
            )
        )
    return lines


def programme_trends(sets: list[PartnershipSet]) -> list[TrendTable]:
    """Each trend chart's figure month by month, a row per partnership and the total."""
    if not sets:
        return []
    months = list(sets[0].figures.months)
    tables = []
    for chart in TREND_CHARTS:
        series = [[row for _month, row in trend(one.figures, chart.code)] for one in sets]
        rows = [(one.partnership.name, [row.shown for row in line])
                for one, line in zip(sets, series, strict=True)]  # fmt: skip
        totals = []
        for index in range(len(months)):
            column = [line[index] for line in series]
            hidden = any(row.shown.suppressed for row in column)
            totals.append(combined(list(column), any_hidden=hidden)[0])
        tables.append(TrendTable(chart, months, [*rows, ("Programme total", totals)]))
    return tables


def _dashboard_set(partnership: Partnership, *, month: Month) -> PartnershipSet:
    """A partnership's month with its 12-month trend: the figures its own dashboard shows, from
    the dashboard's cache when it is kept (beat keeps last month's warm for every partnership),
    so a programme page then reads no figures' queries at all."""
    scope = scope_for_partnership(partnership=partnership)
    figures = dashboard_context(month=month, scope=scope)["figures"]
    return PartnershipSet(
        partnership,
        figures,
        core_data_set_records(figures),
        {_key(row): row for row in figure_rows(figures)},
    )


def programme_month(
    *, programme: Programme, month: Month, trend_months: int = TREND_MONTHS
) -> ProgrammeMonth:
    """The programme page (and the annual report's tables) for ``month``: the core data set's
    queries once per sharing partnership (none when the dashboards are cached), whatever the
    number of figures or months."""
    partnerships = sharing_partnerships(programme=programme)
    if trend_months == TREND_MONTHS:
        sets = [_dashboard_set(p, month=month) for p in partnerships]
    else:
        sets = [partnership_set(p, month=month, trend_months=trend_months) for p in partnerships]
    return ProgrammeMonth(
        programme=programme,
        month=month,
        partnerships=partnerships,
        lines=programme_lines(sets),
        trends=programme_trends(sets),
        # The self-assessment beside the outcomes: the four quarters to the month's.
        fidelity=fidelity_comparison(partnerships=partnerships, last=Quarter.of(month.start)),
    )


def programme_records(*, programme: Programme, months: MonthRange) -> list[dict[str, Any]]:
    """The core data set of every sharing partnership for each month of ``months`` (its rows as
    its own CSV gives them, breakdowns and studies included), then the programme's totals of
    the headline figures (``scope_level`` "programme")."""
    partnerships = sharing_partnerships(programme=programme)
    records: list[dict[str, Any]] = []
    for month in months:
        sets = [partnership_set(p, month=month, studies=True) for p in partnerships]
        for one in sets:
            records += one.records
        for line in programme_lines(sets):
            records.append(
                {
                    "period": str(month),
                    "scope_level": "programme",
                    "scope_name": programme.name,
                    "outcome": line.outcome,
                    "code": line.code,
                    "label": line.label,
                    "breakdown": "",
                    "unit": line.unit,
                    "value": line.total.value,
                    "shown": line.total.text,
                    "suppressed": line.total.suppressed,
                }
            )
    return records


def programme_report_context(report: Report, *, generated_on: datetime.date) -> dict[str, Any]:
    """The annual report: the financial year's months (to the last full one), the partnerships
    sharing when it is made, the last month side by side and the year's trends."""
    first, last = financial_year_months(report.period.year, today=generated_on)
    months = MonthRange(first, last)
    view = programme_month(programme=report.programme, month=last, trend_months=len(months))
    return {
        "report": report,
        # Short, so the cover's title keeps to one line.
        "title": f"Annual report {first.year}–{(first.year + 1) % 100:02d}",
        # What the report's cover names as its place and month.
        "scope": {
            "name": report.programme.name,
            "partnership_name": report.programme.name,
            "level": "programme",
        },
        "month": last,
        "view": view,
        "first": first,
        "last": last,
        "generated_on": generated_on,
        "suppression_note": EXPLANATION,
    }
