"""Outcome 3's wellbeing change as core data set rows: for each item, the people with a change,
their mean change and the share who improved, for the whole place and by locality."""

from __future__ import annotations

from outcomes.presentation.core_data_set import FigureRow, key
from outcomes.reference import CLSOutcome
from outcomes.selectors.core_data_set import OutcomeFigures
from outcomes.suppression import Equation, total_of


def _where(locality: str) -> str:
    return f"locality: {locality}" if locality else ""


def wellbeing_rows(figures: OutcomeFigures) -> list[FigureRow]:
    three, month, rows = CLSOutcome.INDEPENDENCE, figures.month, []
    for code, lines in figures.wellbeing.items():
        for line in lines:
            change, where, label = line.change, _where(line.locality), line.item.label
            people = (key(month, f"{code}.people", where),)
            rows += [
                FigureRow(
                    three,
                    f"{code}.people",
                    f"Wellbeing change, {label}: people",
                    "people",
                    change.people,
                    breakdown=where,
                ),
                FigureRow(
                    three,
                    f"{code}.mean_change",
                    f"Wellbeing change, {label}: mean change",
                    "change",
                    change.mean_change,
                    (change.people,),
                    breakdown=where,
                    base_keys=people,
                ),
                FigureRow(
                    three,
                    f"{code}.improved_percent",
                    f"Wellbeing change, {label}: improved (% of people)",
                    "percent",
                    change.improved_share.percent,
                    (change.improved, change.people),
                    breakdown=where,
                    base_keys=people,
                ),
            ]
    return rows


def wellbeing_equations(figures: OutcomeFigures) -> list[Equation]:
    """The whole place's people with a change are the sum of its localities'."""
    month, out = figures.month, []
    for code, lines in figures.wellbeing.items():
        parts = [key(month, f"{code}.people", _where(line.locality)) for line in lines[1:]]
        if parts:
            out.append(total_of(key(month, f"{code}.people"), parts))
    return out
