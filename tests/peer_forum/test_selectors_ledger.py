"""The cost-avoided ledger (DESIGN §4) on a small dataset whose answers are worked out by hand.

March 2026, partnership "Riverside" (North and South localities; hub H1 in North):

  #  where        person  type         counterfactual     approved            weekly    annualised
  1  North, H1    P1      long-term    £450.00/wk         £120.50/wk          329.50    329.50 × 52.14 = 17,180.1300
  2  North, H1    P1      long-term    £300.00/wk         £199.99/wk (chg)    100.01    100.01 × 52.14 =  5,214.5214
  3  South        P2      long-term    £900.00/wk         £210.25/wk          689.75    689.75 × 52.14 = 35,963.5650
                                       (deferred 5 Mar, approved 19 Mar: counted once)
  4  North, H2    P3      short, 6 wk  £280.00/wk         £95.40/wk           184.60    184.60 × 6     =  1,107.6000
  5  North, H2    P4      short, 3 wk  £150.00/wk         £160.00/wk (chg)    −10.00    −10.00 × 3     =    −30.0000
  6  South        P5      one-off      £1,100.00          £385.00             0 (n/a)   1,100 − 385    =    715.0000

Long-term:  count 3, weekly 329.50 + 100.01 + 689.75 = 1,119.26,
            annualised 17,180.13 + 5,214.5214 + 35,963.565 = 58,358.2164 → £58,358.22;
            people 2 (P1 twice, P2), average 58,358.2164 ÷ 2 = 29,179.1082 → £29,179.11.
Short-term: count 2, weekly 184.60 − 10.00 = 174.60, annualised 1,107.60 − 30.00 = £1,077.60.
One-off:    count 1, weekly 0.00, annualised £715.00.
Totals:     count 6, weekly 1,119.26 + 174.60 + 0 = £1,293.86,
            annualised 58,358.22 + 1,077.60 + 715.00 = £60,150.82.

Not counted: a decline, a deferral still waiting, an escalation, approvals on 28 February and
1 April, and an approval in another partnership.
"""

from __future__ import annotations

import datetime
import functools
from decimal import Decimal

import pytest

from peer_forum.models import Decision, EscalationDecision
from peer_forum.selectors import (
    LedgerLine,
    financial_year_start,
    month_bounds,
    savings_by_month,
    savings_ledger,
)
from tests.factories import EpisodeFactory, HubFactory, HubSessionFactory, PersonFactory
from tests.peer_forum.factories import FundingRequestFactory, decide

D = Decimal
MARCH = (datetime.date(2026, 3, 1), datetime.date(2026, 3, 31))
SUBMITTED = datetime.date(2026, 2, 20)
Outcome = Decision.Outcome


@pytest.fixture
def ledger_world(world):
    north, south = world.locality, world.other_locality
    h1 = HubFactory(locality=north, name="H1")
    h2 = HubFactory(locality=north, name="H2")

    def episode(locality, hub=None, person=None):
        session = HubSessionFactory(hub=hub, date=SUBMITTED) if hub else None
        person = person or PersonFactory(locality=locality)
        return EpisodeFactory(person=person, locality=locality, first_contact_session=session)

    def request(ep, **kwargs):
        return FundingRequestFactory(episode=ep, submitted_on=SUBMITTED, **kwargs)

    p1_episode = episode(north, h1)
    r1 = request(
        p1_episode, counterfactual_weekly_cost=D("450.00"), proposed_weekly_cost=D("120.50")
    )
    decide(r1, on=datetime.date(2026, 3, 1))
    r2 = request(
        p1_episode, counterfactual_weekly_cost=D("300.00"), proposed_weekly_cost=D("250.00")
    )
    decide(
        r2, on=datetime.date(2026, 3, 12), outcome=Outcome.APPROVE_WITH_CHANGES, amount=D("199.99")
    )
    r3 = request(
        episode(south),
        counterfactual_service="residential_care",
        counterfactual_weekly_cost=D("900.00"),
        proposed_weekly_cost=D("210.25"),
    )
    decide(r3, on=datetime.date(2026, 3, 5), outcome=Outcome.DEFER)
    decide(r3, on=datetime.date(2026, 3, 19), round=2)
    r4 = request(
        episode(north, h2),
        short_term=True,
        short_term_weeks=6,
        counterfactual_weekly_cost=D("280.00"),
        proposed_weekly_cost=D("95.40"),
    )
    decide(r4, on=datetime.date(2026, 3, 20))
    r5 = request(
        episode(north, h2),
        short_term=True,
        short_term_weeks=3,
        counterfactual_weekly_cost=D("150.00"),
        proposed_weekly_cost=D("140.00"),
    )
    decide(
        r5, on=datetime.date(2026, 3, 20), outcome=Outcome.APPROVE_WITH_CHANGES, amount=D("160.00")
    )
    r6 = request(
        episode(south),
        one_off=True,
        counterfactual_one_off_cost=D("1100.00"),
        proposed_one_off_cost=D("385.00"),
    )
    decide(r6, on=datetime.date(2026, 3, 31))

    # Not counted.
    decide(request(episode(north, h1)), on=datetime.date(2026, 3, 10), outcome=Outcome.DECLINE)
    decide(request(episode(north, h1)), on=datetime.date(2026, 3, 10), outcome=Outcome.DEFER)
    decide(request(episode(north, h1)), on=datetime.date(2026, 3, 10), outcome=Outcome.ESCALATE)
    decide(request(episode(north, h1)), on=datetime.date(2026, 2, 28))
    decide(request(episode(north, h1)), on=datetime.date(2026, 4, 1))
    decide(request(episode(world.outsider_locality)), on=datetime.date(2026, 3, 15))
    return {"h1": h1, "h2": h2}


