"""Reading episodes and conversations, always scoped to what the user may see."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from conversations.models import Conversation, Episode, SupportPlan


def episode_get(*, user: Any, pk: int, action: str = "person.view") -> Episode:
    """One episode the user may see and act on: 404 outside scope, 403 for a role that may not."""
    return Episode.objects.select_related("person", "locality", "partnership").get_for(
        user, action, pk=pk
    )


def episode_list(
    *, user: Any, person_id: int | None = None, state: str | None = None
) -> QuerySet[Episode]:
    episodes = Episode.objects.visible_to(user).select_related("locality")
    if person_id is not None:
        episodes = episodes.filter(person_id=person_id)
    if state:
        episodes = episodes.filter(state=state)
    return episodes.order_by("-first_contact_on", "-pk")


def conversation_get(*, user: Any, pk: int, action: str = "person.view") -> Conversation:
    return Conversation.objects.select_related("episode", "hub").get_for(user, action, pk=pk)


def conversation_list(
    *, user: Any, episode_id: int | None = None, kind: int | None = None
) -> QuerySet[Conversation]:
    conversations = Conversation.objects.visible_to(user).select_related("episode", "hub")
    if episode_id is not None:
        conversations = conversations.filter(episode_id=episode_id)
    if kind is not None:
        conversations = conversations.filter(kind=kind)
    return conversations.order_by("-held_on", "-pk")


def support_plan_list(*, user: Any, episode_id: int | None = None) -> QuerySet[SupportPlan]:
    plans = (
        SupportPlan.objects.visible_to(user)
        .select_related("conversation", "episode")
        .prefetch_related("outcomes", "community_solutions")
    )
    if episode_id is not None:
        plans = plans.filter(episode_id=episode_id)
    return plans.order_by("-conversation__held_on", "-pk")


def support_plan_latest(*, user: Any, episode: Episode) -> SupportPlan | None:
    """The plan a funding request is built from: the episode's most recent support plan."""
    return support_plan_list(user=user, episode_id=episode.pk).first()


def conversation_already_recorded(*, episode: Episode, submission_token: Any) -> bool:
    """Was this form already saved (a double-clicked Save sends the same one-time token)?"""
    return Conversation.objects.filter(episode=episode, submission_token=submission_token).exists()
