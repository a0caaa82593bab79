"""Conversation 2 — working intensively with someone in crisis: the emergency plan, its
red/amber/green status and the date by which to look again."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cls_portal.audit.services import audit_create, audit_snapshot, audit_update
from conversations.models import Conversation, CrisisPlan, Episode
from conversations.services.pathway import conversation_record
from conversations.services.personal_outcomes import personal_outcomes_add_lines

if TYPE_CHECKING:
    from cls_portal.accounts.models import User


def review_by_problem(review_by: datetime.date | None) -> str:
    """What is wrong with a review-by date, in plain words ("" if nothing): the one rule, which
    the forms also ask so that every problem shows at once."""
    if review_by is None:
        return "Choose the date by which the plan will be reviewed."
    if review_by < timezone.localdate():
        return "The review-by date cannot be in the past."
    return ""


def _check_plan(*, plan: str, rag: str, review_by: datetime.date | None) -> datetime.date:
    """Refuse a plan with anything missing or wrong; returns the (then certain) review date."""
    errors = {}
    if not (plan or "").strip():
        errors["plan"] = "Write down the emergency plan: what will happen, and who will do it."
    if rag not in CrisisPlan.Rag.values:
        errors["rag"] = "Choose red, amber or green."
    if problem := review_by_problem(review_by):
        errors["review_by"] = problem
    if errors or review_by is None:  # a missing date is among the errors
        raise ValidationError(errors)
    return review_by


@transaction.atomic
def crisis_conversation_record(
    *,
    actor: User,
    episode: Episode,
    plan: str,
    rag: str,
    review_by: datetime.date | None,
    new_outcomes: str = "",
    **conversation: Any,
) -> CrisisPlan:
    """Record a conversation 2 and its emergency plan. A later conversation 2 on the same episode
    brings a fresh plan, and the one it replaces ends that day (the history stays)."""
    review_by = _check_plan(plan=plan, rag=rag, review_by=review_by)
    recorded = conversation_record(
        actor=actor, episode=episode, kind=Conversation.Kind.CRISIS, **conversation
    )
    for previous in CrisisPlan.objects.select_for_update().filter(
        episode_id=recorded.episode_id, ended_on__isnull=True
    ):
        before = audit_snapshot(previous)
        previous.ended_on = max(recorded.held_on, previous.conversation.held_on)
        previous.save(update_fields=["ended_on", "updated_at"])
        audit_update(actor=actor, obj=previous, before=before)
    crisis_plan = CrisisPlan(
        episode=recorded.episode,
        conversation=recorded,
        plan=plan.strip(),
        rag=rag,
        review_by=review_by,
    )
    crisis_plan.full_clean()
    crisis_plan.save()
    audit_create(actor=actor, obj=crisis_plan)
    personal_outcomes_add_lines(
        actor=actor, episode=recorded.episode, text=new_outcomes, conversation=recorded
    )
    return crisis_plan


@transaction.atomic
def crisis_plan_update(
    *,
    actor: User,
    crisis_plan: CrisisPlan,
    rag: str,
    review_by: datetime.date | None,
    plan: str | None = None,
) -> CrisisPlan:
    """On a later contact: how things stand now and when to look again (and, if given, the plan)."""
    crisis_plan = CrisisPlan.objects.select_for_update().get(pk=crisis_plan.pk)
    if crisis_plan.ended_on is not None:
        raise ValidationError(
            "This crisis plan has ended: record a new conversation 2 to start another.",
            code="crisis_plan_ended",
        )
    new_plan = crisis_plan.plan if plan is None else plan.strip()
    review_by = _check_plan(plan=new_plan, rag=rag, review_by=review_by)
    before = audit_snapshot(crisis_plan)
    crisis_plan.rag, crisis_plan.review_by, crisis_plan.plan = rag, review_by, new_plan
    crisis_plan.full_clean()
    crisis_plan.save()
    audit_update(actor=actor, obj=crisis_plan, before=before)
    return crisis_plan
