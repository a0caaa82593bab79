"""Small-number suppression: the one place that decides what an HSCP lead, a PDF, the CSV or the
API may show of a figure.

The rule (as official statistics do, so no person can be identified):
- a **count** of people or of records about people from 1 to 4 is shown as "<5" (0 and 5 or
  more are shown as they are; counts of hub sessions, which are about no one, are not hidden);
- a **derived figure** (a percentage, a mean or median wait, a change, a score, a saving) is
  withheld when any count it was worked out from is between 1 and 4.

Everything shown to those audiences passes through ``present``; the exact figures stay inside
the selectors.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

SMALL_LOW, SMALL_HIGH = 1, 4
SMALL_TEXT = "<5"
WITHHELD_TEXT = "withheld"
NONE_TEXT = "—"
EXPLANATION = (
    "“<5” means between 1 and 4, not shown so that no one can be identified; “withheld” marks a "
    "figure worked out from fewer than 5 records, or hidden so that a hidden figure cannot be "
    "worked out from the others by adding or subtracting. “—” means there was nothing to measure."
)

# Units whose value counts people or records about people: these are suppressed.
COUNT_UNITS = frozenset(
    {
        "people",
        "episodes",
        "entries",
        "signposts",
        "outcomes",
        "stories",
        "responses",
        "requests",
        "bookings",
    }
)
# Counts that say nothing about any person (hub sessions held) are shown as they are.
PLAIN_UNITS = frozenset({"sessions"})
UNIT_SUFFIX = {"days": " days", "percent": "%", "score": " / 5"}


def is_small(count: int | None) -> bool:
    """Is this a count that must not be shown (1 to 4)?"""
    return count is not None and SMALL_LOW <= count <= SMALL_HIGH


def any_small(counts: Iterable[int | None]) -> bool:
    return any(is_small(count) for count in counts)


@dataclass(frozen=True)
class Shown:
    """A figure as it may be shown: ``text`` to read, ``value`` for machines (``None`` when
    hidden or not measured), and whether it was suppressed."""

    text: str
    value: int | Decimal | None
    suppressed: bool = False


def _format(value: int | Decimal, unit: str) -> str:
    if unit == "gbp":
        return f"£{value:,.2f}"
    if unit == "ratio":
        return f"£{value:,.2f} for every £1"
    if unit == "change":
        return f"+{value:,}" if value > 0 else (f"−{-value:,}" if value < 0 else "0")
    if unit == "percent_change":
        return f"+{value}%" if value > 0 else (f"−{-value}%" if value < 0 else "0%")
    if unit == "days" and isinstance(value, int) and value == 1:
        return f"{value:,} day"
    return f"{value:,}{UNIT_SUFFIX.get(unit, '')}"


def present(
    value: int | Decimal | None,
    *,
    unit: str,
    bases: Iterable[int | None] = (),
    protected: bool = False,
) -> Shown:
    """How a figure may be shown. ``bases`` are the counts a derived figure was worked out from;
    for a count unit the value is its own base. ``protected``: hidden by ``protect`` so that
    another hidden figure cannot be worked out (shown as "withheld" unless small itself)."""
    if unit in PLAIN_UNITS:
        return Shown(NONE_TEXT if value is None else _format(value, unit), value)
    if unit in COUNT_UNITS:
        if is_small(value):
            return Shown(SMALL_TEXT, None, suppressed=True)
        if protected:
            return Shown(WITHHELD_TEXT, None, suppressed=True)
        return Shown(NONE_TEXT if value is None else _format(value, unit), value)
    if any_small(bases) or protected:
        return Shown(WITHHELD_TEXT, None, suppressed=True)
    if value is None:
        return Shown(NONE_TEXT, None)
    return Shown(_format(value, unit), value)


# --- complementary (secondary) suppression ----------------------------------------------------
#
# Primary suppression hides small counts and what was worked out from them. Where a total is shown
# beside its parts, or a month beside its year to date (and last month's year to date, shown by
# last month's outputs), a hidden cell could still be worked out by adding and subtracting shown
# cells. ``protect`` hides further cells until no hidden cell can be
# worked out from the shown ones by any linear combination of the identities that tie them.


@dataclass(frozen=True)
class Cell:
    """One figure an output shows, for ``protect``.

    - ``key``: names the cell in every table of the output (the same figure has one key);
    - ``value``, ``unit``, ``bases``: as for ``present`` (primary suppression);
    - ``base_keys``: the cells this figure was worked out from: it is hidden with any of them;
    - ``group``: cells hidden together (a line's count and its money), so a hidden line's
      money cannot be had from its count or the other way round;
    - ``fixed``: never hidden to protect another (hub sessions held: about no one);
    - ``headline``: a whole-place figure (not a breakdown): hidden to protect another only when
      no part will do, so the figures a board reads first stay shown;
    - ``decided``: a cell an earlier output already showed (``False``) or hid (``True``): it
      cannot change here, but what is shown here must not give it away.
    """

    key: str
    value: int | Decimal | None
    unit: str
    bases: tuple[int | None, ...] = ()
    base_keys: tuple[str, ...] = ()
    group: str = ""
    fixed: bool = False
    headline: bool = False
    decided: bool | None = None

    @property
    def settled(self) -> bool:
        """Never hidden to protect another: about no one, or already published."""
        return self.fixed or self.decided is not None


# An identity between cells: the sum of coefficient × cell is 0 (e.g. total − part − part = 0).
# A key no cell has is a figure never shown (always unknown to a reader).
Equation = dict[str, int]


def total_of(total: str, parts: Iterable[str]) -> Equation:
    """``total`` = the sum of ``parts``."""
    equation: Equation = {total: 1}
    for part in parts:
        equation[part] = equation.get(part, 0) - 1
    return equation


def recoverable(unknown: Iterable[str], equations: Iterable[Equation]) -> set[str]:
    """Which of the ``unknown`` cells a reader can work out exactly from the equations, every
    other cell being shown: exact rational Gauss–Jordan elimination over the unknowns' columns. An
    unknown is determined when its column is a pivot whose row has no other unknown left."""
    from fractions import Fraction

    columns = sorted(set(unknown))
    index = {key: i for i, key in enumerate(columns)}
    rows = []
    for equation in equations:
        row = [Fraction(0)] * len(columns)
        for key, coefficient in equation.items():
            if key in index:
                row[index[key]] += coefficient
        if any(row):
            rows.append(row)
    pivots: list[tuple[int, int]] = []  # (row, column)
    top = 0
    for column in range(len(columns)):
        found = next((r for r in range(top, len(rows)) if rows[r][column] != 0), None)
        if found is None:
            continue
        rows[top], rows[found] = rows[found], rows[top]
        pivot = rows[top][column]
        rows[top] = [value / pivot for value in rows[top]]
        for r in range(len(rows)):
            if r != top and rows[r][column] != 0:
                factor = rows[r][column]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[top], strict=True)]
        pivots.append((top, column))
        top += 1
    return {
        columns[column]
        for row, column in pivots
        if sum(1 for value in rows[row] if value != 0) == 1
    }


def _complement(
    target: str, cells: dict[str, Cell], hidden: set[str], equations: list[Equation]
) -> str | None:
    """The shown cell to hide so ``target`` can no longer be worked out: from an identity that
    holds ``target``, a part before a headline figure, then the smallest non-zero cell (the least
    information lost; a zero hides little, since a reader may guess it), never a fixed one."""
    candidates = [
        cells[key]
        for equation in equations
        if equation.get(target)
        for key, coefficient in equation.items()
        if coefficient and key in cells and key not in hidden and not cells[key].settled
    ]
    if not candidates:
        return None
    best = min(
        candidates,
        key=lambda cell: (cell.headline, abs(cell.value or 0) == 0, abs(cell.value or 0), cell.key),
    )
    return best.key


def protect(cells: Iterable[Cell], equations: Iterable[Equation]) -> set[str]:
    """The keys of every cell to hide: the primary cells (small counts and figures worked out
    from them), every figure worked out from a hidden cell, each cell's group, and complementary
    cells until no hidden cell can be worked out from the shown ones."""
    by_key = {cell.key: cell for cell in cells}
    equations = [equation for equation in equations if any(equation.values())]
    never_shown = {key for equation in equations for key in equation if key not in by_key}
    hidden = {key for key, cell in by_key.items() if _primary(cell)}
    while True:
        _close(hidden, by_key)
        exposed = sorted(recoverable(hidden | never_shown, equations) & hidden)
        if not exposed:
            return hidden
        added = None
        for target in exposed:
            added = _complement(target, by_key, hidden, equations)
            if added:
                break
        if added is None:  # nothing left to hide beside them: hide every cell they touch
            added_all = {
                key
                for equation in equations
                if any(equation.get(target) for target in exposed)
                for key in equation
                if key in by_key and not by_key[key].settled
            } - hidden
            if not added_all:
                return hidden
            hidden |= added_all
        else:
            hidden.add(added)


def _primary(cell: Cell) -> bool:
    if cell.decided is not None:
        return cell.decided
    return present(cell.value, unit=cell.unit, bases=cell.bases).suppressed


def _close(hidden: set[str], cells: dict[str, Cell]) -> None:
    """Hide, until nothing changes, a hidden cell's group and every figure worked out from a
    hidden cell."""
    groups: dict[str, set[str]] = {}
    for cell in cells.values():
        if cell.group:
            groups.setdefault(cell.group, set()).add(cell.key)
    changed = True
    while changed:
        before = len(hidden)
        for key in list(hidden):
            group = cells[key].group if key in cells else ""
            if group:
                hidden |= {k for k in groups[group] if not cells[k].settled}
        hidden |= {
            cell.key
            for cell in cells.values()
            if not cell.settled and any(base in hidden for base in cell.base_keys)
        }
        changed = len(hidden) != before
