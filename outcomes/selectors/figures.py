"""The figures of DESIGN §4, each filed under its CLS outcome, computed in the database.

Every function takes a ``MonthRange`` and a ``Scope`` and answers per month, so a 12-month trend
costs the same queries as one month. All arithmetic that could differ between SQLite and
PostgreSQL (means, percentages, medians, percentiles) is done on integers fetched from the
database; see ``outcomes.selectors.sql`` for the median and percentile definitions.

Scope of a record: episodes (and their waits, signposts, reviews and waiting-list entries) count
for the episode's partnership and locality, and for a hub when the episode's first contact was at
one of that hub's sessions. Hub sessions count for their hub and its locality. Staff pulse
answers count for the locality the person answered for (a hub scope uses its locality).

Outcome 1 — easier, quicker access:
  wait to first conversation; wait to support in place; the waiting list; hub footfall.
Outcome 2 — local, trusted solutions:
  signposts made by category; take-up rate.
Outcome 3 — independence, resilience and wellbeing:
  personal outcomes reviewed (met / partly met / not met); change stories.
Outcome 4 — holistic, seamless support:
  resolved at first contact; first contact to last conversation of closed episodes.
Outcome 5 — staff empowered and confident:
  the staff pulse.
Outcome 6 — better use of local resources:
  peer-forum cost avoided (``peer_forum.selectors.savings_ledger``); cost-benefit studies.

None of these functions checks who is asking: callers build the ``Scope`` with
``outcomes.selectors.scopes.scope_for`` (which does) and show the results through
``outcomes.suppression`` (small numbers).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import CharField, Count, Exists, F, OuterRef, Q, Sum, Value
from django.db.models.functions import Cast, Concat

from conversations.models import (
    Conversation,
    Episode,
    OutcomeReview,
    Signpost,
    WaitingListEntry,
)
from hubs.models import HubSession
from outcomes.models import ChangeStory, ChangeStoryOutcome, StaffPulseResponse
from outcomes.periods import Month, MonthRange, Scope
from outcomes.reference import PULSE_ITEMS, CLSOutcome
from outcomes.selectors.sql import (
    ONE_PLACE,
    DaysBetween,
    DayStats,
    day_stats,
    day_stats_by_month,
    month_bucket,
    month_keys,
)


def percent(numerator: int, denominator: int) -> Decimal | None:
    """numerator ÷ denominator × 100, one decimal place, halves up; None when nothing to divide."""
    if not denominator:
        return None
    return (Decimal(100 * numerator) / Decimal(denominator)).quantize(ONE_PLACE, ROUND_HALF_UP)


@dataclass(frozen=True)
class Share:
    """``numerator`` of ``denominator``, e.g. 12 of 40 closed episodes resolved at first contact."""

    numerator: int = 0
    denominator: int = 0

    @property
    def percent(self) -> Decimal | None:
        return percent(self.numerator, self.denominator)


# --- scope lookups, one line per kind of record ------------------------------------------------


def _episodes(scope: Scope, prefix: str = "") -> Q:
    return Q(
        **scope.lookups(
            f"{prefix}partnership_id",
            f"{prefix}locality_id",
            f"{prefix}first_contact_session__hub_id",
        )
    )


def _sessions(scope: Scope, prefix: str = "") -> Q:
    return Q(
        **scope.lookups(
            f"{prefix}hub__partnership_id", f"{prefix}hub__locality_id", f"{prefix}hub_id"
        )
    )


# --- Outcome 1: easier, quicker access ---------------------------------------------------------


def wait_to_first_conversation(*, months: MonthRange, scope: Scope) -> dict[Month, DayStats]:
    """Days from first contact to first conversation, for episodes whose first conversation fell
    in each month."""
    return day_stats_by_month(
        Episode.objects.filter(_episodes(scope), first_conversation_on__isnull=False),
        month_field="first_conversation_on",
        days=DaysBetween("first_conversation_on", "first_contact_on"),
        months=months,
    )


def wait_to_support_in_place(*, months: MonthRange, scope: Scope) -> dict[Month, DayStats]:
    """Days from first conversation to support in place, for episodes whose support was in
    place in each month."""
    return day_stats_by_month(
        Episode.objects.filter(
            _episodes(scope), support_in_place_on__isnull=False, first_conversation_on__isnull=False
        ),
        month_field="support_in_place_on",
        days=DaysBetween("support_in_place_on", "first_conversation_on"),
        months=months,
    )


@dataclass(frozen=True)
class WaitingListMonth:
    """``open_at_end``: entries added on or before the month's last day and not removed by then;
    ``added`` / ``removed``: entries added / removed on a day in the month."""

    open_at_end: int = 0
    added: int = 0
    removed: int = 0
    urgent_open_at_end: int = 0


@dataclass(frozen=True)
class Change:
    """A count now against a count then: the difference and the percentage change."""

    current: int
    compared: int
    compared_month: Month

    @property
    def difference(self) -> int:
        return self.current - self.compared

    @property
    def percent(self) -> Decimal | None:
        return percent(self.difference, self.compared)


@dataclass(frozen=True)
class WaitingListFigures:
    by_month: dict[Month, WaitingListMonth]
    previous: WaitingListMonth  # the month before the range's first month
    baseline_month: Month
    baseline: WaitingListMonth

    def change_on_previous(self, month: Month) -> Change:
        before = self.by_month.get(month.previous, self.previous)
        return Change(self.by_month[month].open_at_end, before.open_at_end, month.previous)

    def change_on_baseline(self, month: Month) -> Change:
        return Change(
            self.by_month[month].open_at_end, self.baseline.open_at_end, self.baseline_month
        )


def _waiting_list_counts(month: Month, key: str) -> dict[str, Count]:
    open_then = Q(added_on__lte=month.end) & (
        Q(removed_on__isnull=True) | Q(removed_on__gt=month.end)
    )
    urgent = Q(priority=WaitingListEntry.Priority.URGENT)
    return {
        f"open_{key}": Count("pk", filter=open_then),
        f"urgent_{key}": Count("pk", filter=open_then & urgent),
        f"added_{key}": Count("pk", filter=Q(added_on__gte=month.start, added_on__lte=month.end)),
        f"removed_{key}": Count(
            "pk", filter=Q(removed_on__gte=month.start, removed_on__lte=month.end)
        ),
    }


def _waiting_list_month(row: dict, key: str) -> WaitingListMonth:
    return WaitingListMonth(
        open_at_end=row[f"open_{key}"],
        added=row[f"added_{key}"],
        removed=row[f"removed_{key}"],
        urgent_open_at_end=row[f"urgent_{key}"],
    )


def _waiting_list_entries_in(scope: Scope, months: list[Month]):
    """The entries that can count in any of these months: added by the last month's end and
    not removed before the first month began (years of removed entries count in none)."""
    return WaitingListEntry.objects.filter(
        _episodes(scope, "episode__"),
        Q(removed_on__isnull=True) | Q(removed_on__gte=min(m.start for m in months)),
        added_on__lte=max(m.end for m in months),
    )


def default_baseline(month: Month) -> Month:
    """The baseline a comparison uses unless another is chosen: the same month a year before."""
    return month.shift(-12)


def waiting_list(
    *, months: MonthRange, scope: Scope, baseline: Month | None = None
) -> WaitingListFigures:
    """Waiting-list entries open at each month's end, added and removed in it, with the month
    before the range and a baseline month for comparison: one query (conditional counts)."""
    baseline = baseline or default_baseline(months.last)
    wanted = {f"m{index}": month for index, month in enumerate(months)}
    wanted["prev"] = months.first.previous
    wanted["base"] = baseline
    aggregates: dict[str, Count] = {}
    for key, month in wanted.items():
        aggregates |= _waiting_list_counts(month, key)
    row = _waiting_list_entries_in(scope, list(wanted.values())).order_by().aggregate(**aggregates)
    return WaitingListFigures(
        by_month={month: _waiting_list_month(row, f"m{i}") for i, month in enumerate(months)},
        previous=_waiting_list_month(row, "prev"),
        baseline_month=baseline,
        baseline=_waiting_list_month(row, "base"),
    )


@dataclass(frozen=True)
class WaitingListLine:
    """One named list in one month, with its open count a month before and at the baseline."""

    list_id: int
    name: str
    month: WaitingListMonth
    previous_open: int
    baseline_open: int


def waiting_list_by_list(
    *, month: Month, scope: Scope, baseline: Month | None = None
) -> list[WaitingListLine]:
    """The waiting-list figures of one month, one line per named list: one grouped query."""
    baseline = baseline or default_baseline(month)
    aggregates = (
        _waiting_list_counts(month, "now")
        | _waiting_list_counts(month.previous, "prev")
        | _waiting_list_counts(baseline, "base")
    )
    rows = (
        _waiting_list_entries_in(scope, [month, month.previous, baseline])
        .values("waiting_list_id", "waiting_list__name")
        .annotate(**aggregates)
        .order_by("waiting_list__name", "waiting_list_id")
    )
    return [
        WaitingListLine(
            list_id=row["waiting_list_id"],
            name=row["waiting_list__name"],
            month=_waiting_list_month(row, "now"),
            previous_open=row["open_prev"],
            baseline_open=row["open_base"],
        )
        for row in rows
    ]


@dataclass(frozen=True)
class WaitingListWaits:
    """How long people have waited: those still waiting at the month's end (days from being
    added to the month's last day) and those taken off in the month (days added to removed)."""

    still_waiting: DayStats
    removed: DayStats


