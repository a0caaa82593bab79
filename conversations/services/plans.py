"""Conversation 3 — build a good life: a support plan built on the person's own outcomes,
the community solutions that will help, and any paid support. Where money is needed, the plan's
"Request funding" link opens the peer forum's request form for the episode, which pre-fills the
draft from the latest plan: ``summary``, ``outcomes``, ``community_solutions``, ``paid_support``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction

from cls_portal.audit.models import AuditEntry
from cls_portal.audit.services import audit_record, audit_snapshot, changes_between
from conversations.models import Conversation, Episode, PersonalOutcome, SupportPlan
from conversations.services.pathway import conversation_record
from conversations.services.personal_outcomes import personal_outcomes_add_lines
from hubs.models import CommunitySolution

if TYPE_CHECKING:
    from cls_portal.accounts.models import User


@transaction.atomic
def support_plan_conversation_record(
    *,
    actor: User,
    episode: Episode,
    summary: str,
    outcomes: Iterable[PersonalOutcome] = (),
    new_outcomes: str = "",
    community_solutions: Iterable[CommunitySolution] = (),
    paid_support: str = "",
    **conversation: Any,
) -> SupportPlan:
    """Record a conversation 3 with its support plan. ``outcomes`` are the person's existing
    outcomes the plan works towards; ``new_outcomes`` adds more, one per line, in their words."""
    outcomes, solutions = list(outcomes), list(community_solutions)
    errors = {}
    if not (summary or "").strip():
        errors["summary"] = "Describe what the support will look like."
    if any(outcome.episode.person_id != episode.person_id for outcome in outcomes):
        errors["outcomes"] = "Choose outcomes of this person."
    if any(solution.partnership_id != episode.partnership_id for solution in solutions):
        errors["community_solutions"] = "Choose solutions from your partnership's directory."
    if not outcomes and not (new_outcomes or "").strip():
        errors["outcomes"] = (
            "A support plan is built on what matters to the person: choose at least one of "
            "their outcomes, or add one in their words."
        )
    if errors:
        raise ValidationError(errors)
    recorded = conversation_record(
        actor=actor, episode=episode, kind=Conversation.Kind.GOOD_LIFE, **conversation
    )
    outcomes += personal_outcomes_add_lines(
        actor=actor, episode=recorded.episode, text=new_outcomes, conversation=recorded
    )
    plan = SupportPlan(
        episode=recorded.episode,
        conversation=recorded,
        summary=summary.strip(),
        paid_support=(paid_support or "").strip(),
    )
    plan.full_clean()
    plan.save()
    plan.outcomes.set(outcomes)
    plan.community_solutions.set(solutions)
    after = audit_snapshot(plan) | {
        "outcomes": sorted(outcome.pk for outcome in outcomes),
        "community_solutions": sorted(solution.pk for solution in solutions),
    }
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        obj=plan,
        changes=changes_between({}, after),
    )
    return plan
