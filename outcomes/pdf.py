"""Rendering a report to PDF bytes with WeasyPrint (no database writes here).

The HTML comes from ``templates/outcomes/pdf/``; charts are inline SVG (vector). The output is
deterministic for the same figures and the same day: WeasyPrint writes no timestamps of its own,
the charts have fixed ids, and the only date printed is the day the figures were taken.
"""

from __future__ import annotations

import calendar
import datetime
import logging
import os

from django.template.loader import render_to_string

from outcomes.models import Report
from outcomes.periods import Month, Scope
from outcomes.presentation import (
    key_figures,
    outcome_sections,
    published,
    trend,
    wait_stats_table,
    waiting_lists_table,
    waiting_trend_table,
)
from outcomes.presentation.board import summary_lines, summary_since
from outcomes.selectors.core_data_set import OutcomeFigures, outcome_figures
from outcomes.selectors.cost_benefit import studies_for_scope
from outcomes.selectors.fidelity import fidelity_trend
from outcomes.selectors.figures import waiting_list_waits
from outcomes.selectors.reports import shareable_stories
from outcomes.selectors.scopes import scope_for_partnership
from outcomes.selectors.targets import targets_for
from outcomes.suppression import EXPLANATION

# WeasyPrint narrates every step at INFO; the workers' logs only need its warnings.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def report_scope(report: Report) -> Scope:
    return scope_for_partnership(
        partnership=report.partnership, locality=report.locality, hub=report.hub
    )


def report_title(report: Report) -> str:
    return f"{report.get_kind_display()}: {report.period_label}"


def report_html(report: Report, *, generated_on: datetime.date) -> str:
    """The report as HTML for WeasyPrint: figures, tables and charts for its month and place."""
    if report.kind == Report.Kind.PROGRAMME_YEAR:
        from outcomes.presentation.programme import programme_report_context

        context = programme_report_context(report, generated_on=generated_on)
        return render_to_string("outcomes/pdf/programme_report.html", context)
    scope = report_scope(report)
    month = Month.of(report.period)
    baseline = Month.of(report.baseline) if report.baseline else None
    figures = outcome_figures(
        month=month,
        scope=scope,
        baseline=baseline,
        studies=studies_for_scope(scope=scope) if report.kind == Report.Kind.OUTCOMES else None,
    )
    context = {
        "report": report,
        "title": report_title(report),
        "scope": scope,
        "month": month,
        "figures": figures,
        "generated_on": generated_on,
        "suppression_note": EXPLANATION,
    }
    if report.kind == Report.Kind.OUTCOMES:
        context["sections"] = outcome_sections(figures)
        context["glance"] = key_figures(context["sections"])
        context["stories"] = shareable_stories(scope=scope, month=month)
        context |= summary_context(figures)
        template = "outcomes/pdf/outcomes_report.html"
    else:
        context |= waiting_list_context(figures, month)
        template = "outcomes/pdf/waiting_list_report.html"
    return render_to_string(template, context)


def summary_context(figures: OutcomeFigures) -> dict:
    """The report's first page: the figures in words, rated against the partnership's targets,
    and the fidelity self-assessment's trend."""
    targets = targets_for(partnership_id=figures.scope.partnership_id)
    lines = summary_lines(figures, targets=targets)
    return {
        "summary": lines,
        "summary_since": summary_since(figures),
        "targets_set": bool(targets),
        "fidelity": fidelity_trend(partnership_id=figures.scope.partnership_id),
    }


WAITING_GLANCE = [
    "waiting_list.open_at_end",
    "waiting_list.urgent_open_at_end",
    "waiting_list.added",
    "waiting_list.removed",
    "waiting_list.change_on_previous",
    "waiting_list.percent_change_on_previous",
    "waiting_list.change_on_baseline",
    "waiting_list.percent_change_on_baseline",
]


def waiting_list_context(figures: OutcomeFigures, month: Month) -> dict:
    """The waiting-list report's figures: headline rows, lists, waits and the 12-month trend."""
    from outcomes.charts import as_data_uri, trend_svg

    waits = waiting_list_waits(month=month, scope=figures.scope)
    series = trend(figures, "waiting_list.open_at_end")
    shown = published(figures)
    # The waits tables count the same people as the month's open and taken-off figures.
    protected = (shown.row(month, "waiting_list.open_at_end").shown.suppressed,
                 shown.row(month, "waiting_list.removed").shown.suppressed)  # fmt: skip
    return {
        "glance": [shown.row(month, code) for code in WAITING_GLANCE],
        "lists": waiting_lists_table(figures),
        "waits": wait_stats_table(
            "How long people have waited",
            [
                (f"Still waiting at the end of {month.label}", waits.still_waiting),
                (f"Taken off a list in {month.label}", waits.removed),
            ],
            protected,
        ),
        "trend_table": waiting_trend_table(figures),
        "trend_chart": as_data_uri(
            trend_svg(
                title="People on a waiting list at each month's end",
                labels=[m.short_label for m, _row in series],
                values=[row.shown.value for _m, row in series],
                kind="bar",
                description="Months with fewer than 5 people are left blank; "
                "the values are in the table that follows.",
                key="waiting-trend",
            )
        ),
    }


def render_report_pdf(report: Report, *, generated_on: datetime.date) -> bytes:
    from weasyprint import HTML  # imported here: loading Pango is slow and only workers need it

    html = report_html(report, generated_on=generated_on)
    # The embedded font subsets carry a "modified" time, which fontTools takes from
    # SOURCE_DATE_EPOCH when set: the report's day, so a month and place rerun give the same
    # file byte for byte (the checksum says so).
    epoch = calendar.timegm(generated_on.timetuple())
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        return HTML(string=html, base_url=None).write_pdf()
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before
