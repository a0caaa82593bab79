"""Small-number suppression: one function decides what leads, PDFs, the CSV and the API show."""

from __future__ import annotations

from decimal import Decimal

import pytest

from outcomes.suppression import NONE_TEXT, SMALL_TEXT, WITHHELD_TEXT, is_small, present


@pytest.mark.parametrize(
    ("count", "small"), [(None, False), (0, False), (1, True), (4, True), (5, False), (120, False)]
)
def test_only_counts_from_one_to_four_are_small(count, small):
    assert is_small(count) is small


@pytest.mark.parametrize(
    ("value", "text", "hidden"),
    [(0, "0", False), (1, SMALL_TEXT, True), (4, SMALL_TEXT, True), (5, "5", False),
     (1234, "1,234", False)],
)  # fmt: skip
def test_a_count_of_people_from_one_to_four_is_shown_as_under_five(value, text, hidden):
    shown = present(value, unit="people")
    assert shown.text == text
    assert shown.suppressed is hidden
    assert shown.value == (None if hidden else value)


def test_a_percentage_worked_out_from_a_small_count_is_withheld():
    # 3 of 40 = 7.5%: the numerator is small, so the share would reveal it.
    shown = present(Decimal("7.5"), unit="percent", bases=(3, 40))
    assert (shown.text, shown.value, shown.suppressed) == (WITHHELD_TEXT, None, True)
    # 10 of 3: a small denominator withholds it too.
    assert present(Decimal("50.0"), unit="percent", bases=(2, 3)).suppressed
    # 12 of 40 is fine.
    assert present(Decimal("30.0"), unit="percent", bases=(12, 40)).text == "30.0%"


def test_a_zero_count_is_not_small_and_an_unmeasured_figure_shows_a_dash():
    assert present(Decimal("0.0"), unit="percent", bases=(0, 12)).text == "0.0%"
    assert present(None, unit="days", bases=(0,)).text == NONE_TEXT


def test_a_mean_wait_from_four_episodes_is_withheld_but_from_five_is_shown():
    assert present(Decimal("6.5"), unit="days", bases=(4,)).text == WITHHELD_TEXT
    assert present(Decimal("6.5"), unit="days", bases=(5,)).text == "6.5 days"
    assert present(1, unit="days", bases=(5,)).text == "1 day"
    assert present(Decimal("1.0"), unit="days", bases=(5,)).text == "1.0 days"


def test_money_changes_and_ratios_are_formatted_plainly():
    assert present(Decimal("1234.5"), unit="gbp", bases=(9,)).text == "£1,234.50"
    assert present(Decimal("2.22"), unit="ratio", bases=(40, 6)).text == "£2.22 for every £1"
    assert present(-7, unit="change", bases=(10, 17)).text == "−7"
    assert present(Decimal("12.5"), unit="percent_change", bases=(9, 8)).text == "+12.5%"


def test_counts_of_hub_sessions_are_about_no_one_and_are_not_hidden():
    assert present(3, unit="sessions").text == "3"
