"""Work that is due: what a practitioner or hub worker's home page and daily digest count.

Each function returns a queryset scoped to the user (their partnership and localities), most
pressing first, so a caller can both ``count()`` it and show its first few rows; each row says
how it is cleared (the page it links to does that). The rules live here once: the crisis board,
the follow-up list and the waiting lists read the same records.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db.models import F, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from conversations.models import (
    CrisisPlan,
    Episode,
    OutcomeReview,
    PersonalOutcome,
    Signpost,
    WaitingListEntry,
)
from conversations.selectors.crisis import crisis_referrals
from conversations.selectors.signposts import signpost_follow_up_list
from conversations.selectors.waiting_lists import on_list_at
from conversations.services.pathway import CRISIS_TIME_LIMIT

if TYPE_CHECKING:
    from cls_portal.accounts.models import User

State = Episode.State

# A personal outcome not yet met is looked at again this long after its last review (or, never
# reviewed, after it was written down): often enough to notice a change, not a form-filling cycle.
OUTCOME_REVIEW_AFTER = datetime.timedelta(weeks=12)


def crisis_plans_due_review(*, user: User, today: datetime.date) -> QuerySet[CrisisPlan]:
    """Open crisis plans whose review-by date is today or has passed, most overdue first.
    Cleared by reviewing the plan (a new review-by date) or by the crisis ending."""
    return (
        CrisisPlan.objects.visible_to(user)
        .filter(ended_on__isnull=True, review_by__lte=today, episode__state=State.CONVERSATION_2)
        .select_related("episode__person")
        .order_by("review_by", "pk")
    )


def crises_past_time_limit(*, user: User, today: datetime.date) -> QuerySet[Episode]:
    """Episodes in conversation 2 for longer than the six-week limit, longest first. Cleared by
    moving on (a conversation 1 or 3) or closing the episode."""
    return (
        Episode.objects.visible_to(user)
        .filter(state=State.CONVERSATION_2, crisis_started_on__lt=today - CRISIS_TIME_LIMIT)
        .select_related("person")
        .order_by("crisis_started_on", "pk")
    )


def waiting_for_crisis_conversation(*, user: User) -> QuerySet[Episode]:
    """People referred for crisis support who have had no crisis conversation since (the crisis
    board's "waiting" list), longest wait first. Cleared by a conversation 2."""
    return crisis_referrals(user=user)


def signpost_follow_ups_due(*, user: User, today: datetime.date) -> QuerySet[Signpost]:
    """Signposts whose follow-up date is today or has passed (the follow-up list's "due now")."""
    return signpost_follow_up_list(user=user, which="due", today=today)


def personal_outcomes_due_review(*, user: User, today: datetime.date) -> QuerySet[PersonalOutcome]:
    """Outcomes of open episodes not yet met whose last review (or, if never reviewed, whose
    writing down) was ``OUTCOME_REVIEW_AFTER`` or longer ago; each carries ``last_looked_on``.
    Cleared by a review (a review of "met" takes it off for good).

    The oldest outcomes first (written down earliest), not the longest since looked at: that
    date is computed per outcome, so ordering by it means computing it for every open outcome,
    while this order walks an index and stops after the rows shown."""
    latest = OutcomeReview.objects.filter(outcome=OuterRef("pk")).order_by("-reviewed_on", "-pk")
    return (
        PersonalOutcome.objects.visible_to(user)
        .exclude(episode__state=State.CLOSED)
        .annotate(
            last_looked_on=Coalesce(Subquery(latest.values("reviewed_on")[:1]), F("created_on"))
        )
        # Never reviewed (no status: "" here, as NULL never equals "met") or not met yet. An
        # alias, not an annotation: each use of an expression repeats its subquery in the SQL.
        .alias(last_status=Coalesce(Subquery(latest.values("status")[:1]), Value("")))
        .filter(last_looked_on__lte=today - OUTCOME_REVIEW_AFTER)
        .exclude(last_status=OutcomeReview.Status.MET)
        .select_related("episode__person")
        .order_by("created_on", "pk")
    )


def referrals_waiting_first_conversation(*, user: User) -> QuerySet[Episode]:
    """Episodes opened by a referral (``channel`` "referral") still waiting for their first
    conversation, longest first. Cleared by a conversation 1 (or 2), or by closing."""
    return (
        Episode.objects.visible_to(user)
        .filter(
            channel=Episode.Channel.REFERRAL,
            state=State.WAITING,
            first_conversation_on__isnull=True,
        )
        .select_related("person")
        .order_by("first_contact_on", "pk")
    )


def longest_waits(*, user: User, today: datetime.date) -> QuerySet[WaitingListEntry]:
    """Everyone on a waiting list today, longest wait first (urgent ones first on the same day
    is the list page's order; here the longest wait leads). Cleared by taking them off the list
    (seen, or another reason)."""
    return (
        WaitingListEntry.objects.visible_to(user)
        .filter(on_list_at(today))
        .select_related("episode__person", "waiting_list")
        .order_by("added_on", "pk")
    )
