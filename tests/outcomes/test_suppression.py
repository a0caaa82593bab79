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


# --- complementary suppression ----------------------------------------------------------------

from outcomes.suppression import Cell, protect, recoverable, total_of  # noqa: E402


def test_a_small_part_beside_a_total_takes_the_smallest_other_part_with_it():
    # 3 + 7 + 9 = 19: "<5" alone gives 19 − 7 − 9 = 3; hiding 7 too leaves two unknowns.
    cells = [Cell("total", 19, "people", headline=True), Cell("a", 3, "people"),
             Cell("b", 7, "people"), Cell("c", 9, "people")]  # fmt: skip
    hidden = protect(cells, [total_of("total", ["a", "b", "c"])])
    assert hidden == {"a", "b"}
    assert recoverable(hidden, [total_of("total", ["a", "b", "c"])]) == set()


def test_a_zero_part_is_not_chosen_while_another_part_will_do():
    cells = [Cell("total", 12, "people", headline=True), Cell("a", 2, "people"),
             Cell("zero", 0, "people"), Cell("b", 10, "people")]  # fmt: skip
    assert protect(cells, [total_of("total", ["a", "zero", "b"])]) == {"a", "b"}


def test_two_small_parts_protect_each_other_and_nothing_more_is_hidden():
    cells = [Cell("total", 14, "people"), Cell("a", 2, "people"), Cell("b", 3, "people"),
             Cell("c", 9, "people")]  # fmt: skip
    assert protect(cells, [total_of("total", ["a", "b", "c"])]) == {"a", "b"}


def test_a_group_hides_together_and_a_figure_worked_out_from_a_hidden_cell_is_hidden():
    cells = [
        Cell("count", 7, "requests"), Cell("short.count", 2, "requests", group="short"),
        Cell("short.money", Decimal("300"), "gbp", (2,), group="short"),
        Cell("long.count", 5, "requests", group="long"),
        Cell("long.money", Decimal("1500"), "gbp", (5,), group="long"),
        Cell("long.average", Decimal("300"), "gbp", (5,), ("long.money",)),
    ]  # fmt: skip
    hidden = protect(cells, [total_of("count", ["short.count", "long.count"])])
    assert hidden == {"short.count", "short.money", "long.count", "long.money", "long.average"}


def test_identities_chained_across_tables_are_followed():
    # A month equals its year to date (April): hiding the month's part must hide the year's too,
    # and each total's other part.
    equations = [
        total_of("m", ["m.a", "m.b"]), total_of("y", ["y.a", "y.b"]),
        {"m.a": 1, "y.a": -1}, {"m.b": 1, "y.b": -1}, {"m": 1, "y": -1},
    ]  # fmt: skip
    cells = [Cell(k, v, "people") for k, v in
             (("m", 9), ("m.a", 2), ("m.b", 7), ("y", 9), ("y.a", 2), ("y.b", 7))]  # fmt: skip
    hidden = protect(cells, equations)
    assert {"m.a", "y.a", "m.b", "y.b"} <= hidden
    assert recoverable(hidden, equations) & hidden == set()


def test_recoverable_follows_any_linear_combination():
    # x + y = shown, y − z = shown, z = shown: x is worked out, though no single line gives it.
    equations = [{"x": 1, "y": 1, "s1": -1}, {"y": 1, "z": -1, "s2": -1}]
    assert recoverable({"x", "y"}, equations) == {"x", "y"}
    assert recoverable({"x", "y", "z"}, equations) == set()


def test_a_protected_count_says_withheld_not_under_five():
    assert present(12, unit="people", protected=True).text == WITHHELD_TEXT
    assert present(3, unit="people", protected=True).text == SMALL_TEXT
    assert present(Decimal("9.5"), unit="percent", bases=(12, 40), protected=True).suppressed
