"""Outcome 4, holistic, seamless support (DESIGN §4): resolved at first contact, and first
contact to the last conversation of closed episodes."""

from __future__ import annotations

from django.db.models import Count, Q

from conversations.models import Episode
from outcomes.periods import Month, MonthRange, Scope
from outcomes.selectors.figures.base import Share, episodes_q
from outcomes.selectors.sql import (
    DaysBetween,
    DayStats,
    day_stats_by_month,
    month_bucket,
    month_keys,
)


def resolved_at_first_contact(*, months: MonthRange, scope: Scope) -> dict[Month, Share]:
    """DESIGN §4 "Resolved at first contact": of the episodes closed in each month, how many
    closed as "resolved at first contact"."""
    rows = month_keys(
        Episode.objects.filter(
            episodes_q(scope), closed_on__gte=months.start, closed_on__lte=months.end
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
    """DESIGN §4 "Contact to last conversation": days from first contact to the last
    conversation, for episodes closed in each month
    (episodes closed without any conversation are left out)."""
    return day_stats_by_month(
        Episode.objects.filter(episodes_q(scope), last_conversation_on__isnull=False),
        month_field="closed_on",
        days=DaysBetween("last_conversation_on", "first_contact_on"),
        months=months,
    )
