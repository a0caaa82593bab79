"""Shaping the figures for people: everything about showing rather than computing.

- ``core_data_set``: every figure as a ``FigureRow`` (label, unit, what it was worked out from);
- ``published``: every row an output shows, suppressed together (primary and complementary:
  ``outcomes.suppression.protect``), the rows of a month, a figure's trend, and the core data
  set's columns (CSV and API);
- ``sections``: the six outcome sections of the dashboard and the outcomes PDF, and the
  waiting-list report's tables;
- ``dashboard``: what the dashboard shows for a month and place, and its cache.

The figures themselves are computed by ``outcomes.selectors`` (``core_data_set.outcome_figures``).
"""

from __future__ import annotations

from outcomes.presentation.core_data_set import TREND_CHARTS, FigureRow, outcome_one_rows
from outcomes.presentation.dashboard import (
    dashboard_context,
    dashboard_refresh,
    dashboards_refresh,
)
from outcomes.presentation.published import (
    Published,
    core_data_set_records,
    figure_rows,
    published,
    trend,
)
from outcomes.presentation.sections import (
    KEY_FIGURES,
    Chart,
    OutcomeSection,
    Table,
    key_figures,
    outcome_sections,
    wait_stats_table,
    waiting_lists_table,
    waiting_trend_table,
)

__all__ = [
    "KEY_FIGURES",
    "TREND_CHARTS",
    "Chart",
    "FigureRow",
    "OutcomeSection",
    "Published",
    "Table",
    "core_data_set_records",
    "dashboard_context",
    "dashboard_refresh",
    "dashboards_refresh",
    "figure_rows",
    "key_figures",
    "outcome_one_rows",
    "outcome_sections",
    "published",
    "trend",
    "wait_stats_table",
    "waiting_lists_table",
    "waiting_trend_table",
]
