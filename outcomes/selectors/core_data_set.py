"""The core data set's figures: every figure of a month and place (and the 11 months before it,
for trends), gathered in a fixed number of queries. Computing only: the rows, labels and
suppression the dashboard, PDF reports, CSV download and API show are in
``outcomes.presentation.core_data_set``.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass, field
from typing import Any

from hubs.models import Partnership
from outcomes.periods import Month, MonthRange, Scope
from outcomes.selectors import figures as f
from outcomes.selectors.cost_benefit import CostBenefitSummary, cost_benefit_summaries
from outcomes.selectors.figures.wellbeing import WellbeingLine, wellbeing_change
from outcomes.selectors.sql import DayStats
from peer_forum.selectors import (
    LedgerMonth,
    SavingsLedger,
    financial_year_start,
    savings_by_month,
    savings_ledger,
)

TREND_MONTHS = 12


@dataclass(frozen=True)
class OutcomeFigures:
    """All the figures of one month and place, with the months before it for trends."""

    month: Month
    scope: Scope
    months: MonthRange
    baseline: Month
    first_conversation: dict[Month, DayStats]
    support_in_place: dict[Month, DayStats]
    waiting: f.WaitingListFigures
    waiting_lines: list[f.WaitingListLine]
    footfall: dict[Month, f.Footfall]
    footfall_lines: list[f.FootfallLine]
    did_not_attend: dict[Month, int]
    signposting: dict[Month, f.SignpostMonth]
    signpost_categories: list[f.SignpostCategoryLine]
    reviews: dict[Month, f.ReviewMonth]
    stories: dict[int, f.StoryCounts]
    resolved: dict[Month, f.Share]
    contact_to_last: dict[Month, DayStats]
    pulse: dict[Month, f.PulseMonth]
    savings: SavingsLedger
    savings_year_to_date: SavingsLedger
    year_start: datetime.date
    studies: list[CostBenefitSummary]
    carers: dict[Month, int] = field(default_factory=dict)
    wellbeing: dict[str, list[WellbeingLine]] = field(default_factory=dict)
    # The financial year's months to this one, each with its year to date: what each earlier
    # month's outputs showed of the year to date, which this month's must not undo.
    savings_months: list[LedgerMonth] = field(default_factory=list)
    # What the presentation layer worked out from these figures once (e.g. which rows are
    # suppressed), so the dashboard's tables, charts and rows agree without working it twice.
    memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)


def outcome_figures(
    *,
    month: Month,
    scope: Scope,
    trend_months: int = TREND_MONTHS,
    baseline: Month | None = None,
    studies: list | None = None,
) -> OutcomeFigures:
    """Every figure for ``month`` in ``scope`` (and ``trend_months`` of history): about twenty
    queries whatever the size of the partnership or the length of the trend."""
    months = MonthRange.ending(month, trend_months)
    only = MonthRange.single(month)
    savings_here = functools.partial(
        savings_ledger,
        partnership_id=scope.partnership_id,
        # A hub's figures are the hub's; its locality is implied.
        locality_id=None if scope.hub_id else scope.locality_id,
        hub_id=scope.hub_id,
    )
    year_start = financial_year_start(month.end)
    return OutcomeFigures(
        month=month,
        scope=scope,
        months=months,
        baseline=baseline or f.default_baseline(month),
        first_conversation=f.wait_to_first_conversation(months=months, scope=scope),
        support_in_place=f.wait_to_support_in_place(months=months, scope=scope),
        waiting=f.waiting_list(months=months, scope=scope, baseline=baseline),
        waiting_lines=f.waiting_list_by_list(month=month, scope=scope, baseline=baseline),
        footfall=f.footfall(months=months, scope=scope),
        footfall_lines=f.footfall_by_hub_and_mode(months=only, scope=scope),
        did_not_attend=f.hub_appointments_not_attended(months=months, scope=scope),
        signposting=f.signposting(months=months, scope=scope),
        signpost_categories=f.signposting_by_category(month=month, scope=scope),
        reviews=f.personal_outcomes(months=months, scope=scope),
        stories=f.change_stories_by_outcome(months=only, scope=scope),
        resolved=f.resolved_at_first_contact(months=months, scope=scope),
        contact_to_last=f.contact_to_last_conversation(months=months, scope=scope),
        pulse=f.staff_pulse(months=months, scope=scope),
        savings=savings_here(start=month.start, end=month.end),
        savings_year_to_date=savings_here(start=year_start, end=month.end),
        year_start=year_start,
        savings_months=savings_by_month(
            partnership_id=scope.partnership_id,
            locality_id=None if scope.hub_id else scope.locality_id,
            hub_id=scope.hub_id,
            start=year_start,
            end=month.end,
        ),
        studies=cost_benefit_summaries(list(studies or [])),
        carers=f.carers_supported(months=months, scope=scope),
        wellbeing=wellbeing_change(
            month=month, scope=scope, swemwbs=_swemwbs_licensed(scope.partnership_id)
        ),
    )


def _swemwbs_licensed(partnership_id: int) -> bool:
    """SWEMWBS is shown only where the partnership holds the licence (as it is recorded)."""
    partnership = Partnership.objects.filter(pk=partnership_id).first()
    return partnership is not None and partnership.holds_swemwbs_licence