def test_the_ledger_for_a_month_matches_the_hand_worked_figures(world, ledger_world):
    ledger = savings_ledger(partnership_id=world.partnership.pk, start=MARCH[0], end=MARCH[1])
    assert ledger.lines == [
        # None of the packages has started by 31 March (they start today), so nothing is
        # realised yet but the one-off (see test_selectors_ledger_realised.py).
        LedgerLine(
            "long_term", "Long-term (12 months or more)", 3, D("1119.26"), D("58358.22"), D(0)
        ),
        LedgerLine("short_term", "Short-term (up to 6 weeks)", 2, D("174.60"), D("1077.60"), D(0)),
        LedgerLine("one_off", "One-off", 1, D("0.00"), D("715.00"), D("715.00")),
    ]
    assert ledger.count == 6
    assert ledger.weekly_total == D("1293.86")
    assert ledger.annualised_total == D("60150.82")
    assert ledger.long_term_people == 2
    assert ledger.average_annualised_per_long_term_person == D("29179.11")


def test_a_half_penny_rounds_up_the_same_on_every_database(world, ledger_world):
    # South alone: long-term 689.75 × 52.14 = 35,963.565 exactly → £35,963.57 (ROUND_HALF_UP;
    # float arithmetic or banker's rounding would give .56). One-off 1,100 − 385 = £715.00.
    ledger = savings_ledger(
        partnership_id=world.partnership.pk,
        start=MARCH[0],
        end=MARCH[1],
        locality_id=world.other_locality.pk,
    )
    long_term = ledger.line("long_term")
    assert (long_term.count, long_term.weekly_saving) == (1, D("689.75"))
    assert long_term.annualised_saving == D("35963.57")
    assert ledger.average_annualised_per_long_term_person == D("35963.57")
    assert ledger.line("one_off").annualised_saving == D("715.00")
    assert ledger.annualised_total == D("36678.57")  # 35,963.57 + 715.00


def test_the_ledger_for_a_locality_counts_only_its_episodes(world, ledger_world):
    # North: #1, #2 (long-term) and #4, #5 (short-term).
    # Long-term 329.50 + 100.01 = 429.51 a week; 17,180.13 + 5,214.5214 = 22,394.6514 → 22,394.65.
    # Totals: weekly 429.51 + 174.60 = 604.11; annualised 22,394.65 + 1,077.60 = 23,472.25.
    ledger = savings_ledger(
        partnership_id=world.partnership.pk,
        start=MARCH[0],
        end=MARCH[1],
        locality_id=world.locality.pk,
    )
    assert [line.count for line in ledger.lines] == [2, 2, 0]
    assert ledger.line("long_term").annualised_saving == D("22394.65")
    assert ledger.weekly_total == D("604.11")
    assert ledger.annualised_total == D("23472.25")
    assert ledger.long_term_people == 1
    assert ledger.average_annualised_per_long_term_person == D("22394.65")


def test_the_ledger_for_a_hub_follows_the_hub_of_first_contact(world, ledger_world):
    # H1: P1's episode only (#1 and #2); H2: #4 and #5.
    h1 = savings_ledger(
        partnership_id=world.partnership.pk,
        start=MARCH[0],
        end=MARCH[1],
        hub_id=ledger_world["h1"].pk,
    )
    assert (h1.count, h1.weekly_total, h1.annualised_total) == (2, D("429.51"), D("22394.65"))
    h2 = savings_ledger(
        partnership_id=world.partnership.pk,
        start=MARCH[0],
        end=MARCH[1],
        hub_id=ledger_world["h2"].pk,
    )
    assert (h2.count, h2.weekly_total, h2.annualised_total) == (2, D("174.60"), D("1077.60"))
    assert h2.long_term_people == 0
    assert h2.average_annualised_per_long_term_person is None


def test_a_one_off_approved_with_changes_saves_against_the_amended_amount(world):
    # £1,100.00 once instead of £385.00 asked, £420.50 agreed: £679.50 saved, no weekly saving.
    funding = FundingRequestFactory(
        episode=EpisodeFactory(person=PersonFactory(locality=world.locality)),
        submitted_on=SUBMITTED,
        one_off=True,
        counterfactual_one_off_cost=D("1100.00"),
        proposed_one_off_cost=D("385.00"),
    )
    decide(
        funding,
        on=datetime.date(2026, 3, 9),
        outcome=Outcome.APPROVE_WITH_CHANGES,
        amount=D("420.50"),
    )
    ledger = savings_ledger(partnership_id=world.partnership.pk, start=MARCH[0], end=MARCH[1])
    assert ledger.line("one_off") == LedgerLine(
        "one_off", "One-off", 1, D("0.00"), D("679.50"), D("679.50")
    )
    assert (ledger.weekly_total, ledger.annualised_total) == (D("0.00"), D("679.50"))
    assert ledger.average_annualised_per_long_term_person is None


