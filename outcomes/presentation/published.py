"""Every figure one output shows, suppressed together (README "Small-number suppression").

An output (the dashboard, an outcomes or waiting-list PDF, the core data set as CSV or API) shows
the chosen month's rows, the tables that break them down, the trend months before them and the
financial year to date. ``published`` gathers all of those rows, names each with one ``key``
(month, code, breakdown), writes down the identities that tie them (a total is the sum of its
parts; a month's waiting list is the month before's plus those added less those taken off; the
year to date is the month plus the month before's year to date, as that month's outputs showed
it) and asks
``outcomes.suppression.protect`` which to hide. Every output reads its cells from here, so the
same figure is hidden in every table of it, and all outputs of a month and place hide the same.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from outcomes.periods import Month
from outcomes.presentation.core_data_set import (
    LEDGERS,
    MONTHLY_ROWS,
    FigureRow,
    _story_row,
    breakdown_rows,
    key,
    ledger_rows,
    outcome_six_rows,
)
from outcomes.presentation.wellbeing_rows import wellbeing_equations, wellbeing_rows
from outcomes.reference import CLSOutcome
from outcomes.selectors.core_data_set import OutcomeFigures
from outcomes.suppression import Cell, Equation, Shown, protect, total_of
from peer_forum.selectors import LedgerLine

OPEN, ADDED, REMOVED = "waiting_list.open_at_end", "waiting_list.added", "waiting_list.removed"
LEDGER_TOTALS = {
    "approved_requests": "approved_requests",
    "weekly": "weekly_total",
    "annualised": "annualised_total",
}


@dataclass(frozen=True)
class Published:
    """The rows of one output by key, each already marked ``hidden`` where protection hides it."""

    rows: dict[str, FigureRow]
    # The chosen month's keys in the order its rows are listed (with and without the breakdown
    # tables), kept so a page shown from a rollup need not build the rows again.
    chosen: tuple[str, ...] = ()
    chosen_headline: tuple[str, ...] = ()

    def row(self, period: object, code: str, breakdown: str = "") -> FigureRow:
        return self.rows[key(period, code, breakdown)]

    def shown(self, period: object, code: str, breakdown: str = "") -> Shown:
        return self.row(period, code, breakdown).shown

    def text(self, period: object, code: str, breakdown: str = "") -> str:
        return self.shown(period, code, breakdown).text


def _stamp(rows: Iterable[FigureRow], month: Month) -> list[FigureRow]:
    return [row if row.period else replace(row, period=str(month)) for row in rows]


def chosen_month_rows(figures: OutcomeFigures, *, breakdowns: bool = True) -> list[FigureRow]:
    """The chosen month's rows (what the CSV and API list), before protection."""
    month = figures.month
    rows = [row for build in MONTHLY_ROWS for row in build(figures, month)]
    rows += [
        row for outcome, counts in figures.stories.items() for row in _story_row(outcome, counts)
    ]
    rows += wellbeing_rows(figures)
    rows += outcome_six_rows(figures)
    if breakdowns:
        rows += breakdown_rows(figures)
    return _stamp(rows, month)


def _table_only_rows(figures: OutcomeFigures) -> list[FigureRow]:
    """Cells only the waiting-list table shows: each list a month before and at the baseline,
    and the baseline's own total (the change on the baseline gives it away)."""
    one, rows = CLSOutcome.ACCESS, []
    previous, baseline = figures.month.previous, figures.waiting.baseline_month
    for line in figures.waiting_lines:
        where = f"list: {line.name}"
        rows += [
            FigureRow(
                one,
                OPEN,
                "Waiting: on the list",
                "entries",
                line.previous_open,
                breakdown=where,
                period=str(previous),
            ),
            FigureRow(
                one,
                OPEN,
                "Waiting: on the list",
                "entries",
                line.baseline_open,
                breakdown=where,
                period=str(baseline),
            ),
        ]
    if previous not in figures.months:
        rows.append(
            FigureRow(
                one,
                OPEN,
                "Waiting",
                "entries",
                figures.waiting.previous.open_at_end,
                period=str(previous),
            )
        )
    if baseline not in figures.months:
        rows.append(
            FigureRow(
                one,
                OPEN,
                "Waiting",
                "entries",
                figures.waiting.baseline.open_at_end,
                period=str(baseline),
            )
        )
    return rows