def waiting_list_waits(*, month: Month, scope: Scope) -> WaitingListWaits:
    entries = WaitingListEntry.objects.filter(_episodes(scope, "episode__"))
    open_at_end = entries.filter(
        Q(added_on__lte=month.end) & (Q(removed_on__isnull=True) | Q(removed_on__gt=month.end))
    )
    removed = entries.filter(removed_on__gte=month.start, removed_on__lte=month.end)
    return WaitingListWaits(
        still_waiting=day_stats(open_at_end, days=DaysBetween(month.end, "added_on")),
        removed=day_stats(removed, days=DaysBetween("removed_on", "added_on")),
    )


@dataclass(frozen=True)
class Footfall:
    """People seen at hub sessions: ``named`` (different people with a conversation at each
    session, summed over sessions) plus the ``anonymous`` head-count."""

    sessions: int = 0
    named: int = 0
    anonymous: int = 0

    @property
    def total(self) -> int:
        return self.named + self.anonymous


@dataclass(frozen=True)
class FootfallLine:
    hub_id: int
    hub_name: str
    mode: str
    mode_label: str
    footfall: Footfall


# Footfall counts each person once per session they were seen at: distinct (session, person)
# pairs among the conversations held at sessions. Counted in one grouped query over the
# conversations (a key per pair), not a subquery per session, which on a large partnership ran
# once for each of thousands of sessions.
_SESSION_PERSON = Concat(
    Cast("hub_session_id", CharField()), Value("-"), Cast("episode__person_id", CharField())
)


