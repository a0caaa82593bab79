"""Reading personal outcomes, their reviews and wellbeing scores, scoped to the user."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.db.models import Prefetch, QuerySet

from conversations.models import OutcomeReview, PersonalOutcome, WellbeingScore

if TYPE_CHECKING:
    from cls_portal.accounts.models import User


_Outcomes = TypeVar("_Outcomes", bound=QuerySet[PersonalOutcome])


def _with_reviews(outcomes: _Outcomes) -> _Outcomes:
    return outcomes.prefetch_related(
        Prefetch("reviews", queryset=OutcomeReview.objects.order_by("-reviewed_on", "-pk"))
    )


def personal_outcome_get(*, user: User, pk: int, action: str = "person.view") -> PersonalOutcome:
    return _with_reviews(PersonalOutcome.objects.select_related("episode__person")).get_for(
        user, action, pk=pk
    )


def personal_outcome_list(
    *, user: User, episode_id: int | None = None, person_id: int | None = None
) -> QuerySet[PersonalOutcome]:
    outcomes = PersonalOutcome.objects.visible_to(user).select_related("episode")
    if episode_id is not None:
        outcomes = outcomes.filter(episode_id=episode_id)
    if person_id is not None:
        outcomes = outcomes.filter(episode__person_id=person_id)
    return _with_reviews(outcomes).order_by("-created_on", "-pk")


def wellbeing_score_list(
    *, user: User, episode_id: int | None = None, person_id: int | None = None
) -> QuerySet[WellbeingScore]:
    scores = WellbeingScore.objects.visible_to(user).select_related("episode")
    if episode_id is not None:
        scores = scores.filter(episode_id=episode_id)
    if person_id is not None:
        scores = scores.filter(episode__person_id=person_id)
    return scores.order_by("-recorded_on", "-pk")


def personal_outcomes_chosen(*, user: User, ids: Any) -> list[PersonalOutcome]:
    """Personal outcomes the user may see among ``ids`` (to build a support plan from)."""
    return list(
        PersonalOutcome.objects.visible_to(user).filter(pk__in=set(ids)).select_related("episode")
    )
