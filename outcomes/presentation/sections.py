"""The six outcome sections the dashboard and the outcomes PDF show (headline rows, trend charts,
tables), and the waiting-list report's tables. Every cell is read from
``outcomes.presentation.published`` (primary and complementary suppression, the same in every
table of an output), so templates only print text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from outcomes.presentation.core_data_set import TREND_CHARTS, FigureRow
from outcomes.presentation.published import figure_rows, published, trend
from outcomes.reference import PULSE_ITEMS, SHORT_TITLES, CLSOutcome
from outcomes.selectors.core_data_set import OutcomeFigures
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
    """The 12-month trend charts, by outcome, drawn once per ``OutcomeFigures`` (kept in its
    memo, so a rollup keeps them drawn: drawing is most of a dashboard's time). matplotlib is
    imported only when charts are drawn."""
    if "charts" not in figures.memo:
        figures.memo["charts"] = _draw_charts(figures)
    return figures.memo["charts"]


def _draw_charts(figures: OutcomeFigures) -> dict[int, list[Chart]]:
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
    sections[3].tables = [wellbeing_table(figures)]
    sections[5].tables = [pulse_table(figures)]
    sections[6].tables = [savings_table(figures), studies_table(figures)]
    return list(sections.values())


def waiting_lists_table(figures: OutcomeFigures) -> Table:
    shown, month = published(figures), figures.month
    previous, baseline = month.previous, figures.waiting.baseline_month
    code = "waiting_list.open_at_end"
    return Table(
        caption="Waiting lists",
        columns=[
            "List",
            "On the list at the month's end",
            "Added",
            "Taken off",
            f"On the list at the end of {previous.label}",
            f"On the list at the end of {baseline.label}",
        ],
        rows=[
            [
                line.name,
                shown.text(month, code, f"list: {line.name}"),
                shown.text(month, "waiting_list.added", f"list: {line.name}"),
                shown.text(month, "waiting_list.removed", f"list: {line.name}"),
                shown.text(previous, code, f"list: {line.name}"),
                shown.text(baseline, code, f"list: {line.name}"),
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
                published(figures).text(
                    figures.month,
                    "footfall.total",
                    f"hub: {line.hub_name}; mode: {line.mode_label}",
                ),
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
                published(figures).text(
                    figures.month, "signposts.made", f"category: {line.category}"
                ),
                published(figures).text(
                    figures.month, "signposts.take_up_percent", f"category: {line.category}"
                ),
            ]
            for line in figures.signpost_categories
        ],
        empty="No signposts made or followed up this month.",
    )


def pulse_table(figures: OutcomeFigures) -> Table:
    pulse, shown, month = figures.pulse[figures.month], published(figures), figures.month
    rows = [
        [
            statement,
            shown.text(month, f"staff_pulse.{item}.mean"),
            shown.text(month, f"staff_pulse.{item}.agree_percent"),
        ]
        for item, statement in (PULSE_ITEMS.items() if pulse.responses else ())
    ]
    return Table(
        caption="Staff pulse statements (1 strongly disagree – 5 strongly agree)",
        columns=["Statement", "Mean score", "Agree or strongly agree"],
        rows=rows,
        empty="No one answered the staff pulse this month.",
    )


def savings_table(figures: OutcomeFigures) -> Table:
    shown, month, rows = published(figures), figures.month, []
    for code, ledger, when, label in (
        ("savings", figures.savings, "this month", month.label),
        ("savings_year_to_date", figures.savings_year_to_date, "financial year to date",
         f"{figures.year_start:%B %Y} to {month.label}"),
    ):  # fmt: skip
        for line in ledger.lines:
            kind, where = f"{code}.{line.intervention_type}", f"{when}: {line.label}"
            rows.append(
                [
                    f"{line.label}, {label}",
                    shown.text(month, f"{kind}.approved_requests", where),
                    shown.text(month, f"{kind}.weekly", where),
                    shown.text(month, f"{kind}.annualised", where),
                ]
            )
    return Table(
        caption="Peer-forum cost avoided, by kind of support",
        columns=["Kind of support and period", "Approved", "Weekly", "Annualised"],
        rows=rows,
    )


def studies_table(figures: OutcomeFigures) -> Table:
    shown, month, rows = published(figures), figures.month, []
    for summary in figures.studies:
        study = summary.study
        where = f"study: {study.name}"
        rows.append(
            [
                f"{study.name} ({study.period_start:%b %Y} – {study.period_end:%b %Y})",
                shown.text(month, "cost_benefit.total_costs", where),
                shown.text(month, "cost_benefit.total_benefits", where),
                shown.text(month, "cost_benefit.ratio", where),
            ]
        )
    return Table(
        caption="Cost-benefit studies",
        columns=["Study", "Costs", "Costs avoided", "Benefit–cost ratio"],
        rows=rows,
        empty="No cost-benefit studies for this place yet.",
    )


def _anyone_changed(figures: OutcomeFigures) -> bool:
    return any(line.change.people for lines in figures.wellbeing.values() for line in lines)


def wellbeing_table(figures: OutcomeFigures) -> Table:
    """Wellbeing change from first to latest score, by item and locality."""
    shown, month, rows = published(figures), figures.month, []
    for code, lines in figures.wellbeing.items():
        for line in lines:
            where = f"locality: {line.locality}" if line.locality else ""
            rows.append(
                [
                    f"{line.item.label}, {line.locality or 'all'}",
                    shown.text(month, f"{code}.people", where),
                    shown.text(month, f"{code}.mean_change", where),
                    shown.text(month, f"{code}.improved_percent", where),
                ]
            )
    return Table(
        caption="Wellbeing change (people with two or more scores, first to latest)",
        columns=["Measure and locality", "People", "Mean change", "Improved"],
        rows=rows
        if any(line.change.people for lines in figures.wellbeing.values() for line in lines)
        else [],
        empty="No one had a second wellbeing score this month.",
    )


# --- the waiting-list report -----------------------------------------------------------------


def wait_stats_table(
    caption: str, groups: list[tuple[str, DayStats]], protected: tuple[bool, ...] = ()
) -> Table:
    """``protected``: for each group, whether its count is a cell another table hides to protect
    a hidden figure (then its waits are withheld too)."""
    rows = []
    for index, (label, stats) in enumerate(groups):
        base = (stats.count,)
        hide = index < len(protected) and protected[index]
        rows.append(
            [
                label,
                present(stats.count, unit="entries", protected=hide).text,
                present(stats.median, unit="days", bases=base, protected=hide).text,
                present(stats.p90, unit="days", bases=base, protected=hide).text,
                present(stats.longest, unit="days", bases=base, protected=hide).text,
            ]
        )
    return Table(
        caption=caption,
        columns=["", "People", "Median wait", "90th percentile", "Longest"],
        rows=rows,
    )


def waiting_trend_table(figures: OutcomeFigures) -> Table:
    shown = published(figures)
    rows = [
        [
            month.label,
            shown.text(month, "waiting_list.open_at_end"),
            shown.text(month, "waiting_list.added"),
            shown.text(month, "waiting_list.removed"),
        ]
        for month in figures.months
    ]
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