def _sessions_between(scope: Scope, start: datetime.date, end: datetime.date):
    return HubSession.objects.filter(_sessions(scope), date__gte=start, date__lte=end)


def _named_between(scope: Scope, start: datetime.date, end: datetime.date):
    return Conversation.objects.filter(
        _sessions(scope, "hub_session__"),
        hub_session__date__gte=start,
        hub_session__date__lte=end,
    )


def _footfall(sessions: dict | None, named: dict | None) -> Footfall:
    return Footfall(
        sessions=sessions["sessions"] if sessions else 0,
        named=named["named"] if named else 0,
        anonymous=(sessions["anonymous"] or 0) if sessions else 0,
    )


def footfall(*, months: MonthRange, scope: Scope) -> dict[Month, Footfall]:
    """People seen at hub sessions held in each month: two grouped queries."""
    sessions = month_keys(
        _sessions_between(scope, months.start, months.end)
        .annotate(stat_month=month_bucket("date", months))
        .values("stat_month")
        .annotate(sessions=Count("pk"), anonymous=Sum("anonymous_count"))
        .order_by()
    )
    named = month_keys(
        _named_between(scope, months.start, months.end)
        .annotate(stat_month=month_bucket("hub_session__date", months))
        .values("stat_month")
        .annotate(named=Count(_SESSION_PERSON, distinct=True))
        .order_by()
    )
    return {month: _footfall(sessions.get(month), named.get(month)) for month in months}


