"""Outcome 1, easier, quicker access (DESIGN §4): the wait to first conversation, the wait to
support in place, and hub footfall. The waiting list is in ``waiting_lists``."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import CharField, Count, Sum, Value
from django.db.models.functions import Cast, Concat

from conversations.models import Conversation, Episode, HubBooking
from hubs.models import HubSession
from outcomes.periods import Month, MonthRange, Scope
from outcomes.selectors.figures.base import episodes_q, sessions_q
from outcomes.selectors.sql import (
    DaysBetween,
    DayStats,
    day_stats_by_month,
    month_bucket,
    month_keys,
)


def wait_to_first_conversation(*, months: MonthRange, scope: Scope) -> dict[Month, DayStats]:
    """DESIGN §4 "Wait to first conversation": days from first contact to first conversation, for
    episodes whose first conversation fell in each month."""
    return day_stats_by_month(
        Episode.objects.filter(episodes_q(scope), first_conversation_on__isnull=False),
        month_field="first_conversation_on",
        days=DaysBetween("first_conversation_on", "first_contact_on"),
        months=months,
    )


def wait_to_support_in_place(*, months: MonthRange, scope: Scope) -> dict[Month, DayStats]:
    """DESIGN §4 "Wait to support in place": days from first conversation to support in place,
    for episodes whose support was in place in each month."""
    return day_stats_by_month(
        Episode.objects.filter(
            episodes_q(scope),
            support_in_place_on__isnull=False,
            first_conversation_on__isnull=False,
        ),
        month_field="support_in_place_on",
        days=DaysBetween("support_in_place_on", "first_conversation_on"),
        months=months,
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
    # A planned session nobody opened was not held.
    return HubSession.objects.filter(
        sessions_q(scope), date__gte=start, date__lte=end, planned=False
    )


def _named_between(scope: Scope, start: datetime.date, end: datetime.date):
    return Conversation.objects.filter(
        sessions_q(scope, "hub_session__"),
        hub_session__date__gte=start,
        hub_session__date__lte=end,
    )


def _footfall(sessions: Mapping[str, Any] | None, named: Mapping[str, Any] | None) -> Footfall:
    return Footfall(
        sessions=sessions["sessions"] if sessions else 0,
        named=named["named"] if named else 0,
        anonymous=(sessions["anonymous"] or 0) if sessions else 0,
    )


def footfall(*, months: MonthRange, scope: Scope) -> dict[Month, Footfall]:
    """DESIGN §4 "Footfall": people seen at hub sessions held in each month: two grouped
    queries."""
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
    """DESIGN §4 "Footfall" over any run of days (a cost-benefit study's year): two queries."""
    sessions = _sessions_between(scope, start, end).aggregate(
        sessions=Count("pk"), anonymous=Sum("anonymous_count")
    )
    named = _named_between(scope, start, end).aggregate(named=Count(_SESSION_PERSON, distinct=True))
    return _footfall(sessions, named)


def footfall_by_hub_and_mode(*, months: MonthRange, scope: Scope) -> list[FootfallLine]:
    """DESIGN §4 "Footfall ... by hub and mode": over the whole range, one line per hub and
    session mode: two grouped queries."""
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


def hub_appointments_not_attended(*, months: MonthRange, scope: Scope) -> dict[Month, int]:
    """DESIGN §4 "Did not attend": bookings marked "did not attend" at hub sessions planned for a
    day in each month (counted by the session's day, whenever it was marked; a booking marked
    and then seen when they came late counts as seen): one grouped query."""
    counts = month_keys(
        HubBooking.objects.filter(
            sessions_q(scope, "session__"),
            session__date__gte=months.start,
            session__date__lte=months.end,
            status=HubBooking.Status.DID_NOT_ATTEND,
        )
        .annotate(stat_month=month_bucket("session__date", months))
        .values("stat_month")
        .annotate(bookings=Count("pk"))
        .order_by()
    )
    return {month: counts[month]["bookings"] if month in counts else 0 for month in months}
