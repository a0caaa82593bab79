"""The crisis board: open crisis plans in the user's localities, most urgent first."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db.models import (
    BooleanField,
    Case,
    ExpressionWrapper,
    F,
    FilteredRelation,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)

from conversations.models import CrisisPlan, Episode
from conversations.services.pathway import CRISIS_TIME_LIMIT

if TYPE_CHECKING:
    from cls_portal.accounts.models import User

Rag = CrisisPlan.Rag
State = Episode.State


def crisis_plan_get(*, user: User, pk: int, action: str = "person.view") -> CrisisPlan:
    return CrisisPlan.objects.select_related("episode__person", "conversation").get_for(
        user, action, pk=pk
    )


def crisis_plan_list(
    *, user: User, episode_id: int | None = None, open_only: bool = False
) -> QuerySet[CrisisPlan]:
    plans = CrisisPlan.objects.visible_to(user).select_related("conversation", "episode")
    if episode_id is not None:
        plans = plans.filter(episode_id=episode_id)
    if open_only:
        plans = plans.filter(ended_on__isnull=True)
    return plans.order_by("ended_on", "review_by", "pk")


def crisis_board(*, user: User, today: datetime.date) -> QuerySet[Episode]:
    """Every episode in conversation 2 the user may see, with its open plan (if any), ordered
    by urgency: no plan yet, then red, amber, green; then the earliest review-by date.

    Each row carries ``plan_id``, ``plan_rag``, ``plan_review_by``, ``review_overdue`` (the
    review-by date has passed), ``review_due_today`` and ``in_crisis_too_long`` (in
    conversation 2 for longer than ``CRISIS_TIME_LIMIT``, six weeks)."""
    too_long_since = today - CRISIS_TIME_LIMIT
    return (
        Episode.objects.visible_to(user)
        .filter(state=State.CONVERSATION_2)
        .annotate(
            open_plan=FilteredRelation(
                "crisis_plans", condition=Q(crisis_plans__ended_on__isnull=True)
            )
        )
        .annotate(
            plan_id=F("open_plan__pk"),
            plan_rag=F("open_plan__rag"),
            plan_review_by=F("open_plan__review_by"),
            rag_rank=Case(
                When(open_plan__rag=Rag.RED, then=Value(1)),
                When(open_plan__rag=Rag.AMBER, then=Value(2)),
                When(open_plan__rag=Rag.GREEN, then=Value(3)),
                default=Value(0),
                output_field=IntegerField(),
            ),
            review_overdue=ExpressionWrapper(
                Q(open_plan__review_by__lt=today), output_field=BooleanField()
            ),
            review_due_today=ExpressionWrapper(
                Q(open_plan__review_by=today), output_field=BooleanField()
            ),
            in_crisis_too_long=ExpressionWrapper(
                Q(crisis_started_on__lt=too_long_since), output_field=BooleanField()
            ),
        )
        .select_related("person", "locality")
        .order_by("rag_rank", F("plan_review_by").asc(nulls_first=True), "crisis_started_on", "pk")
    )


def crisis_referrals(*, user: User) -> QuerySet[Episode]:
    """People referred for crisis support at a conversation (e.g. a hub drop-in) who have not yet
    had a crisis conversation since: shown on the board so nobody is lost between the two. The
    pathway keeps each episode's waiting referral (``crisis_referred_on``), so this reads the
    few waiting rather than every referral ever made."""
    return (
        Episode.objects.visible_to(user)
        .filter(state__in=[State.WAITING, State.CONVERSATION_1], crisis_referred_on__isnull=False)
        .annotate(referred_on=F("crisis_referred_on"))
        .select_related("person", "locality")
        .order_by("referred_on", "pk")
    )