def _all_rows(figures: OutcomeFigures) -> list[FigureRow]:
    rows = chosen_month_rows(figures)
    for month in figures.months:
        if month != figures.month:
            rows += _stamp((row for build in MONTHLY_ROWS for row in build(figures, month)), month)
    rows += _table_only_rows(figures)
    unique: dict[str, FigureRow] = {}
    for row in rows:  # a row met twice is the same figure (e.g. the baseline inside the trend)
        unique.setdefault(row.key, row)
    return list(unique.values())


def equations(figures: OutcomeFigures) -> list[Equation]:
    """The identities between the figures an output shows, which a reader could use."""
    month, out = figures.month, []
    for each in figures.months:
        out.append(
            total_of(
                key(each, "footfall.total"),
                [key(each, "footfall.named"), key(each, "footfall.anonymous")],
            )
        )
        out.append(
            total_of(
                key(each, "personal_outcomes.reviewed"),
                [
                    key(each, f"personal_outcomes.{part}")
                    for part in ("met", "partly_met", "not_met")
                ],
            )
        )
        # On the list at a month's end = at the month before's end + added − taken off.
        out.append(
            {
                key(each, OPEN): 1,
                key(each.previous, OPEN): -1,
                key(each, ADDED): -1,
                key(each, REMOVED): 1,
            }
        )
    lists = [f"list: {line.name}" for line in figures.waiting_lines]
    previous, baseline = month.previous, figures.waiting.baseline_month
    for period, code in (
        (month, OPEN),
        (month, ADDED),
        (month, REMOVED),
        (previous, OPEN),
        (baseline, OPEN),
    ):
        if lists:
            out.append(total_of(key(period, code), [key(period, code, where) for where in lists]))
    for where in lists:
        out.append(
            {
                key(month, OPEN, where): 1,
                key(previous, OPEN, where): -1,
                key(month, ADDED, where): -1,
                key(month, REMOVED, where): 1,
            }
        )
    footfall = [f"hub: {line.hub_name}; mode: {line.mode_label}" for line in figures.footfall_lines]
    if footfall:
        out.append(
            total_of(
                key(month, "footfall.total"),
                [key(month, "footfall.total", where) for where in footfall],
            )
        )
    categories = [f"category: {line.category}" for line in figures.signpost_categories]
    if categories:
        out.append(
            total_of(
                key(month, "signposts.made"),
                [key(month, "signposts.made", where) for where in categories],
            )
        )
    earlier = month.previous if figures.savings_months[:-1] else None
    ledgers = (figures.savings.lines, figures.savings_year_to_date.lines)
    out += _ledger_equations(month, ledgers, earlier)
    out += wellbeing_equations(figures)
    return out


def _ledger_equations(
    month: Month,
    ledgers: tuple[list[LedgerLine], list[LedgerLine]],
    earlier: Month | None,
) -> list[Equation]:
    """Each ledger's totals are the sums of its lines (``ledgers``: the month's lines and the
    year to date's); and, cell for cell, the year to date is the month plus the year to date
    of the month before (``earlier``, shown by that month's outputs; none in April, the
    financial year's first month, where the year to date is the month)."""
    out = []
    for lines, (code, when) in zip(ledgers, LEDGERS, strict=True):
        for part, total in LEDGER_TOTALS.items():
            out.append(
                total_of(
                    key(month, f"{code}.{total}"),
                    [
                        key(
                            month,
                            f"{code}.{line.intervention_type}.{part}",
                            f"{when}: {line.label}",
                        )
                        for line in lines
                    ],
                )
            )
    (this, this_when), (to_date, to_date_when) = LEDGERS
    ties = [(total, "") for total in LEDGER_TOTALS.values()]
    ties += [(f"{line.intervention_type}.{part}", line.label)
             for line in ledgers[0] for part in LEDGER_TOTALS]  # fmt: skip
    for code, label in ties:
        # The year to date = this month + the year to date of the month before.
        year = key(month, f"{to_date}.{code}", f"{to_date_when}: {label}" if label else "")
        equation = {
            year: 1,
            key(month, f"{this}.{code}", f"{this_when}: {label}" if label else ""): -1,
        }
        if earlier is not None:
            before = key(earlier, f"{to_date}.{code}", f"{to_date_when}: {label}" if label else "")
            equation[before] = -1
        out.append(equation)
    return out


