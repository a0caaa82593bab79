"""Outcome 6 in the core data set: the peer-forum cost avoided of DESIGN §4, filed under outcome 6
and shown through small-number suppression (the ledger itself is tested in tests/peer_forum).

March 2026, North: five long-term approvals of £400.00 a week against £100.00 approved (weekly
saving £300.00 each), and two short-term approvals for 6 weeks of £200.00 against £50.00
(£150.00 a week, × 6 = £900.00 each). By hand:

  long-term:  5 requests, weekly 5 × 300 = £1,500.00, annualised 5 × 300 × 52.14 = £78,210.00,
              5 people, so £15,642.00 a person;
  short-term: 2 requests (shown "<5"; their savings withheld), weekly £300.00, annualised £1,800.00;
  totals:     7 requests, weekly £1,800.00, annualised £80,010.00.

The totals are shown, so the short-term line could be worked out as total − long-term − one-off:
complementary suppression also hides the long-term line (the smallest non-zero other part; the
one-off line is 0) and the average per long-term person worked out from it.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from outcomes.periods import Month, Scope
from outcomes.presentation import figure_rows
from outcomes.selectors.core_data_set import outcome_figures
from tests.factories import EpisodeFactory, PersonFactory
from tests.peer_forum.factories import FundingRequestFactory, decide

MARCH = Month(2026, 3)
D = Decimal


@pytest.fixture
def approvals(world):
    def approve(on=datetime.date(2026, 3, 16), **kwargs):
        person = PersonFactory(locality=world.locality)
        request = FundingRequestFactory(
            episode=EpisodeFactory(person=person), submitted_on=datetime.date(2026, 2, 1), **kwargs
        )
        decide(request, on=on)

    for _ in range(5):
        approve(counterfactual_weekly_cost=D("400.00"), proposed_weekly_cost=D("100.00"))
    for _ in range(2):
        approve(
            short_term=True,
            short_term_weeks=6,
            counterfactual_weekly_cost=D("200.00"),
            proposed_weekly_cost=D("50.00"),
        )
    # An approval in February does not count in March (but does in the year to date).
    approve(
        on=datetime.date(2026, 2, 10),
        counterfactual_weekly_cost=D("400.00"),
        proposed_weekly_cost=D("100.00"),
    )


def _rows(world) -> dict[tuple[str, str], object]:
    figures = outcome_figures(
        month=MARCH, scope=Scope(partnership_id=world.partnership.pk), trend_months=1
    )
    return {(row.code, row.breakdown): row for row in figure_rows(figures)}


def test_the_peer_forum_cost_avoided_is_filed_under_outcome_six_with_hand_worked_totals(
    world, approvals
):
    rows = _rows(world)
    # February's one approval was "<5" in February's own report (its year to date then), so
    # March withholds its totals: the year to date less March would give February away.
    expected = {
        "savings.approved_requests": (7, "withheld"),
        "savings.weekly_total": (D("1800.00"), "withheld"),
        "savings.annualised_total": (D("80010.00"), "withheld"),
        "savings.average_per_long_term_person": (D("15642.00"), "withheld"),
        # April 2025 to March 2026 also holds February's long-term approval (6 people).
        "savings_year_to_date.approved_requests": (8, "withheld"),
        "savings_year_to_date.annualised_total": (D("95652.00"), "withheld"),
        "savings_year_to_date.weekly_total": (D("2100.00"), "£2,100.00"),
    }
    for code, (value, text) in expected.items():
        row = rows[(code, "")]
        assert row.outcome == 6, code
        assert (row.value, row.shown.text) == (value, text), code


def test_each_kind_of_support_has_its_count_weekly_and_annualised_saving_suppressed_when_small(
    world, approvals
):
    rows = _rows(world)
    long_term = "this month: Long-term (12 months or more)"
    short_term = "this month: Short-term (up to 6 weeks)"
    # Hidden to protect the short-term line (total − long-term − one-off would give it away).
    assert rows[("savings.long_term.approved_requests", long_term)].shown.text == "withheld"
    assert rows[("savings.long_term.weekly", long_term)].shown.text == "withheld"
    assert rows[("savings.long_term.annualised", long_term)].shown.text == "withheld"
    count = rows[("savings.short_term.approved_requests", short_term)]
    assert (count.value, count.shown.text, count.shown.value) == (2, "<5", None)
    assert rows[("savings.short_term.weekly", short_term)].shown.text == "withheld"
    saving = rows[("savings.short_term.annualised", short_term)]
    assert (saving.value, saving.shown.text, saving.shown.value) == (D("1800.00"), "withheld", None)
