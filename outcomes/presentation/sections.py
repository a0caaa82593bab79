"""The six outcome sections the dashboard and the outcomes PDF show (headline rows, trend charts,
tables), and the waiting-list report's tables. Everything here has already been through
``outcomes.suppression.present`` (via ``FigureRow.shown``), so templates only print text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from outcomes.presentation.core_data_set import TREND_CHARTS, FigureRow, figure_rows, trend
from outcomes.reference import PULSE_ITEMS, SHORT_TITLES, CLSOutcome
from outcomes.selectors.core_data_set import OutcomeFigures
from outcomes.selectors.figures import percent
from outcomes.selectors.sql import DayStats
from outcomes.suppression import present


@dataclass(frozen=True)
class Table:
    """A simple table: the first column is a row heading (``<th scope="row">``)."""

    caption: str
    columns: list[str]
    rows: list[list[str]]
    empty: str = "Nothing recorded for this month."
    numeric_from: int = 1  # columns from this index on hold figures (right-aligned)


@dataclass(frozen=True)
class Chart:
    title: str
    svg: str
    points: list[tuple[str, str]]  # (month label, value as shown)

    @property
    def data_uri(self) -> str:
        from outcomes.charts import as_data_uri

        return as_data_uri(self.svg)


@dataclass
class OutcomeSection:
    number: int
    short_title: str
    title: str
    rows: list[FigureRow] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"outcome-{self.number}"


def _is_headline(row: FigureRow) -> bool:
    return not row.breakdown and row.code.count(".") <= 1


def _text(value, unit: str, bases=()) -> str:
    return present(value, unit=unit, bases=bases).text


def build_charts(figures: OutcomeFigures) -> dict[int, list[Chart]]:
    """The 12-month trend charts, by outcome. matplotlib is imported only when charts are drawn."""
    from outcomes.charts import trend_svg

    charts: dict[int, list[Chart]] = {}
    for spec in TREND_CHARTS:
        series = trend(figures, spec.code)
        shown = [(month, row.shown) for month, row in series]
        charts.setdefault(spec.outcome, []).append(
            Chart(
                title=spec.title,
                svg=trend_svg(
                    title=spec.title,
                    labels=[month.short_label for month, _ in shown],
                    values=[item.value for _, item in shown],
                    kind="line" if spec.unit in {"days", "percent", "score"} else "bar",
                    ceiling={"percent": 100, "score": 5}.get(spec.unit),
                    key=spec.code,
                    description="Months with fewer than 5 records are left blank. "
                    "The values are in the table that follows.",
                ),
                points=[(month.label, item.text) for month, item in shown],
            )
        )
    return charts


def outcome_sections(figures: OutcomeFigures, *, with_charts: bool = True) -> list[OutcomeSection]:
    """The six outcomes, each with its headline rows, trend charts and tables."""
    sections = {
        number: OutcomeSection(number, SHORT_TITLES[number], CLSOutcome(number).label)
        for number in CLSOutcome.values
    }
    for row in figure_rows(figures, breakdowns=False):
        if _is_headline(row):
            sections[row.outcome].rows.append(row)
    if with_charts:
        for number, charts in build_charts(figures).items():
            sections[number].charts = charts
    sections[1].tables = [waiting_lists_table(figures), footfall_table(figures)]
    sections[2].tables = [signposts_table(figures)]
    sections[5].tables = [pulse_table(figures)]
    sections[6].tables = [savings_table(figures), studies_table(figures)]
    return list(sections.values())


def waiting_lists_table(figures: OutcomeFigures) -> Table:
    return Table(
        caption="Waiting lists",
        columns=[
            "List",
            "On the list at the month's end",
            "Added",
            "Taken off",
            f"On the list at the end of {figures.month.previous.label}",
            f"On the list at the end of {figures.baseline.label}",
        ],
        rows=[
            [
                line.name,
                _text(line.month.open_at_end, "entries"),
                _text(line.month.added, "entries"),
                _text(line.month.removed, "entries"),
                _text(line.previous_open, "entries"),
                _text(line.baseline_open, "entries"),
            ]
            for line in figures.waiting_lines
        ],
        empty="No waiting-list entries in this place yet.",
    )


def footfall_table(figures: OutcomeFigures) -> Table:
    return Table(
        caption="Footfall by hub and kind of session",
        columns=["Hub", "Kind of session", "Sessions", "People seen"],
        numeric_from=2,
        rows=[
            [
                line.hub_name,
                line.mode_label,
                _text(line.footfall.sessions, "sessions"),
                _text(line.footfall.total, "people"),
            ]
            for line in figures.footfall_lines
        ],
        empty="No hub sessions this month.",
    )


def signposts_table(figures: OutcomeFigures) -> Table:
    return Table(
        caption="Signposts by kind of community solution",
        columns=["Kind of solution", "Signposts made", "Take-up rate"],
        rows=[
            [
                line.category,
                _text(line.made, "signposts"),
                _text(
                    line.take_up.percent,
                    "percent",
                    (line.take_up.numerator, line.take_up.denominator),
                ),
            ]
            for line in figures.signpost_categories
        ],
        empty="No signposts made or followed up this month.",
    )


def pulse_table(figures: OutcomeFigures) -> Table:
    pulse = figures.pulse[figures.month]
    rows = []
    for item, statement in PULSE_ITEMS.items() if pulse.responses else ():
        agreed = pulse.agreed.get(item, 0)
        rows.append(
            [
                statement,
                _text(pulse.means.get(item), "score", (pulse.responses,)),
                _text(percent(agreed, pulse.responses), "percent", (agreed, pulse.responses)),
            ]
        )
    return Table(
        caption="Staff pulse statements (1 strongly disagree – 5 strongly agree)",
        columns=["Statement", "Mean score", "Agree or strongly agree"],
        rows=rows,
        empty="No one answered the staff pulse this month.",
    )


def savings_table(figures: OutcomeFigures) -> Table:
    rows = []
    for ledger, when in (
        (figures.savings, figures.month.label),
        (figures.savings_year_to_date, f"{figures.year_start:%B %Y} to {figures.month.label}"),
    ):
        for line in ledger.lines:
            base = (line.count,)
            rows.append(
                [
                    f"{line.label}, {when}",
                    _text(line.count, "requests"),
                    _text(line.weekly_saving, "gbp", base),
                    _text(line.annualised_saving, "gbp", base),
                ]
            )
    return Table(
        caption="Peer-forum cost avoided, by kind of support",
        columns=["Kind of support and period", "Approved", "Weekly", "Annualised"],
        rows=rows,
    )


def studies_table(figures: OutcomeFigures) -> Table:
    rows = []
    for summary in figures.studies:
        study = summary.study
        bases = (summary.people_seen, study.people_avoiding_budget)
        rows.append(
            [
                f"{study.name} ({study.period_start:%b %Y} – {study.period_end:%b %Y})",
                _text(summary.total_costs, "gbp"),
                _text(summary.total_benefits, "gbp", bases),
                _text(summary.ratio, "ratio", bases),
            ]
        )
    return Table(
        caption="Cost-benefit studies",
        columns=["Study", "Costs", "Costs avoided", "Benefit–cost ratio"],
        rows=rows,
        empty="No cost-benefit studies for this place yet.",
    )


# --- the waiting-list report -----------------------------------------------------------------


def wait_stats_table(caption: str, groups: list[tuple[str, DayStats]]) -> Table:
    rows = []
    for label, stats in groups:
        base = (stats.count,)
        rows.append(
            [
                label,
                _text(stats.count, "entries"),
                _text(stats.median, "days", base),
                _text(stats.p90, "days", base),
                _text(stats.longest, "days", base),
            ]
        )
    return Table(
        caption=caption,
        columns=["", "People", "Median wait", "90th percentile", "Longest"],
        rows=rows,
    )


def waiting_trend_table(figures: OutcomeFigures) -> Table:
    rows = []
    for month in figures.months:
        point = figures.waiting.by_month[month]
        rows.append(
            [
                month.label,
                _text(point.open_at_end, "entries"),
                _text(point.added, "entries"),
                _text(point.removed, "entries"),
            ]
        )
    return Table(
        caption="Waiting lists month by month",
        columns=["Month", "On a list at the month's end", "Added", "Taken off"],
        rows=rows,
    )


# One or two figures per outcome for "at a glance" (the dashboard's top and the PDF's summary).
KEY_FIGURES: list[str] = [
    "wait_first_conversation.median_days",
    "waiting_list.open_at_end",
    "footfall.total",
    "signposts.made",
    "signposts.take_up_percent",
    "personal_outcomes.met_percent",
    "episodes.resolved_first_contact_percent",
    "staff_pulse.overall_mean",
    "savings.annualised_total",
    "savings_year_to_date.annualised_total",
]


def key_figures(sections: list[OutcomeSection]) -> list[tuple[OutcomeSection, FigureRow]]:
    by_code = {row.code: (section, row) for section in sections for row in section.rows}
    return [by_code[code] for code in KEY_FIGURES if code in by_code]
