"""Carers supported (Outcome 3, independence and resilience — of carers in their own right).

**Carers supported** in a month: the number of people who had at least one carer's
conversation held that month — a conversation (of any kind, 1, 2 or 3) on an episode marked as
support for the person as a carer (``Episode.as_carer``, set from the person's page once they are
linked to someone they care for). Each carer counts once a month however many conversations
they had. Scope as every episode figure: the episode's partnership, locality, or hub of first
contact. A count of people, so it is suppressed like every count (1 to 4 shows as "<5")."""

from __future__ import annotations

from django.db.models import Count

from conversations.models import Conversation
from outcomes.periods import Month, MonthRange, Scope
from outcomes.selectors.figures.base import episodes_q
from outcomes.selectors.sql import month_bucket, month_keys


def carers_supported(*, months: MonthRange, scope: Scope) -> dict[Month, int]:
    rows = month_keys(
        Conversation.objects.filter(
            episodes_q(scope, "episode__"),
            episode__as_carer=True,
            held_on__gte=months.start,
            held_on__lte=months.end,
        )
        .annotate(stat_month=month_bucket("held_on", months))
        .values("stat_month")
        .annotate(carers=Count("episode__person", distinct=True))
        .order_by()
    )
    return {month: rows[month]["carers"] if month in rows else 0 for month in months}
