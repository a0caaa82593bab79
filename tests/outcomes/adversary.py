"""A reader who tries to work out hidden figures from the shown ones (complementary suppression).

The reader turns what an output shows into a view, ``{(month, code, breakdown): number or HIDDEN}``,
writes down every identity they know between the figures (totals are sums of parts; a waiting list
at a month's end is the month before's plus those added less those taken off; in April, the first
month of the financial year, the year to date is the month) and asks, for each hidden cell, whether
it is a linear combination of the shown cells: by exact rational elimination, the cell is worked
out exactly when adding its unit row to the identities (restricted to the unknown cells) does not
raise their rank. This is written independently of ``outcomes.suppression`` on purpose.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from outcomes.periods import Month
from outcomes.presentation import TREND_CHARTS

HIDDEN = None
Key = tuple[str, str, str]
OPEN, ADDED, REMOVED = "waiting_list.open_at_end", "waiting_list.added", "waiting_list.removed"
LEDGER_PARTS = {
    "approved_requests": "approved_requests",
    "weekly": "weekly_total",
    "annualised": "annualised_total",
}


def number(text: str) -> Decimal | str | None:
    """What a reader reads from a shown text: a number, HIDDEN, or "" (nothing to read)."""
    if text in {"<5", "withheld"}:
        return HIDDEN
    cleaned = (
        text.replace("£", "")
        .replace(",", "")
        .replace(" for every 1", "")
        .replace("−", "-")
        .replace("+", "")
        .replace("%", "")
        .replace(" days", "")
        .replace(" day", "")
        .replace(" / 5", "")
    )
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return ""


def see(view: dict, key: Key, text: str) -> None:
    value = number(text)
    if value == "":
        return
    if key in view and view[key] != value:
        raise AssertionError(f"{key} is shown as {view[key]} in one place and {value} in another")
    view[key] = value


def from_records(records: Iterable[dict]) -> dict:
    view: dict = {}
    for record in records:
        see(view, (record["period"], record["code"], record["breakdown"]), record["shown"])
    return view


def from_sections(figures, sections, view: dict | None = None) -> dict:
    """What the dashboard and the outcomes PDF show: headline rows, trend charts, tables."""
    view = {} if view is None else view
    month = figures.month
    labels = {m.label: str(m) for m in figures.months}
    charts = iter(TREND_CHARTS)
    for section in sections:
        for row in section.rows:
            see(view, (str(month), row.code, row.breakdown), row.shown.text)
        for chart in section.charts:
            spec = next(charts)
            for label, text in chart.points:
                see(view, (labels[label], spec.code, ""), text)
        for table in section.tables:
            read_table(view, figures, table)
    return view


def read_table(view: dict, figures, table) -> None:
    month, m = figures.month, str(figures.month)
    previous, baseline = str(month.previous), str(figures.waiting.baseline_month)
    for row in table.rows:
        if table.caption == "Waiting lists":
            where = f"list: {row[0]}"
            for text, key in zip(
                row[1:],
                [(m, OPEN), (m, ADDED), (m, REMOVED), (previous, OPEN), (baseline, OPEN)],
                strict=True,
            ):
                see(view, (*key, where), text)
        elif table.caption.startswith("Footfall by hub"):
            see(view, (m, "footfall.total", f"hub: {row[0]}; mode: {row[1]}"), row[3])
        elif table.caption.startswith("Signposts by kind"):
            see(view, (m, "signposts.made", f"category: {row[0]}"), row[1])
        elif table.caption.startswith("Peer-forum cost avoided"):
            label, when = row[0].rsplit(", ", 1)
            code, period = (
                ("savings_year_to_date", "financial year to date")
                if " to " in when
                else ("savings", "this month")
            )
            for part, text in zip(LEDGER_PARTS, row[1:], strict=True):
                kind = _kind(label)
                see(view, (m, f"{code}.{kind}.{part}", f"{period}: {label}"), text)
        elif table.caption.startswith("Wellbeing change"):
            label, place = row[0].rsplit(", ", 1)
            code = next(c for c, lines in figures.wellbeing.items() if lines[0].item.label == label)
            see(view, (m, f"{code}.people", "" if place == "all" else f"locality: {place}"), row[1])
        elif table.caption == "Waiting lists month by month":
            period = next(str(x) for x in figures.months if x.label == row[0])
            for code, text in zip((OPEN, ADDED, REMOVED), row[1:], strict=True):
                see(view, (period, code, ""), text)
        elif table.caption == "How long people have waited":
            code = OPEN if row[0].startswith("Still waiting") else REMOVED
            see(view, (m, code, ""), row[1])


def _kind(label: str) -> str:
    return {"Lon": "long_term", "Sho": "short_term", "One": "one_off"}[label[:3]]


def identities(figures, view: dict) -> list[dict[Key, int]]:
    """Every identity the reader knows between the cells of the view."""
    out: list[dict[Key, int]] = []
    m = str(figures.month)

    def total(t: Key, parts: list[Key]) -> None:
        if parts:
            out.append({t: 1, **dict.fromkeys(parts, -1)})

    def breakdowns(period: str, code: str) -> list[Key]:
        return [k for k in view if k[0] == period and k[1] == code and k[2]]

    months = [str(x) for x in figures.months]
    for p, month in zip(months, figures.months, strict=True):
        total((p, "footfall.total", ""), [(p, "footfall.named", ""), (p, "footfall.anonymous", "")])
        total(
            (p, "personal_outcomes.reviewed", ""),
            [(p, f"personal_outcomes.{s}", "") for s in ("met", "partly_met", "not_met")],
        )
        out.append(
            {
                (p, OPEN, ""): 1,
                (str(month.previous), OPEN, ""): -1,
                (p, ADDED, ""): -1,
                (p, REMOVED, ""): 1,
            }
        )
    lists = {k[2] for k in view if k[1] == OPEN and k[2].startswith("list: ")}
    previous, baseline = str(figures.month.previous), str(figures.waiting.baseline_month)
    for p, code in ((m, OPEN), (m, ADDED), (m, REMOVED), (previous, OPEN), (baseline, OPEN)):
        total((p, code, ""), [(p, code, where) for where in lists])
    for where in lists:
        out.append(
            {
                (m, OPEN, where): 1,
                (previous, OPEN, where): -1,
                (m, ADDED, where): -1,
                (m, REMOVED, where): 1,
            }
        )
    total((m, "footfall.total", ""), breakdowns(m, "footfall.total"))
    total((m, "signposts.made", ""), breakdowns(m, "signposts.made"))
    for code in ("savings", "savings_year_to_date"):
        for part, headline in LEDGER_PARTS.items():
            parts = [
                k
                for k in view
                if k[0] == m
                and k[1].startswith(f"{code}.")
                and k[1].endswith(f".{part}")
                and k[1].count(".") == 2
            ]
            total((m, f"{code}.{headline}", ""), parts)
    if Month.parse(m).month == 4:  # the financial year's first month: the year to date is the month
        for k in [k for k in view if k[0] == m and k[1].startswith("savings.")]:
            twin = (
                m,
                k[1].replace("savings.", "savings_year_to_date.", 1),
                k[2].replace("this month: ", "financial year to date: "),
            )
            out.append({k: 1, twin: -1})
    for k in [k for k in view if k[1].startswith("wellbeing.") and k[1].endswith(".people")]:
        if k[0] == m and not k[2]:
            total(k, breakdowns(m, k[1]))
    return out


def year_to_date_chain(view: dict, earlier: str, month: str) -> list[dict[Key, int]]:
    """What a reader holding two months' outputs knows: each year-to-date figure of ``month``
    is ``month``'s own figure plus ``earlier``'s year-to-date figure (the month before)."""
    out = []
    for k in view:
        if k[0] != month or not k[1].startswith("savings_year_to_date."):
            continue
        if k[1].endswith("average_per_long_term_person"):
            continue  # an average is not a sum
        this = (
            month,
            k[1].replace("savings_year_to_date.", "savings.", 1),
            k[2].replace("financial year to date: ", "this month: "),
        )
        out.append({k: 1, this: -1, (earlier, k[1], k[2]): -1})
    return out


def _rank(rows: list[list[Fraction]]) -> int:
    rows = [list(r) for r in rows]
    rank, width = 0, len(rows[0]) if rows else 0
    for column in range(width):
        pivot = next((r for r in range(rank, len(rows)) if rows[r][column]), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for r in range(len(rows)):
            if r != rank and rows[r][column]:
                factor = rows[r][column] / rows[rank][column]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[rank], strict=True)]
        rank += 1
    return rank


def worked_out(view: dict, equations: list[dict[Key, int]]) -> set[Key]:
    """The hidden cells the reader can work out exactly from the shown ones."""
    unknown = sorted(
        {k for k, v in view.items() if v is HIDDEN}
        | {k for e in equations for k in e if k not in view}
    )
    index = {k: i for i, k in enumerate(unknown)}
    matrix = []
    for equation in equations:
        row = [Fraction(0)] * len(unknown)
        for k, coefficient in equation.items():
            if k in index:
                row[index[k]] += coefficient
        if any(row):
            matrix.append(row)
    base = _rank(matrix)
    found = set()
    for k, value in view.items():
        if value is HIDDEN and any(k in e for e in equations):
            unit = [Fraction(0)] * len(unknown)
            unit[index[k]] = Fraction(1)
            if _rank([*matrix, unit]) == base:
                found.add(k)
    return found