def footfall_between(*, start: datetime.date, end: datetime.date, scope: Scope) -> Footfall:
    """Footfall over any run of days (a cost-benefit study's year): two queries."""
    sessions = _sessions_between(scope, start, end).aggregate(
        sessions=Count("pk"), anonymous=Sum("anonymous_count")
    )
    named = _named_between(scope, start, end).aggregate(named=Count(_SESSION_PERSON, distinct=True))
    return _footfall(sessions, named)


def footfall_by_hub_and_mode(*, months: MonthRange, scope: Scope) -> list[FootfallLine]:
    """Footfall over the whole range, one line per hub and session mode: two grouped queries."""
    modes = dict(HubSession.Mode.choices)
    rows = (
        _sessions_between(scope, months.start, months.end)
        .values("hub_id", "hub__name", "mode")
        .annotate(sessions=Count("pk"), anonymous=Sum("anonymous_count"))
        .order_by("hub__name", "hub_id", "mode")
    )
    named = {
        (row["hub_session__hub_id"], row["hub_session__mode"]): row
        for row in _named_between(scope, months.start, months.end)
        .values("hub_session__hub_id", "hub_session__mode")
        .annotate(named=Count(_SESSION_PERSON, distinct=True))
        .order_by()
    }
    return [
        FootfallLine(
            hub_id=row["hub_id"],
            hub_name=row["hub__name"],
            mode=row["mode"],
            mode_label=modes.get(row["mode"], row["mode"]),
            footfall=_footfall(row, named.get((row["hub_id"], row["mode"]))),
        )
        for row in rows
    ]


# --- Outcome 2: local, trusted solutions -------------------------------------------------------

# "Ended" means the person took the solution up and it has since finished, so it counts as taken up.
TAKEN_UP = (Signpost.Status.TAKEN_UP, Signpost.Status.ENDED)


@dataclass(frozen=True)
class SignpostMonth:
    """``made``: signposts made in the month; ``take_up``: of the signposts whose follow-up was
    recorded in the month (taken up, not taken up or ended), how many were taken up."""

    made: int = 0
    take_up: Share = field(default_factory=Share)


