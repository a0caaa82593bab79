"""The cost-avoided ledger (DESIGN §4 "peer-forum cost avoided"): one function that the forum
dashboard, the API, the monthly reports and the HSCP dashboard all call.

Definitions, for each **approved** request: a forum decision "approve" or "approve with
changes", or an escalation the senior decision body approved (``EscalationDecision``), which
counts from the senior decision: its amount, on its date.

- weekly saving = counterfactual weekly cost − approved weekly amount (long- and short-term);
- annualised saving, by intervention type:
  - long-term (12 months or more): weekly saving × 52.14 (365 / 7);
  - short-term (up to six weeks): weekly saving × the number of weeks;
  - one-off: counterfactual one-off cost − approved one-off amount (it has no weekly saving).

**Cost avoided realised to date** (beside the annualised promise): weekly saving × the weeks the
package actually ran, from its start date to its real end date (``ended_on``, set by its review)
or, while still running, to the as-of date (the period's end, or today if that is sooner);
short-term packages capped at their number of weeks; a package not yet started has run 0 weeks;
one-off savings as they are. Weeks are days ÷ 7. The weekly saving here uses the weekly cost it
actually ran at when a review recorded it (``actual_weekly_cost``), else the approved amount.

A saving can be negative when the approved support costs more than the traditional service would
have; it is counted as it is, so the totals are the true net cost avoided.

**Rounding.** Each amount is turned into whole pence in the database (``ROUND(amount × 100)``, so
SQLite's loosely stored decimals become exact integers), weekly savings are summed in pence and
annualised savings in ten-thousandths of a pound (pence × 52.14 needs two more places), all as
integer arithmetic (realised savings in pence × days). Each line's annualised and realised
totals, and the average per long-term person, are then rounded to the penny **once**,
ROUND_HALF_UP, in Python; the grand totals are the sums of the
lines, so the table always adds up. The figures are therefore identical on SQLite and PostgreSQL.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import BigIntegerField, Case, Count, DateField, F, Q, Sum, Value, When
from django.db.models.functions import Cast, Coalesce, Greatest, Least, Round, TruncMonth
from django.utils import timezone

from peer_forum.models import WEEKS_PER_YEAR, Decision, InterventionType
from peer_forum.selectors.days import DaysBetween

PENNY = Decimal("0.01")
# Annualised savings are summed in units of £0.0001: pence × 52.14 is pence × 5214 / 100.
UNITS_PER_POUND = 10_000
_WEEKS_PER_YEAR_HUNDREDTHS = int(WEEKS_PER_YEAR * 100)  # 5214


@dataclass(frozen=True)
class LedgerLine:
    """One intervention type's part of the ledger.

    - ``intervention_type``: ``"long_term"``, ``"short_term"`` or ``"one_off"``;
    - ``label``: how people read it ("Long-term (12 months or more)", …);
    - ``count``: approved requests of this type in the period and scope;
    - ``weekly_saving``: the sum of their weekly savings in pounds (always 0 for one-off);
    - ``annualised_saving``: the sum of their annualised savings, rounded to the penny;
    - ``realised_saving``: the cost avoided realised to the ledger's as-of date, to the penny.
    """

    intervention_type: str
    label: str
    count: int
    weekly_saving: Decimal
    annualised_saving: Decimal
    realised_saving: Decimal = Decimal("0.00")


@dataclass(frozen=True)
class SavingsLedger:
    """The cost avoided by peer-forum decisions in a period and scope.

    - ``lines``: always all three intervention types, in the order long-term, short-term, one-off;
    - ``count``: approved requests (the sum of the lines' counts);
    - ``weekly_total`` / ``annualised_total``: the sums of the lines' figures;
    - ``long_term_people``: different people with a long-term approval in the period;
    - ``average_annualised_per_long_term_person``: the long-term line's annualised saving ÷
      ``long_term_people``, rounded to the penny; ``None`` when there are no long-term people;
    - ``realised_total``: the lines' realised savings, to ``realised_as_of``.
    """

    lines: list[LedgerLine]
    count: int
    weekly_total: Decimal
    annualised_total: Decimal
    long_term_people: int
    average_annualised_per_long_term_person: Decimal | None
    realised_total: Decimal = Decimal("0.00")
    realised_as_of: datetime.date | None = None

    def line(self, intervention_type: str) -> LedgerLine:
        return next(line for line in self.lines if line.intervention_type == intervention_type)


def _pence(field: str | Any) -> Cast:
    """An amount in whole pence, computed in the database."""
    amount = F(field) if isinstance(field, str) else field
    return Cast(Round(amount * Value(100)), BigIntegerField())


_ESCALATED = Q(outcome=Decision.Outcome.ESCALATE)


def _approved(field: str) -> Case:
    """The approved amount (or date): the senior decision's for an escalation, else the
    forum's."""
    return Case(When(_ESCALATED, then=F(f"senior__{field}")), default=F(field))


def _saving_expressions(as_of: datetime.date) -> tuple[Case, Case, Case]:
    """(weekly saving in pence, annualised saving in £0.0001, realised saving in pence × days)
    for each approval."""
    approved_weekly = _pence(_approved("approved_weekly_amount"))
    counterfactual_weekly = _pence("request__counterfactual_weekly_cost")
    weekly_pence = counterfactual_weekly - approved_weekly
    one_off_pence = _pence("request__counterfactual_one_off_cost") - _pence(
        _approved("approved_one_off_amount")
    )
    weekly = Case(
        When(request__intervention_type=InterventionType.ONE_OFF, then=Value(0)),
        default=weekly_pence,
        output_field=BigIntegerField(),
    )
    annualised = Case(
        When(
            request__intervention_type=InterventionType.LONG_TERM,
            then=weekly_pence * Value(_WEEKS_PER_YEAR_HUNDREDTHS),
        ),
        When(
            request__intervention_type=InterventionType.SHORT_TERM,
            then=weekly_pence * F("request__short_term_weeks") * Value(100),
        ),
        default=one_off_pence * Value(100),
        output_field=BigIntegerField(),
    )
    ran_at = counterfactual_weekly - Coalesce(
        _pence("request__actual_weekly_cost"), approved_weekly
    )
    last_day = Least(Coalesce(F("request__ended_on"), Value(as_of)), Value(as_of))
    days = Greatest(DaysBetween(last_day, F("request__start_on")), Value(0))
    realised = Case(
        When(request__intervention_type=InterventionType.LONG_TERM, then=ran_at * days),
        When(
            request__intervention_type=InterventionType.SHORT_TERM,
            then=ran_at * Least(days, F("request__short_term_weeks") * Value(7)),
        ),
        default=one_off_pence * Value(7),
        output_field=BigIntegerField(),
    )
    return weekly, annualised, realised


def approved_decisions(
    *,
    partnership_id: int,
    start: datetime.date,
    end: datetime.date,
    locality_id: int | None = None,
    hub_id: int | None = None,
    forum_id: int | None = None,
) -> Any:
    """The decisions approving requests on a day in [start, end], scoped by the request's
    episode: forum approvals, and escalations whose senior decision approved them then."""
    scope = Q(outcome__in=Decision.APPROVALS, decided_on__gte=start, decided_on__lte=end) | Q(
        _ESCALATED,
        senior__outcome__in=Decision.APPROVALS,
        senior__decided_on__gte=start,
        senior__decided_on__lte=end,
    )
    scope &= Q(request__episode__partnership_id=partnership_id)
    if locality_id is not None:
        scope &= Q(request__episode__locality_id=locality_id)
    if hub_id is not None:
        scope &= Q(request__episode__first_contact_session__hub_id=hub_id)
    if forum_id is not None:
        scope &= Q(request__forum_id=forum_id)
    return Decision.objects.filter(scope)


def _pounds(units: int, per_pound: int) -> Decimal:
    return (Decimal(units) / per_pound).quantize(PENNY, rounding=ROUND_HALF_UP)


def savings_ledger(
    *,
    partnership_id: int,
    start: datetime.date,
    end: datetime.date,
    locality_id: int | None = None,
    hub_id: int | None = None,
    forum_id: int | None = None,
    as_of: datetime.date | None = None,
) -> SavingsLedger:
    """The cost avoided by requests approved in [start, end] (inclusive) in a partnership,
    optionally one locality, one hub (the hub of the episode's first contact) or one forum.

    One aggregate query grouped by intervention type; see the module docstring for the formulas
    and the rounding. ``as_of`` (by default the period's end, or today if sooner) is the day
    the realised figure runs to. Callers check that the user may see the scope
    (``savings.view``)."""
    as_of = as_of or min(end, timezone.localdate())
    weekly, annualised, realised = _saving_expressions(as_of)
    rows = (
        approved_decisions(
            partnership_id=partnership_id,
            start=start,
            end=end,
            locality_id=locality_id,
            hub_id=hub_id,
            forum_id=forum_id,
        )
        .values("request__intervention_type")
        .annotate(
            count=Count("pk"),
            weekly_pence=Sum(weekly),
            annual_units=Sum(annualised),
            realised_units=Sum(realised),
            people=Count("request__episode__person_id", distinct=True),
        )
        .order_by()
    )
    by_type = {row["request__intervention_type"]: row for row in rows}
    lines = _lines(by_type)
    long_term = by_type.get(InterventionType.LONG_TERM, {})
    people = long_term.get("people") or 0
    average = (
        _pounds(long_term.get("annual_units") or 0, UNITS_PER_POUND * people) if people else None
    )
    return SavingsLedger(
        lines=lines,
        count=sum(line.count for line in lines),
        weekly_total=sum((line.weekly_saving for line in lines), Decimal("0.00")),
        annualised_total=sum((line.annualised_saving for line in lines), Decimal("0.00")),
        long_term_people=people,
        average_annualised_per_long_term_person=average,
        realised_total=sum((line.realised_saving for line in lines), Decimal("0.00")),
        realised_as_of=as_of,
    )


def _lines(by_type: dict[str, dict[str, Any]]) -> list[LedgerLine]:
    """The three intervention types' lines from their summed units (pence, £0.0001, pence ×
    days), each rounded to the penny once."""
    lines = []
    for value, label in InterventionType.choices:
        row = by_type.get(value, {})
        lines.append(
            LedgerLine(
                intervention_type=value,
                label=label,
                count=row.get("count") or 0,
                weekly_saving=_pounds(row.get("weekly_pence") or 0, 100),
                annualised_saving=_pounds(row.get("annual_units") or 0, UNITS_PER_POUND),
                realised_saving=_pounds(row.get("realised_units") or 0, 100 * 7),
            )
        )
    return lines


@dataclass(frozen=True)
class LedgerMonth:
    """One month of a run of months: its ledger lines and the lines from the run's first day to
    the month's end (counts, weekly and annualised savings; no realised figure)."""

    month_start: datetime.date
    lines: list[LedgerLine]
    to_date: list[LedgerLine]


def savings_by_month(
    *,
    partnership_id: int,
    start: datetime.date,
    end: datetime.date,
    locality_id: int | None = None,
    hub_id: int | None = None,
) -> list[LedgerMonth]:
    """Each month from ``start`` (a month's first day: the financial year's, for the year to
    date) to ``end``'s month, from one query grouped by month and intervention type. Each
    month's lines, and its lines to date, are those ``savings_ledger`` gives for the same period
    (units summed as integers, then rounded once), so a month's year to date here is the year
    to date its own figures show."""
    weekly, annualised, _realised = _saving_expressions(end)
    decided_on = _approved("decided_on")  # the senior decision's date for an escalation
    rows = (
        approved_decisions(
            partnership_id=partnership_id,
            start=start,
            end=end,
            locality_id=locality_id,
            hub_id=hub_id,
        )
        .annotate(month=TruncMonth(decided_on, output_field=DateField()))
        .values("month", "request__intervention_type")
        .annotate(count=Count("pk"), weekly_pence=Sum(weekly), annual_units=Sum(annualised))
        .order_by()
    )
    by_month: dict[datetime.date, dict[str, dict[str, Any]]] = {}
    for row in rows:
        by_month.setdefault(row["month"], {})[row["request__intervention_type"]] = row
    running: dict[str, dict[str, int]] = {}
    months, first = [], start.replace(day=1)
    while first <= end:
        this = by_month.get(first, {})
        for kind, row in this.items():
            total = running.setdefault(kind, {"count": 0, "weekly_pence": 0, "annual_units": 0})
            for part in total:
                total[part] += row[part] or 0
        months.append(LedgerMonth(first, _lines(this), _lines(running)))
        first = (first + datetime.timedelta(days=32)).replace(day=1)
    return months


_PERIOD = re.compile(r"^(\d{4})-(\d{2})$")


def month_bounds(period: str) -> tuple[datetime.date, datetime.date]:
    """``"2026-03"`` → (1 March 2026, 31 March 2026). Raises ValueError on anything else."""
    match = _PERIOD.match(period or "")
    if not match:
        raise ValueError("Give the month as YYYY-MM, for example 2026-03.")
    year, month = int(match[1]), int(match[2])
    if not 1 <= month <= 12 or year < 2000:
        raise ValueError("Give the month as YYYY-MM, for example 2026-03.")
    return datetime.date(year, month, 1), datetime.date(
        year, month, calendar.monthrange(year, month)[1]
    )


def financial_year_start(day: datetime.date) -> datetime.date:
    """The 1 April on or before ``day`` (UK public-sector financial years run April–March)."""
    year = day.year if day.month >= 4 else day.year - 1
    return datetime.date(year, 4, 1)
