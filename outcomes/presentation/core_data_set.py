"""The core data set as rows, for people: every figure of a month and place as a ``FigureRow``
(its outcome, a stable code, a plain-words label, its unit), shown through small-number
suppression. The dashboard, the PDF reports, the CSV download and the API all read these rows.

The builders here give a month's rows as worked out; ``outcomes.presentation.published`` gathers
every row an output shows and applies small-number suppression, primary and complementary, to
them all at once (``figure_rows``, ``trend``, ``core_data_set_records``). Column meanings are
documented on the page ``/outcomes/core-data-set/`` (``templates/outcomes/core_data_set.html``).
The figures themselves are worked out by ``outcomes.selectors.core_data_set.outcome_figures``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cached_property

from outcomes.periods import Month
from outcomes.reference import PULSE_ITEMS, CLSOutcome
from outcomes.selectors import figures as f
from outcomes.selectors.core_data_set import OutcomeFigures
from outcomes.selectors.sql import DayStats
from outcomes.suppression import PLAIN_UNITS, Cell, Shown, present
from peer_forum.selectors import LedgerLine


@dataclass(frozen=True)
class FigureRow:
    """One figure of the core data set.

    - ``outcome``: the CLS outcome (1–6) it is filed under;
    - ``code``: a stable machine name, e.g. ``wait_first_conversation.median_days``;
    - ``label``: what it means, in plain words;
    - ``unit``: people, episodes, entries, sessions, signposts, outcomes, stories, responses,
      requests (counts) or days, percent, change, percent_change, score, gbp, ratio (derived);
    - ``value``: the exact figure (never shown directly: use ``shown``);
    - ``bases``: the counts a derived figure was worked out from (for suppression);
    - ``breakdown``: empty for a headline figure, else what the row is a part of, e.g.
      "hub: Central Library; mode: Drop-in" or "category: Befriending";
    - ``period``: the month it is a figure of (``YYYY-MM``; set by ``published``);
    - ``base_keys``: the ``key`` of each row it was worked out from (hidden with any of them);
    - ``group``: rows hidden together (a ledger line's count and money);
    - ``hidden``: hidden to protect another hidden figure (complementary suppression, set by
      ``outcomes.presentation.published``).
    """

    outcome: int
    code: str
    label: str
    unit: str
    value: int | Decimal | None
    bases: tuple[int | None, ...] = ()
    breakdown: str = ""
    period: str = ""
    base_keys: tuple[str, ...] = ()
    group: str = ""
    hidden: bool = False

    @property
    def key(self) -> str:
        return key(self.period, self.code, self.breakdown)

    @cached_property  # (kept in the instance's dict: a frozen dataclass allows that)
    def shown(self) -> Shown:
        return present(self.value, unit=self.unit, bases=self.bases, protected=self.hidden)

    @property
    def cell(self) -> Cell:
        return Cell(
            key=self.key,
            value=self.value,
            unit=self.unit,
            bases=self.bases,
            base_keys=self.base_keys,
            group=self.group,
            fixed=self.unit in PLAIN_UNITS,
            headline=not self.breakdown,
        )


def key(period: object, code: str, breakdown: str = "") -> str:
    """The one name of a figure in every table of an output: month, code and breakdown."""
    return f"{period}|{code}|{breakdown}"


# --- rows -----------------------------------------------------------------------------------


def _wait_rows(outcome: int, code: str, what: str, stats: DayStats) -> list[FigureRow]:
    base = (stats.count,)
    return [
        FigureRow(outcome, f"{code}.count", f"{what}: episodes", "episodes", stats.count),
        FigureRow(outcome, f"{code}.mean_days", f"{what}: mean", "days", stats.mean, base),
        FigureRow(outcome, f"{code}.median_days", f"{what}: median", "days", stats.median, base),
        FigureRow(outcome, f"{code}.p90_days", f"{what}: 90th percentile", "days", stats.p90, base),
    ]


def _share_row(outcome: int, code: str, label: str, share: f.Share) -> FigureRow:
    return FigureRow(
        outcome, code, label, "percent", share.percent, (share.numerator, share.denominator)
    )


def _story_row(outcome: int, counts: f.StoryCounts) -> list[FigureRow]:
    return [
        FigureRow(
            outcome, "change_stories.told", "Change stories showing this outcome", "stories",
            counts.told,
        ),
    ]  # fmt: skip


def outcome_one_rows(figures: OutcomeFigures, month: Month) -> list[FigureRow]:
    one = CLSOutcome.ACCESS
    waiting = figures.waiting.by_month[month]
    on_previous = figures.waiting.change_on_previous(month)
    on_baseline = figures.waiting.change_on_baseline(month)
    seen = figures.footfall[month]
    previous_bases = (on_previous.current, on_previous.compared)
    baseline_bases = (on_baseline.current, on_baseline.compared)
    baseline = on_baseline.compared_month.label
    open_code = "waiting_list.open_at_end"
    previous_keys = (key(month, open_code), key(month.previous, open_code))
    baseline_keys = (key(month, open_code), key(on_baseline.compared_month, open_code))
    return [
        *_wait_rows(
            one, "wait_first_conversation", "Wait from first contact to first conversation",
            figures.first_conversation[month],
        ),
        *_wait_rows(
            one, "wait_support_in_place", "Wait from first conversation to support in place",
            figures.support_in_place[month],
        ),
        FigureRow(one, "waiting_list.open_at_end", "Waiting: on a list at the month's end",
                  "entries", waiting.open_at_end),
        FigureRow(one, "waiting_list.urgent_open_at_end", "Waiting: of whom urgent", "entries",
                  waiting.urgent_open_at_end),
        FigureRow(one, "waiting_list.added", "Waiting: added in the month", "entries",
                  waiting.added),
        FigureRow(one, "waiting_list.removed", "Waiting: taken off in the month", "entries",
                  waiting.removed),
        FigureRow(one, "waiting_list.change_on_previous", "Waiting: change on the month before",
                  "change", on_previous.difference, previous_bases, base_keys=previous_keys),
        FigureRow(one, "waiting_list.percent_change_on_previous",
                  "Waiting: % change on the month before", "percent_change", on_previous.percent,
                  previous_bases, base_keys=previous_keys),
        FigureRow(one, "waiting_list.change_on_baseline", f"Waiting: change on {baseline}",
                  "change", on_baseline.difference, baseline_bases, base_keys=baseline_keys),
        FigureRow(one, "waiting_list.percent_change_on_baseline",
                  f"Waiting: % change on {baseline}", "percent_change", on_baseline.percent,
                  baseline_bases, base_keys=baseline_keys),
        FigureRow(one, "footfall.total", "Footfall: people seen at hub sessions", "people",
                  seen.total),
        FigureRow(one, "footfall.named", "Footfall: people seen by name", "people", seen.named),
        FigureRow(one, "footfall.anonymous", "Footfall: head-count not named", "people",
                  seen.anonymous),
        FigureRow(one, "footfall.sessions", "Hub sessions held", "sessions", seen.sessions),
        FigureRow(one, "hub_appointments.did_not_attend", "Hub appointments not attended",
                  "bookings", figures.did_not_attend[month]),
    ]  # fmt: skip


def outcome_two_rows(figures: OutcomeFigures, month: Month) -> list[FigureRow]:
    two = CLSOutcome.LOCAL_SOLUTIONS
    signposts = figures.signposting[month]
    take_up = signposts.take_up
    return [
        FigureRow(two, "signposts.made", "Signposts to community solutions made", "signposts",
                  signposts.made),
        FigureRow(two, "signposts.followed_up", "Signposts followed up", "signposts",
                  take_up.denominator),
        FigureRow(two, "signposts.taken_up", "Signposts taken up", "signposts",
                  take_up.numerator),
        _share_row(two, "signposts.take_up_percent", "Take-up rate (taken up ÷ followed up)",
                   take_up),
    ]  # fmt: skip


def outcome_three_rows(figures: OutcomeFigures, month: Month) -> list[FigureRow]:
    three = CLSOutcome.INDEPENDENCE
    reviews = figures.reviews[month]

    def share(part: str, label: str) -> FigureRow:
        row = _share_row(three, f"personal_outcomes.{part}_percent", label, reviews.share(part))
        parts = (key(month, f"personal_outcomes.{part}"), key(month, "personal_outcomes.reviewed"))
        return replace(row, base_keys=parts)

    return [
        FigureRow(three, "personal_outcomes.reviewed", "Personal outcomes reviewed", "outcomes",
                  reviews.reviewed),
        FigureRow(three, "personal_outcomes.met", "Met", "outcomes", reviews.met),
        FigureRow(three, "personal_outcomes.partly_met", "Partly met", "outcomes",
                  reviews.partly_met),
        FigureRow(three, "personal_outcomes.not_met", "Not met", "outcomes", reviews.not_met),
        share("met", "Met (% of reviewed)"),
        share("partly_met", "Partly met (% of reviewed)"),
        share("not_met", "Not met (% of reviewed)"),
        FigureRow(three, "carers.supported",
                  "Carers supported: people who had a carer's conversation", "people",
                  figures.carers.get(month, 0)),
    ]  # fmt: skip


def outcome_four_rows(figures: OutcomeFigures, month: Month) -> list[FigureRow]:
    four = CLSOutcome.SYSTEM_CHANGE
    resolved = figures.resolved[month]
    contact = figures.contact_to_last[month]
    base = (contact.count,)
    what = "First contact to last conversation (episodes closed)"
    return [
        FigureRow(four, "episodes.closed", "Episodes closed", "episodes", resolved.denominator),
        FigureRow(four, "episodes.resolved_first_contact", "Resolved at first contact",
                  "episodes", resolved.numerator),
        _share_row(four, "episodes.resolved_first_contact_percent",
                   "Resolved at first contact (% of closed)", resolved),
        FigureRow(four, "contact_to_last_conversation.count", f"{what}: episodes", "episodes",
                  contact.count),
        FigureRow(four, "contact_to_last_conversation.mean_days", f"{what}: mean", "days",
                  contact.mean, base),
        FigureRow(four, "contact_to_last_conversation.median_days", f"{what}: median", "days",
                  contact.median, base),
    ]  # fmt: skip


def outcome_five_rows(figures: OutcomeFigures, month: Month) -> list[FigureRow]:
    five = CLSOutcome.STAFF
    pulse = figures.pulse[month]
    base = (pulse.responses,)
    rows = [
        FigureRow(five, "staff_pulse.responses", "Staff pulse: people who answered",
                  "responses", pulse.responses),
        FigureRow(five, "staff_pulse.overall_mean", "Staff pulse: mean of all statements",
                  "score", pulse.overall_mean, base),
    ]  # fmt: skip
    for item, statement in PULSE_ITEMS.items():
        rows.append(
            FigureRow(
                five, f"staff_pulse.{item}.mean", f"“{statement}” mean score", "score",
                pulse.means.get(item), base,
            )
        )  # fmt: skip
        agreed = f.Share(pulse.agreed.get(item, 0), pulse.responses)
        rows.append(
            _share_row(five, f"staff_pulse.{item}.agree_percent",
                       f"“{statement}” agree or strongly agree", agreed)
        )  # fmt: skip
    return rows


# The two ledgers every output shows: (code, how its rows say when).
LEDGERS = (("savings", "this month"), ("savings_year_to_date", "financial year to date"))


def ledger_rows(lines: list[LedgerLine], code: str, when: str, period: str = "") -> list[FigureRow]:
    """A ledger's rows: its totals (the sums of its lines), then each line's count and money."""
    six, count = CLSOutcome.RESOURCES, sum(line.count for line in lines)
    base = (count,)
    rows = [
        FigureRow(six, f"{code}.approved_requests", f"Peer-forum requests approved ({when})",
                  "requests", count, period=period),
        FigureRow(six, f"{code}.weekly_total", f"Weekly cost avoided ({when})", "gbp",
                  sum((line.weekly_saving for line in lines), Decimal("0.00")), base,
                  period=period),
        FigureRow(six, f"{code}.annualised_total", f"Annualised cost avoided ({when})", "gbp",
                  sum((line.annualised_saving for line in lines), Decimal("0.00")), base,
                  period=period),
    ]  # fmt: skip
    for line in lines:
        where, kind = f"{when}: {line.label}", f"{code}.{line.intervention_type}"
        rows += [
            FigureRow(six, f"{kind}.approved_requests", "Requests approved", "requests",
                      line.count, breakdown=where, group=kind, period=period),
            FigureRow(six, f"{kind}.weekly", "Weekly cost avoided", "gbp", line.weekly_saving,
                      (line.count,), breakdown=where, group=kind, period=period),
            FigureRow(six, f"{kind}.annualised", "Annualised cost avoided", "gbp",
                      line.annualised_saving, (line.count,), breakdown=where, group=kind,
                      period=period),
        ]  # fmt: skip
    return rows


def outcome_six_rows(figures: OutcomeFigures) -> list[FigureRow]:
    six = CLSOutcome.RESOURCES
    rows = []
    ledgers = (figures.savings, figures.savings_year_to_date)
    for ledger, (code, when) in zip(ledgers, LEDGERS, strict=True):
        rows += ledger_rows(ledger.lines, code, when)
        long_term = next(line for line in ledger.lines if line.intervention_type == "long_term")
        rows.append(
            FigureRow(
                six, f"{code}.average_per_long_term_person",
                f"Average annualised cost avoided per long-term person ({when})", "gbp",
                ledger.average_annualised_per_long_term_person, (ledger.long_term_people,),
                base_keys=(key(figures.month, f"{code}.long_term.annualised",
                               f"{when}: {long_term.label}"),),
            )
        )  # fmt: skip
    for summary in figures.studies:
        study = summary.study
        bases = (summary.people_seen, study.people_avoiding_budget)
        where = f"study: {study.name}"
        rows += [
            FigureRow(six, "cost_benefit.total_costs", "Total costs", "gbp",
                      summary.total_costs, breakdown=where),
            FigureRow(six, "cost_benefit.total_benefits", "Costs avoided (benefits)", "gbp",
                      summary.total_benefits, bases, breakdown=where),
            FigureRow(six, "cost_benefit.ratio", "Benefit–cost ratio", "ratio", summary.ratio,
                      bases, breakdown=where,
                      base_keys=(key(figures.month, "cost_benefit.total_benefits", where),)),
        ]  # fmt: skip
    return rows


def breakdown_rows(figures: OutcomeFigures) -> list[FigureRow]:
    """The chosen month's tables: waiting lists by list, footfall by hub and mode, signposts
    by category."""
    rows = []
    for waiting in figures.waiting_lines:
        where = f"list: {waiting.name}"
        rows += [
            FigureRow(CLSOutcome.ACCESS, "waiting_list.open_at_end", "Waiting: on the list at the "
                      "month's end", "entries", waiting.month.open_at_end, breakdown=where),
            FigureRow(CLSOutcome.ACCESS, "waiting_list.added", "Waiting: added in the month",
                      "entries", waiting.month.added, breakdown=where),
            FigureRow(CLSOutcome.ACCESS, "waiting_list.removed", "Waiting: taken off in the month",
                      "entries", waiting.month.removed, breakdown=where),
        ]  # fmt: skip
    for footfall in figures.footfall_lines:
        where = f"hub: {footfall.hub_name}; mode: {footfall.mode_label}"
        rows += [
            FigureRow(CLSOutcome.ACCESS, "footfall.total", "Footfall: people seen", "people",
                      footfall.footfall.total, breakdown=where),
            FigureRow(CLSOutcome.ACCESS, "footfall.sessions", "Hub sessions held", "sessions",
                      footfall.footfall.sessions, breakdown=where),
        ]  # fmt: skip
    for category in figures.signpost_categories:
        where = f"category: {category.category}"
        rows += [
            FigureRow(CLSOutcome.LOCAL_SOLUTIONS, "signposts.made", "Signposts made",
                      "signposts", category.made, breakdown=where),
            _breakdown(_share_row(CLSOutcome.LOCAL_SOLUTIONS, "signposts.take_up_percent",
                                  "Take-up rate", category.take_up), where),
        ]  # fmt: skip
    return rows


def _breakdown(row: FigureRow, where: str) -> FigureRow:
    return FigureRow(row.outcome, row.code, row.label, row.unit, row.value, row.bases, where)


MONTHLY_ROWS: list[Callable[[OutcomeFigures, Month], list[FigureRow]]] = [
    outcome_one_rows,
    outcome_two_rows,
    outcome_three_rows,
    outcome_four_rows,
    outcome_five_rows,
]


@dataclass(frozen=True)
class TrendChart:
    outcome: int
    code: str
    title: str
    unit: str


# The 12-month trend charts, filed under their outcome.
TREND_CHARTS: list[TrendChart] = [
    TrendChart(1, "wait_first_conversation.median_days",
               "Median wait from first contact to first conversation (days)", "days"),
    TrendChart(1, "waiting_list.open_at_end", "People on a waiting list at the month's end",
               "entries"),
    TrendChart(1, "footfall.total", "Footfall: people seen at hub sessions", "people"),
    TrendChart(2, "signposts.made", "Signposts to community solutions made", "signposts"),
    TrendChart(2, "signposts.take_up_percent", "Take-up rate of signposts (%)", "percent"),
    TrendChart(3, "personal_outcomes.met_percent", "Personal outcomes met (% of reviewed)",
               "percent"),
    TrendChart(4, "episodes.resolved_first_contact_percent",
               "Resolved at first contact (% of closed)", "percent"),
    TrendChart(5, "staff_pulse.overall_mean", "Staff pulse: mean score (1–5)", "score"),
]  # fmt: skip