def signposting(*, months: MonthRange, scope: Scope) -> dict[Month, SignpostMonth]:
    """Signposts made and followed up per month: two grouped queries."""
    signposts = Signpost.objects.filter(_episodes(scope, "episode__"))
    made = month_keys(
        signposts.filter(created_on__gte=months.start, created_on__lte=months.end)
        .annotate(stat_month=month_bucket("created_on", months))
        .values("stat_month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    followed = month_keys(
        signposts.filter(
            followed_up_on__gte=months.start,
            followed_up_on__lte=months.end,
            status__in=Signpost.FOLLOWED_UP,
        )
        .annotate(stat_month=month_bucket("followed_up_on", months))
        .values("stat_month")
        .annotate(n=Count("pk"), taken=Count("pk", filter=Q(status__in=TAKEN_UP)))
        .order_by()
    )
    return {
        month: SignpostMonth(
            made=made[month]["n"] if month in made else 0,
            take_up=Share(followed[month]["taken"], followed[month]["n"])
            if month in followed
            else Share(),
        )
        for month in months
    }


@dataclass(frozen=True)
class SignpostCategoryLine:
    category: str
    made: int
    take_up: Share


def signposting_by_category(*, month: Month, scope: Scope) -> list[SignpostCategoryLine]:
    """One month's signposts by the solution's category: one grouped query."""
    in_month = Q(created_on__gte=month.start, created_on__lte=month.end)
    followed = Q(
        followed_up_on__gte=month.start,
        followed_up_on__lte=month.end,
        status__in=Signpost.FOLLOWED_UP,
    )
    rows = (
        Signpost.objects.filter(_episodes(scope, "episode__"))
        .filter(in_month | followed)
        .values("solution__category__name")
        .annotate(
            made=Count("pk", filter=in_month),
            followed=Count("pk", filter=followed),
            taken=Count("pk", filter=followed & Q(status__in=TAKEN_UP)),
        )
        .order_by("-made", "solution__category__name")
    )
    return [
        SignpostCategoryLine(
            category=row["solution__category__name"],
            made=row["made"],
            take_up=Share(row["taken"], row["followed"]),
        )
        for row in rows
    ]


# --- Outcome 3: independence, resilience and wellbeing -----------------------------------------


@dataclass(frozen=True)
class ReviewMonth:
    """Personal outcomes reviewed in the month, by their latest status in that month."""

    met: int = 0
    partly_met: int = 0
    not_met: int = 0

    @property
    def reviewed(self) -> int:
        return self.met + self.partly_met + self.not_met

    def share(self, status: str) -> Share:
        return Share(getattr(self, status), self.reviewed)


def personal_outcomes(*, months: MonthRange, scope: Scope) -> dict[Month, ReviewMonth]:
    """Of the personal outcomes reviewed in each month, how many were met, partly met or not met
    at their last review that month (an outcome reviewed twice in a month counts once)."""
    later_same_month = OutcomeReview.objects.filter(
        outcome=OuterRef("outcome"), reviewed_on__lte=OuterRef("stat_month_end")
    ).filter(
        Q(reviewed_on__gt=OuterRef("reviewed_on"))
        | Q(reviewed_on=OuterRef("reviewed_on"), pk__gt=OuterRef("pk"))
    )
    rows = (
        OutcomeReview.objects.filter(
            _episodes(scope, "outcome__episode__"),
            reviewed_on__gte=months.start,
            reviewed_on__lte=months.end,
        )
        .annotate(
            stat_month=month_bucket("reviewed_on", months),
            stat_month_end=month_bucket("reviewed_on", months, end=True),
        )
        .exclude(Exists(later_same_month))
        .values("stat_month")
        .annotate(
            met=Count("pk", filter=Q(status=OutcomeReview.Status.MET)),
            partly_met=Count("pk", filter=Q(status=OutcomeReview.Status.PARTLY_MET)),
            not_met=Count("pk", filter=Q(status=OutcomeReview.Status.NOT_MET)),
        )
        .order_by()
    )
    found = month_keys(rows)
    return {
        month: ReviewMonth(
            met=found[month]["met"],
            partly_met=found[month]["partly_met"],
            not_met=found[month]["not_met"],
        )
        if month in found
        else ReviewMonth()
        for month in months
    }


@dataclass(frozen=True)
class StoryCounts:
    told: int = 0
    shareable: int = 0


def change_stories_by_outcome(*, months: MonthRange, scope: Scope) -> dict[int, StoryCounts]:
    """Change stories told in the range, per CLS outcome they show: one grouped query."""
    rows = (
        ChangeStoryOutcome.objects.filter(
            story__in=ChangeStory.objects.filter(
                _story_scope(scope), told_on__gte=months.start, told_on__lte=months.end
            )
        )
        .values("outcome")
        .annotate(
            told=Count("story", distinct=True),
            shareable=Count("story", distinct=True, filter=Q(story__consent_to_share=True)),
        )
        .order_by()
    )
    found = {row["outcome"]: StoryCounts(row["told"], row["shareable"]) for row in rows}
    return {outcome: found.get(outcome, StoryCounts()) for outcome in CLSOutcome.values}


def _story_scope(scope: Scope) -> Q:
    found = Q(partnership_id=scope.partnership_id)
    if scope.hub_id:
        found &= Q(hub_id=scope.hub_id)
    elif scope.locality_id:
        found &= Q(locality_id=scope.locality_id)
    return found


# --- Outcome 4: holistic, seamless support -----------------------------------------------------


def resolved_at_first_contact(*, months: MonthRange, scope: Scope) -> dict[Month, Share]:
    """Of the episodes closed in each month, how many closed as "resolved at first contact"."""
    rows = month_keys(
        Episode.objects.filter(
            _episodes(scope), closed_on__gte=months.start, closed_on__lte=months.end
        )
        .annotate(stat_month=month_bucket("closed_on", months))
        .values("stat_month")
        .annotate(
            closed=Count("pk"),
            resolved=Count(
                "pk", filter=Q(close_reason=Episode.CloseReason.RESOLVED_AT_FIRST_CONTACT)
            ),
        )
        .order_by()
    )
    return {
        month: Share(rows[month]["resolved"], rows[month]["closed"]) if month in rows else Share()
        for month in months
    }


def contact_to_last_conversation(*, months: MonthRange, scope: Scope) -> dict[Month, DayStats]:
    """Days from first contact to the last conversation, for episodes closed in each month
    (episodes closed without any conversation are left out)."""
    return day_stats_by_month(
        Episode.objects.filter(_episodes(scope), last_conversation_on__isnull=False),
        month_field="closed_on",
        days=DaysBetween("last_conversation_on", "first_contact_on"),
        months=months,
    )


# --- Outcome 5: staff empowered and confident --------------------------------------------------


@dataclass(frozen=True)
class PulseMonth:
    """The staff pulse for a month: how many answered, and per statement the mean score (1–5,
    one decimal place) and how many agreed (4 or 5)."""

    responses: int = 0
    means: dict[str, Decimal | None] = field(default_factory=dict)
    agreed: dict[str, int] = field(default_factory=dict)
    overall_mean: Decimal | None = None


def staff_pulse(*, months: MonthRange, scope: Scope) -> dict[Month, PulseMonth]:
    """One grouped query: per month, the count and, per item, the sum and the count agreeing."""
    filters = Q(partnership_id=scope.partnership_id)
    if scope.locality_id:  # a hub scope carries its hub's locality
        filters &= Q(locality_id=scope.locality_id)
    aggregates: dict = {"responses": Count("pk")}
    for item in PULSE_ITEMS:
        aggregates[f"sum_{item}"] = Sum(item)
        aggregates[f"agree_{item}"] = Count("pk", filter=Q(**{f"{item}__gte": 4}))
    rows = month_keys(
        StaffPulseResponse.objects.filter(filters, month__gte=months.start, month__lte=months.end)
        .values(stat_month=F("month"))
        .annotate(**aggregates)
        .order_by()
    )
    result = {}
    for month in months:
        row = rows.get(month)
        if not row:
            result[month] = PulseMonth()
            continue
        n = row["responses"]
        sums = {item: int(row[f"sum_{item}"] or 0) for item in PULSE_ITEMS}
        result[month] = PulseMonth(
            responses=n,
            means={
                item: (Decimal(total) / n).quantize(ONE_PLACE, ROUND_HALF_UP)
                for item, total in sums.items()
            },
            agreed={item: row[f"agree_{item}"] for item in PULSE_ITEMS},
            overall_mean=(Decimal(sum(sums.values())) / (n * len(PULSE_ITEMS))).quantize(
                ONE_PLACE, ROUND_HALF_UP
            ),
        )
    return result
