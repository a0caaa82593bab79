"""Every DESIGN §4 figure on the hand-built dataset of ``tests/outcomes/dataset.py``.

The answers are worked out by hand in the comments. These tests run unchanged on SQLite and on
PostgreSQL (CI runs the suite on both), which is what proves the figures identical on the two.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from outcomes.periods import Month, MonthRange, Scope
from outcomes.selectors import figures
from outcomes.selectors.sql import DayStats
from tests.outcomes import dataset

MARCH = Month(2026, 3)
FEB = Month(2026, 2)
SPRING = MonthRange(FEB, MARCH)
ONLY_MARCH = MonthRange.single(MARCH)


@pytest.fixture
def data(world, make_user):
    return dataset.build(world, make_user)


@pytest.fixture
def everywhere(world) -> Scope:
    return Scope(partnership_id=world.partnership.pk)


@pytest.fixture
def north(world) -> Scope:
    return Scope(partnership_id=world.partnership.pk, locality_id=world.locality.pk)


@pytest.fixture
def hub_one(world, data) -> Scope:
    return Scope(partnership_id=world.partnership.pk, locality_id=data.north.pk, hub_id=data.h1.pk)


def test_wait_to_first_conversation_for_the_partnership(data, everywhere):
    # First conversations in March: e1 0, e2 6, e3 10, e4 4, e5 2, e6 58, e7 1 days
    # (the outsider's 100 days do not count). Sorted 0 1 2 4 6 10 58: n=7, sum 81,
    # mean 81/7 = 11.57 -> 11.6; median = 4th = 4; 90th = rank ceil(6.3) = 7th = 58.
    # February: e8 3 days and e10 0 days: mean 1.5, median (0 + 3) / 2 = 1.5, 90th = 2nd = 3.
    result = figures.wait_to_first_conversation(months=SPRING, scope=everywhere)
    assert result[MARCH] == DayStats(
        count=7, mean=Decimal("11.6"), median=Decimal("4.0"), p90=58, longest=58
    )
    assert result[FEB] == DayStats(
        count=2, mean=Decimal("1.5"), median=Decimal("1.5"), p90=3, longest=3
    )


def test_wait_to_first_conversation_for_a_locality_and_a_hub(data, north, hub_one):
    # North: e1 0, e2 6, e3 10, e4 4, e7 1 -> 0 1 4 6 10: mean 21/5 = 4.2, median 4, 90th = 5th = 10.
    assert figures.wait_to_first_conversation(months=ONLY_MARCH, scope=north)[MARCH] == DayStats(
        count=5, mean=Decimal("4.2"), median=Decimal("4.0"), p90=10, longest=10
    )
    # Hub H1 (first contact at its sessions s1/s4): e1 0, e2 6, e3 10, e4 4 -> 0 4 6 10:
    # mean 5.0, median (4 + 6) / 2 = 5.0, 90th = rank ceil(3.6) = 4th = 10.
    assert figures.wait_to_first_conversation(months=ONLY_MARCH, scope=hub_one)[MARCH] == DayStats(
        count=4, mean=Decimal("5.0"), median=Decimal("5.0"), p90=10, longest=10
    )


def test_an_even_count_has_a_median_halfway_between_the_middle_two(data, everywhere):
    # Contact to last conversation, episodes closed in March with a conversation:
    # e1 0, e2 (25 Feb -> 20 Mar) 23, e9 (5 Jan -> 1 Mar) 55, e10 0; e11 had none.
    # Sorted 0 0 23 55: mean 78/4 = 19.5, median (0 + 23) / 2 = 11.5, 90th = 4th = 55.
    result = figures.contact_to_last_conversation(months=ONLY_MARCH, scope=everywhere)
    assert result[MARCH] == DayStats(
        count=4, mean=Decimal("19.5"), median=Decimal("11.5"), p90=55, longest=55
    )


def test_wait_to_support_in_place(data, everywhere):
    # Support in place in March: e1 0, e2 (3 -> 17 Mar) 14, e3 (11 -> 20) 9, e5 (12 -> 31) 19,
    # e9 (10 Jan -> 1 Mar) 50. Sorted 0 9 14 19 50: mean 92/5 = 18.4, median 14, 90th = 50.
    result = figures.wait_to_support_in_place(months=ONLY_MARCH, scope=everywhere)
    assert result[MARCH] == DayStats(
        count=5, mean=Decimal("18.4"), median=Decimal("14.0"), p90=50, longest=50
    )


def test_months_with_nothing_have_empty_statistics(data, everywhere):
    january_to_march = MonthRange(Month(2025, 12), MARCH)
    result = figures.wait_to_support_in_place(months=january_to_march, scope=everywhere)
    assert result[Month(2025, 12)] == DayStats()
    assert result[Month(2025, 12)].median is None


def test_waiting_list_open_added_removed_and_changes(data, everywhere):
    # Open at 31 March: w1 (added 10 Jan), w3 (3 Mar), w4 (31 Mar, removed 2 Apr) = 3;
    # added in March: w3, w4 = 2; removed in March: w2 (5 Mar) = 1; urgent open: w1 = 1.
    # Open at 28 Feb: w1, w2 = 2 (w6 came off on 28 Feb itself, w5 on 1 Feb): change +1, +50.0%.
    # Baseline March 2025: w5 (added 15 Mar 2025) = 1: change +2, +200.0%.
    result = figures.waiting_list(months=ONLY_MARCH, scope=everywhere)
    march = result.by_month[MARCH]
    assert (march.open_at_end, march.added, march.removed, march.urgent_open_at_end) == (3, 2, 1, 1)
    on_previous = result.change_on_previous(MARCH)
    assert (on_previous.compared, on_previous.difference, on_previous.percent) == (
        2,
        1,
        Decimal("50.0"),
    )
    on_baseline = result.change_on_baseline(MARCH)
    assert on_baseline.compared_month == Month(2025, 3)
    assert (on_baseline.compared, on_baseline.difference, on_baseline.percent) == (
        1,
        2,
        Decimal("200.0"),
    )


def test_waiting_list_with_a_chosen_baseline_and_a_trend(data, everywhere):
    # Baseline January 2026: open at 31 Jan = w1, w5 = 2, so March is +1 (+50.0%).
    # February in the trend: open 2, added w2, w6 = 2, removed w5 (1 Feb), w6 (28 Feb) = 2.
    result = figures.waiting_list(months=SPRING, scope=everywhere, baseline=Month(2026, 1))
    assert result.change_on_baseline(MARCH).percent == Decimal("50.0")
    feb = result.by_month[FEB]
    assert (feb.open_at_end, feb.added, feb.removed) == (2, 2, 2)


def test_waiting_list_by_list(data, everywhere):
    # Social work: open w1, w3 = 2; added w3; removed w2; open end Feb w1, w2 = 2; baseline 0.
    # OT: open w4 = 1; added w4; removed none; end Feb 0 (w5 came off 1 Feb); baseline w5 = 1.
    lines = {
        line.name: line for line in figures.waiting_list_by_list(month=MARCH, scope=everywhere)
    }
    assert set(lines) == {"Social work assessment", "OT assessment"}
    social = lines["Social work assessment"]
    assert (social.month.open_at_end, social.month.added, social.month.removed) == (2, 1, 1)
    assert (social.previous_open, social.baseline_open) == (2, 0)
    ot = lines["OT assessment"]
    assert (ot.month.open_at_end, ot.month.added, ot.month.removed) == (1, 1, 0)
    assert (ot.previous_open, ot.baseline_open) == (0, 1)


def test_waiting_list_waits(data, everywhere):
    # Still waiting on 31 March: w1 10 Jan -> 80 days, w3 3 Mar -> 28, w4 31 Mar -> 0:
    # sorted 0 28 80, mean 36.0, median 28, 90th = rank 3 = 80.
    # Taken off in March: w2, 10 Feb -> 5 Mar = 23 days.
    waits = figures.waiting_list_waits(month=MARCH, scope=everywhere)
    assert waits.still_waiting == DayStats(
        count=3, mean=Decimal("36.0"), median=Decimal("28.0"), p90=80, longest=80
    )
    assert waits.removed == DayStats(
        count=1, mean=Decimal("23.0"), median=Decimal("23.0"), p90=23, longest=23
    )


def test_footfall_counts_different_people_at_each_session_plus_the_head_count(
    data, everywhere, north
):
    # March sessions: s1 (e1's person twice + e4's = 2 named, 3 anonymous), s2 (1 named),
    # s3 (1 named, 5 anonymous), s5 (1 named): 4 sessions, 5 named, 8 anonymous = 13.
    # February: s4 alone, 4 anonymous. North: s1, s2, s5 = 4 named + 3 anonymous = 7.
    result = figures.footfall(months=SPRING, scope=everywhere)
    assert result[MARCH] == figures.Footfall(sessions=4, named=5, anonymous=8)
    assert result[MARCH].total == 13
    assert result[FEB] == figures.Footfall(sessions=1, named=0, anonymous=4)
    assert figures.footfall(months=ONLY_MARCH, scope=north)[MARCH].total == 7


def test_footfall_by_hub_and_mode(data, everywhere):
    lines = figures.footfall_by_hub_and_mode(months=ONLY_MARCH, scope=everywhere)
    assert [(line.hub_name, line.mode, line.footfall.total) for line in lines] == [
        ("H1 Library", "appointment", 1),
        ("H1 Library", "drop_in", 5),
        ("H2 Church Hall", "drop_in", 1),
        ("H3 Cafe", "drop_in", 6),
    ]


def test_signposting_made_and_take_up(data, everywhere):
    # Made in March: sp1, sp2, sp3, sp5 = 4 (sp4 was made in February).
    # Followed up in March: sp1 taken up, sp2 not taken up, sp4 ended (counts as taken up);
    # sp5's follow-up was in April. Take-up 2 of 3 = 66.7%.
    result = figures.signposting(months=SPRING, scope=everywhere)
    assert result[MARCH].made == 4
    assert result[MARCH].take_up == figures.Share(2, 3)
    assert result[MARCH].take_up.percent == Decimal("66.7")
    assert result[FEB].made == 1
    assert result[FEB].take_up.percent is None


def test_signposting_by_category(data, everywhere):
    # Befriending: made sp1, sp2, sp5 = 3; followed sp1, sp2; taken sp1 -> 50.0%.
    # Men's sheds: made sp3 = 1; followed sp4 (ended) -> 1 of 1 = 100.0%.
    lines = figures.signposting_by_category(month=MARCH, scope=everywhere)
    assert [(line.category, line.made, line.take_up.percent) for line in lines] == [
        ("Befriending", 3, Decimal("50.0")),
        ("Men's sheds", 1, Decimal("100.0")),
    ]


def test_personal_outcomes_use_the_last_review_in_the_month(data, everywhere):
    # po1: not met 5 Mar then met 20 Mar -> met. po2 partly met. po3: not met in March (its
    # February "met" counts for February). po4: two reviews on 25 Mar, the later one (met) wins.
    # March: met 2, partly 1, not met 1 of 4 reviewed: met 50.0%.
    result = figures.personal_outcomes(months=SPRING, scope=everywhere)
    march = result[MARCH]
    assert (march.met, march.partly_met, march.not_met, march.reviewed) == (2, 1, 1, 4)
    assert march.share("met").percent == Decimal("50.0")
    assert result[FEB] == figures.ReviewMonth(met=1)


def test_change_stories_by_outcome(data, everywhere, north):
    # March: story 1 (North, outcomes 1 and 3, shareable), story 2 (South, outcome 3, not
    # shareable). February's story and the outsider's do not count.
    result = figures.change_stories_by_outcome(months=ONLY_MARCH, scope=everywhere)
    assert result[1] == figures.StoryCounts(told=1, shareable=1)
    assert result[3] == figures.StoryCounts(told=2, shareable=1)
    assert result[2] == figures.StoryCounts()
    assert figures.change_stories_by_outcome(months=ONLY_MARCH, scope=north)[3].told == 1


def test_resolved_at_first_contact(data, everywhere, north):
    # Closed in March: e1 (resolved), e2, e9, e10 (resolved, 1 Mar), e11 = 2 of 5 = 40.0%.
    # North closed: e1, e2, e9 -> 1 of 3.
    result = figures.resolved_at_first_contact(months=ONLY_MARCH, scope=everywhere)
    assert result[MARCH] == figures.Share(2, 5)
    assert result[MARCH].percent == Decimal("40.0")
    assert figures.resolved_at_first_contact(months=ONLY_MARCH, scope=north)[
        MARCH
    ] == figures.Share(1, 3)


def test_staff_pulse_means_and_agreement(data, everywhere, north, hub_one):
    # Answers (trusted, time, know, confident, supported): North 5 4 3 4 5 and 4 4 2 5 3,
    # South 2 3 4 3 4. Trusted: 11/3 = 3.67 -> 3.7, agreed (4+) 2. Know: 9/3 = 3.0, agreed 1.
    # Overall: 55 / 15 = 3.67 -> 3.7. North only: trusted (5+4)/2 = 4.5; a hub uses its locality.
    march = figures.staff_pulse(months=ONLY_MARCH, scope=everywhere)[MARCH]
    assert march.responses == 3
    assert march.means["trusted_to_decide"] == Decimal("3.7")
    assert march.means["know_local_solutions"] == Decimal("3.0")
    assert march.agreed["trusted_to_decide"] == 2
    assert march.agreed["know_local_solutions"] == 1
    assert march.overall_mean == Decimal("3.7")
    assert figures.staff_pulse(months=ONLY_MARCH, scope=north)[MARCH].means[
        "trusted_to_decide"
    ] == Decimal("4.5")
    assert figures.staff_pulse(months=ONLY_MARCH, scope=hub_one)[MARCH].responses == 2


def test_a_twelve_month_trend_costs_no_more_queries_than_one_month(
    data, everywhere, django_assert_num_queries
):
    year = MonthRange.ending(MARCH, 12)
    with django_assert_num_queries(2):
        figures.wait_to_first_conversation(months=year, scope=everywhere)
    with django_assert_num_queries(1):
        figures.waiting_list(months=year, scope=everywhere)
    with django_assert_num_queries(2):  # the sessions, and the people seen at them
        figures.footfall(months=year, scope=everywhere)
