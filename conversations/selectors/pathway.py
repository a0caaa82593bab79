"""Reading episodes and conversations, always scoped to what the user may see."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from conversations.models import Conversation, Episode, SupportPlan

if TYPE_CHECKING:
    from cls_portal.accounts.models import User


def episode_get(*, user: User, pk: int, action: str = "person.view") -> Episode:
    """One episode the user may see and act on: 404 outside scope, 403 for a role that may not."""
    return Episode.objects.select_related("person", "locality", "partnership").get_for(
        user, action, pk=pk
    )


def episode_list(
    *, user: User, person_id: int | None = None, state: str | None = None
) -> QuerySet[Episode]:
    episodes = Episode.objects.visible_to(user).select_related("locality")
    if person_id is not None:
        episodes = episodes.filter(person_id=person_id)
    if state:
        episodes = episodes.filter(state=state)
    return episodes.order_by("-first_contact_on", "-pk")


def conversation_get(*, user: User, pk: int, action: str = "person.view") -> Conversation:
    return Conversation.objects.select_related("episode", "hub").get_for(user, action, pk=pk)


def conversation_list(
    *, user: User, episode_id: int | None = None, kind: int | None = None
) -> QuerySet[Conversation]:
    conversations = Conversation.objects.visible_to(user).select_related("episode", "hub")
    if episode_id is not None:
        conversations = conversations.filter(episode_id=episode_id)
    if kind is not None:
        conversations = conversations.filter(kind=kind)
    return conversations.order_by("-held_on", "-pk")


# What "latest" means for support plans, everywhere: the most recently recorded first (the one a
# funding request's draft starts from, and the one the timeline offers funding for).
SUPPORT_PLAN_LATEST_FIRST = ("-created_at", "-pk")


def support_plan_list(*, user: User, episode_id: int | None = None) -> QuerySet[SupportPlan]:
    plans = (
        SupportPlan.objects.visible_to(user)
        .select_related("conversation", "episode")
        .prefetch_related("outcomes", "community_solutions")
    )
    if episode_id is not None:
        plans = plans.filter(episode_id=episode_id)
    return plans.order_by(*SUPPORT_PLAN_LATEST_FIRST)


def support_plan_latest(*, user: User, episode: Episode) -> SupportPlan | None:
    """The episode's latest support plan, if the user may see it: the one a funding request's
    draft is built from (None if the episode has none, or is outside the user's scope)."""
    return support_plan_list(user=user, episode_id=episode.pk).first()


def conversation_already_recorded(*, episode: Episode, submission_token: Any) -> bool:
    """Was this form already saved (a double-clicked Save sends the same one-time token)?"""
    return Conversation.objects.filter(episode=episode, submission_token=submission_token).exists()