def test_an_empty_period_gives_all_three_lines_at_zero(world, ledger_world):
    ledger = savings_ledger(
        partnership_id=world.partnership.pk,
        start=datetime.date(2025, 1, 1),
        end=datetime.date(2025, 1, 31),
    )
    assert [line.intervention_type for line in ledger.lines] == [
        "long_term",
        "short_term",
        "one_off",
    ]
    assert all(line.count == 0 and line.annualised_saving == D("0.00") for line in ledger.lines)
    assert (ledger.count, ledger.weekly_total, ledger.annualised_total) == (0, D("0.00"), D("0.00"))
    assert ledger.long_term_people == 0
    assert ledger.average_annualised_per_long_term_person is None


def test_the_period_is_inclusive_of_both_ends(world, ledger_world):
    # 1 March (#1) and 31 March (#6) are in; 28 February and 1 April are each counted alone.
    one_day = savings_ledger(
        partnership_id=world.partnership.pk,
        start=datetime.date(2026, 2, 28),
        end=datetime.date(2026, 2, 28),
    )
    assert one_day.count == 1
    # The default request: £450 − £120 = £330 a week; × 52.14 = £17,206.20.
    assert one_day.annualised_total == D("17206.20")


def test_another_partnership_sees_only_its_own_savings(world, ledger_world):
    ledger = savings_ledger(
        partnership_id=world.outsider_partnership.pk, start=MARCH[0], end=MARCH[1]
    )
    assert ledger.count == 1
    assert ledger.weekly_total == D("330.00")


def test_the_ledger_is_one_query(world, ledger_world, django_assert_num_queries):
    with django_assert_num_queries(1):
        savings_ledger(partnership_id=world.partnership.pk, start=MARCH[0], end=MARCH[1])


def test_months_and_financial_years_are_read_plainly():
    assert month_bounds("2026-02") == (datetime.date(2026, 2, 1), datetime.date(2026, 2, 28))
    assert month_bounds("2024-02")[1] == datetime.date(2024, 2, 29)
    for bad in ("2026-13", "2026-3", "March", "", "1999-01"):
        with pytest.raises(ValueError, match="YYYY-MM"):
            month_bounds(bad)
    assert financial_year_start(datetime.date(2026, 3, 31)) == datetime.date(2025, 4, 1)
    assert financial_year_start(datetime.date(2026, 4, 1)) == datetime.date(2026, 4, 1)


def _plain(lines):
    return [(x.intervention_type, x.count, x.weekly_saving, x.annualised_saving) for x in lines]


def test_month_by_month_each_month_and_its_to_date_are_the_ledgers_of_those_periods(
    world, ledger_world, django_assert_num_queries
):
    """``savings_by_month`` (which the year-to-date suppression reads) gives, from one query,
    what ``savings_ledger`` gives for each month and for the run to each month's end; an
    escalation counts in the month of its senior approval."""
    escalated = FundingRequestFactory(
        episode=EpisodeFactory(person=PersonFactory(locality=world.locality)),
        submitted_on=SUBMITTED,
        counterfactual_weekly_cost=D("800.00"),
        proposed_weekly_cost=D("333.33"),
    )
    forum = decide(escalated, on=datetime.date(2026, 2, 27), outcome=Outcome.ESCALATE)
    EscalationDecision.objects.create(
        decision=forum,
        outcome=EscalationDecision.Outcome.APPROVE,
        approved_weekly_amount=D("333.33"),
        decided_on=datetime.date(2026, 3, 3),
        rationale="Agreed.",
    )
    start, end = datetime.date(2026, 2, 1), datetime.date(2026, 4, 30)
    places = [
        {},
        {"locality_id": world.locality.pk},
        {"hub_id": ledger_world["h1"].pk},
    ]
    for place in places:
        with django_assert_num_queries(1):
            months = savings_by_month(
                partnership_id=world.partnership.pk, start=start, end=end, **place
            )
        assert [m.month_start for m in months] == [start, MARCH[0], datetime.date(2026, 4, 1)]
        for month in months:
            month_end = month_bounds(month.month_start.strftime("%Y-%m"))[1]
            ledger = functools.partial(savings_ledger, partnership_id=world.partnership.pk, **place)
            assert _plain(month.lines) == _plain(
                ledger(start=month.month_start, end=month_end).lines
            )
            assert _plain(month.to_date) == _plain(ledger(start=start, end=month_end).lines)
    march = savings_by_month(partnership_id=world.partnership.pk, start=start, end=end)[1]
    # The hand-worked March plus the senior approval: 800 − 333.33 = 466.67 a week, and
    # 58,358.2164 + 466.67 × 52.14 = 82,690.3902 a year.
    assert _plain(march.lines)[0] == ("long_term", 4, D("1585.93"), D("82690.39"))
