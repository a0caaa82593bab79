"""Reading what happened at a hub session: who was seen, and the footfall."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from conversations.models import Conversation, Signpost
from hubs.models import HubSession


@dataclass(frozen=True)
class Footfall:
    """DESIGN §4: people seen at a session = the named people who had a conversation there
    (each counted once) + the anonymous head-count."""

    named: int
    anonymous: int

    @property
    def total(self) -> int:
        return self.named + self.anonymous


def session_footfall(*, session: HubSession) -> Footfall:
    """One query, counted in the database."""
    named = (
        Conversation.objects.filter(hub_session=session)
        .values("episode__person_id")
        .distinct()
        .count()
    )
    return Footfall(named=named, anonymous=session.anonymous_count)


def session_conversations(*, session: HubSession) -> QuerySet[Conversation]:
    """The visits logged at a session (the caller has already checked the user may run it),
    newest first, with the person and what they were signposted to."""
    return (
        Conversation.objects.filter(hub_session=session)
        .select_related("episode__person")
        # Only what the list (and the API's VisitOut) shows: drawn on every refresh of a session.
        .only(
            "kind",
            "created_at",
            "what_happened",
            "episode__person_id",
            "episode__person__first_name",
            "episode__person__last_name",
        )
        .prefetch_related(
            Prefetch(
                "signposts",
                queryset=Signpost.objects.select_related("solution")
                .only("conversation_id", "solution__name")
                .order_by("pk"),
            )
        )
        .order_by("-created_at", "-pk")
    )
