"""Reading change stories: case roles see their localities' stories; HSCP leads and admins see
only stories the person agreed to share (aggregate roles never read unshared narrative)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet

from cls_portal.permissions import CASE_ROLES, ScopedQuerySet
from outcomes.models import ChangeStory, ChangeStoryOutcome

if TYPE_CHECKING:
    from cls_portal.accounts.models import User


def _visible(user: User) -> ScopedQuerySet[ChangeStory]:
    stories = ChangeStory.objects.visible_to(user)
    if user.role not in CASE_ROLES:
        stories = stories.filter(consent_to_share=True)
    return stories


def change_story_list(*, user: User) -> QuerySet[ChangeStory]:
    return (
        _visible(user)
        .select_related("locality", "hub")
        .prefetch_related(
            Prefetch("outcome_links", queryset=ChangeStoryOutcome.objects.order_by("outcome"))
        )
        .order_by("-told_on", "-pk")
    )


def change_story_get(*, user: User, pk: int, action: str = "change_story.view") -> ChangeStory:
    """404 outside the user's scope (or an unshared story for an aggregate role); 403 for a role
    that may not do ``action``."""
    return (
        _visible(user)
        .select_related("locality", "hub", "recorded_by")
        .prefetch_related("outcome_links")
        .get_for(user, action, pk=pk)
    )