def earlier_year_to_date(figures: OutcomeFigures) -> list[Cell]:
    """The year to date of the month before, as that month's outputs showed it (each cell shown
    or hidden: ``decided``), worked out month by month from the financial year's first month
    with the same rule. The ledger's cells are tied to no other figure, so its part of each
    month's protection depends on the ledger alone."""
    decided: list[Cell] = []
    earlier: Month | None = None
    for ledger_month in figures.savings_months[:-1]:
        month = Month.of(ledger_month.month_start)
        rows = ledger_rows(ledger_month.lines, *LEDGERS[0], period=str(month))
        to_date = ledger_rows(ledger_month.to_date, *LEDGERS[1], period=str(month))
        hidden = protect(
            [*(row.cell for row in [*rows, *to_date]), *decided],
            _ledger_equations(month, (ledger_month.lines, ledger_month.to_date), earlier),
        )
        decided = [replace(row.cell, group="", decided=row.key in hidden) for row in to_date]
        earlier = month
    return decided


def published(figures: OutcomeFigures) -> Published:
    """Every row the outputs of this month and place show, protected together (worked out once
    per ``OutcomeFigures``)."""
    memo: dict[str, Any] = figures.memo
    if "published" not in memo:
        rows = _all_rows(figures)
        cells = [*(row.cell for row in rows), *earlier_year_to_date(figures)]
        hidden = protect(cells, equations(figures))
        memo["published"] = Published(
            {row.key: replace(row, hidden=row.key in hidden) for row in rows},
            chosen=tuple(row.key for row in chosen_month_rows(figures)),
            chosen_headline=tuple(row.key for row in chosen_month_rows(figures, breakdowns=False)),
        )
    return memo["published"]


def figure_rows(figures: OutcomeFigures, *, breakdowns: bool = True) -> list[FigureRow]:
    """Every row of the chosen month as it may be shown, headline figures first, by outcome."""
    shown = published(figures)
    keys = shown.chosen if breakdowns else shown.chosen_headline
    rows = [shown.rows[key] for key in keys]
    return sorted(rows, key=lambda row: (row.outcome, bool(row.breakdown)))


def trend(figures: OutcomeFigures, code: str) -> list[tuple[Month, FigureRow]]:
    """One headline figure month by month over the trend (for a chart and its table)."""
    shown = published(figures)
    return [(month, shown.row(month, code)) for month in figures.months]


def core_data_set_records(figures: OutcomeFigures) -> list[dict[str, Any]]:
    """The chosen month's rows as the core data set's columns (the CSV download and the API):
    ``value`` is the figure as shown (None when suppressed or not measured)."""
    month, scope = figures.month, figures.scope
    records = []
    for row in figure_rows(figures):
        shown = row.shown
        records.append(
            {
                "period": str(month),
                "scope_level": scope.level,
                "scope_name": scope.name,
                "outcome": row.outcome,
                "code": row.code,
                "label": row.label,
                "breakdown": row.breakdown,
                "unit": row.unit,
                "value": shown.value,
                "shown": shown.text,
                "suppressed": shown.suppressed,
            }
        )
    return records
