"""Personal outcomes — what matters to the person, in their own words — and their reviews."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cls_portal.audit.services import audit_create
from conversations.models import Conversation, Episode, OutcomeReview, PersonalOutcome
from conversations.services.pathway import conversation_record

if TYPE_CHECKING:
    from cls_portal.accounts.models import User


@transaction.atomic
def personal_outcome_add(
    *,
    actor: User,
    episode: Episode,
    statement: str,
    created_on: datetime.date | None = None,
    conversation: Conversation | None = None,
) -> PersonalOutcome:
    statement = " ".join((statement or "").split())
    if not statement:
        raise ValidationError(
            {"statement": "Write what matters to them, in their words (e.g. “not to be lonely”)."}
        )
    if not episode.is_open:
        raise ValidationError("This episode is closed: reopen it to add an outcome.")
    if conversation is not None and conversation.episode_id != episode.pk:
        raise ValidationError({"conversation": "Choose a conversation of this episode."})
    created_on = created_on or (conversation.held_on if conversation else timezone.localdate())
    if created_on > timezone.localdate():
        raise ValidationError({"created_on": "The date cannot be in the future."})
    if created_on < episode.first_contact_on:
        raise ValidationError({"created_on": "The date cannot be before first contact."})
    outcome = PersonalOutcome(
        episode=episode,
        conversation=conversation,
        statement=statement,
        created_on=created_on,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    outcome.full_clean()
    outcome.save()
    audit_create(actor=actor, obj=outcome)
    return outcome


def personal_outcomes_add_lines(
    *, actor: User, episode: Episode, text: str, conversation: Conversation | None = None
) -> list[PersonalOutcome]:
    """One outcome per non-empty line (the conversation forms' "what they want to achieve")."""
    return [
        personal_outcome_add(
            actor=actor, episode=episode, statement=line, conversation=conversation
        )
        for line in (text or "").splitlines()
        if line.strip()
    ]


@transaction.atomic
def conversation_record_with_outcomes(
    *, actor: User, episode: Episode, kind: int, new_outcomes: str = "", **conversation: Any
) -> Conversation:
    """Record a conversation and the outcomes the person named in it (one per line)."""
    recorded = conversation_record(actor=actor, episode=episode, kind=kind, **conversation)
    personal_outcomes_add_lines(
        actor=actor, episode=recorded.episode, text=new_outcomes, conversation=recorded
    )
    return recorded


@transaction.atomic
def outcome_review_record(
    *,
    actor: User,
    outcome: PersonalOutcome,
    status: str,
    reviewed_on: datetime.date | None = None,
    note: str = "",
) -> OutcomeReview:
    """How far the outcome is met now: not met / partly met / met, on a date."""
    if not outcome.episode.is_open:
        raise ValidationError("This episode is closed: reopen it to review its outcomes.")
    if status not in OutcomeReview.Status.values:
        raise ValidationError({"status": "Choose met, partly met or not met."})
    reviewed_on = reviewed_on or timezone.localdate()
    if reviewed_on > timezone.localdate():
        raise ValidationError({"reviewed_on": "The review date cannot be in the future."})
    if reviewed_on < outcome.created_on:
        raise ValidationError(
            {
                "reviewed_on": "The review date cannot be before the outcome was agreed "
                f"({outcome.created_on:%d %B %Y})."
            }
        )
    review = OutcomeReview(
        outcome=outcome,
        status=status,
        reviewed_on=reviewed_on,
        note=(note or "").strip(),
        reviewed_by=actor if getattr(actor, "pk", None) else None,
    )
    review.full_clean()
    review.save()
    audit_create(actor=actor, obj=review)
    return review
