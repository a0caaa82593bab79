"""Recording a conversation of any kind: the one place that picks the service for the kind, so
the page and the API record a conversation 1, 2 or 3 the same way."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import transaction

from conversations.models import Conversation, Episode, PersonalOutcome
from conversations.services.crisis import crisis_conversation_record
from conversations.services.personal_outcomes import conversation_record_with_outcomes
from conversations.services.plans import support_plan_conversation_record
from hubs.models import CommunitySolution

if TYPE_CHECKING:
    from cls_portal.accounts.models import User

Kind = Conversation.Kind

# Hub workers record listening conversations; crisis and long-term work is for practitioners.
ACTION_FOR_KIND = {
    Kind.LISTEN_AND_CONNECT: "conversation.record",
    Kind.CRISIS: "episode.work",
    Kind.GOOD_LIFE: "episode.work",
}


@transaction.atomic
def conversation_record_any(
    *,
    actor: User,
    episode: Episode,
    kind: int,
    new_outcomes: str = "",
    plan: str = "",
    rag: str = "",
    review_by: datetime.date | None = None,
    summary: str = "",
    outcomes: Iterable[PersonalOutcome] = (),
    community_solutions: Iterable[CommunitySolution] = (),
    paid_support: str = "",
    **conversation: Any,
) -> Conversation:
    """Record a conversation of ``kind`` with what that kind brings: a conversation 2 its
    emergency plan (``plan``, ``rag``, ``review_by``); a conversation 3 its support plan
    (``summary``, ``outcomes``, ``community_solutions``, ``paid_support``); any kind the
    personal outcomes named in it (``new_outcomes``, one per line). Fields of another kind
    are ignored. ``conversation`` holds the conversation's own fields."""
    if kind in (Kind.CRISIS, Kind.GOOD_LIFE):
        # A conversation 2 is itself the crisis response, and a 3 is judged by its plan.
        conversation.pop("what_happened", None)
    if kind == Kind.CRISIS:
        return crisis_conversation_record(
            actor=actor,
            episode=episode,
            plan=plan,
            rag=rag,
            review_by=review_by,
            new_outcomes=new_outcomes,
            **conversation,
        ).conversation
    if kind == Kind.GOOD_LIFE:
        return support_plan_conversation_record(
            actor=actor,
            episode=episode,
            summary=summary,
            outcomes=outcomes,
            new_outcomes=new_outcomes,
            community_solutions=community_solutions,
            paid_support=paid_support,
            **conversation,
        ).conversation
    return conversation_record_with_outcomes(
        actor=actor, episode=episode, kind=kind, new_outcomes=new_outcomes, **conversation
    )
