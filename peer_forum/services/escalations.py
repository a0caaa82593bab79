"""Escalations that finish: the partnership's senior decision body and its decisions.

- An administrator names the partnership's senior decision body ("Head of service", "Resource
  panel") and who sits on it (forum managers or administrators of the partnership).
- Only a member of that body decides what the partnership's forums escalated (others get 403;
  a request of another partnership is 404), once per escalation: the request row is locked and
  the database refuses a second senior decision (one-to-one), so the loser is told.
- Approve (the amount the forum put to it), approve with changes (another amount) or decline,
  on a day from the escalation to today, with why. The request becomes approved or declined; an
  approval notes support in place on the episode, as a forum approval does.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from cls_portal.accounts.models import User
from cls_portal.audit.services import audit_create, audit_snapshot, audit_update
from cls_portal.permissions import ROLE_PERMISSIONS, has_role_permission
from conversations.services.pathway import episode_note_support_in_place
from peer_forum.models import Decision, EscalationDecision, EscalationPanel, FundingRequest
from peer_forum.services.decisions import AlreadyDecided, money_amount

if TYPE_CHECKING:
    from hubs.models import Partnership

Senior = EscalationDecision.Outcome


def active_panel(partnership_id: int) -> EscalationPanel | None:
    return EscalationPanel.objects.filter(partnership_id=partnership_id, is_active=True).first()


def is_panel_member(user: User, partnership_id: int | None) -> bool:
    if not getattr(user, "pk", None) or partnership_id is None:
        return False
    return EscalationPanel.objects.filter(
        partnership_id=partnership_id, is_active=True, members=user
    ).exists()


def eligible_panel_members(partnership_id: int) -> Iterable[User]:
    """Who may sit on the senior decision body: active forum managers and administrators."""
    return User.objects.filter(
        partnership_id=partnership_id,
        is_active=True,
        role__in=ROLE_PERMISSIONS["escalation.decide"],
    ).order_by("first_name", "last_name", "pk")


@transaction.atomic
def escalation_panel_save(
    *, actor: User, partnership: Partnership, name: str, members: Iterable[User]
) -> EscalationPanel:
    """Name the partnership's senior decision body and its members (creating it the first time)."""
    if actor.partnership_id != partnership.pk:
        raise Http404("No such partnership.")
    if not has_role_permission(actor, "escalation.manage"):
        raise PermissionDenied("Only an administrator names the senior decision body.")
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "Give it a name, for example “Head of service”."})
    members = list(members)
    if not members:
        raise ValidationError({"members": "Choose at least one member."})
    allowed = {user.pk for user in eligible_panel_members(partnership.pk)}
    if any(member.pk not in allowed for member in members):
        raise ValidationError(
            {"members": "Members must be forum managers or administrators of this partnership."}
        )
    panel = (
        EscalationPanel.objects.select_for_update()
        .filter(partnership=partnership, is_active=True)
        .first()
    )
    if panel is None:
        panel = EscalationPanel(partnership=partnership, name=name)
        panel.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                panel.save()
        except IntegrityError as exc:  # someone else named it at the same moment
            raise ValidationError(
                "The senior decision body was set up by someone else just now: reload and "
                "change it there."
            ) from exc
        panel.members.set(members)
        audit_create(actor=actor, obj=panel)
        return panel
    before = audit_snapshot(panel) | {"members": sorted(panel.members.values_list("pk", flat=True))}
    panel.name = name
    panel.full_clean(validate_constraints=False)
    panel.save()
    panel.members.set(members)
    audit_update(
        actor=actor,
        obj=panel,
        before=before,
        extra_after={"members": sorted(member.pk for member in members)},
    )
    return panel


def _money(amount: Decimal) -> str:
    return f"£{amount:,.2f}"


def put_amount(decision: Decision) -> Decimal | None:
    """The amount the forum put to the senior decision: the escalation's, else the request's."""
    if decision.approved_amount is not None:
        return decision.approved_amount
    return decision.request.requested_amount


def _senior_amount(
    request: FundingRequest,
    decision: Decision,
    outcome: str,
    weekly: Decimal | None,
    one_off: Decimal | None,
) -> Decimal | None:
    field, given, other = (
        ("approved_one_off_amount", one_off, weekly)
        if request.is_one_off
        else ("approved_weekly_amount", weekly, one_off)
    )
    if other is not None:
        raise ValidationError(
            {
                field: f"This request is {request.get_intervention_type_display().lower()}: give "
                f"the amount {request.amount_unit}."
            }
        )
    put = put_amount(decision)
    if outcome == Senior.DECLINE:
        if given is not None:
            raise ValidationError({field: "A decline agrees no amount: leave it empty."})
        return None
    if outcome == Senior.APPROVE:
        if given is not None and money_amount(given, field) != put:
            raise ValidationError(
                {field: "That is not the amount put to the panel: choose “Approve with changes”."}
            )
        return put
    amount = money_amount(given, field)
    if amount == put:
        raise ValidationError(
            {field: f"That is the amount put to the panel ({_money(amount)}): choose “Approve”."}
        )
    return amount


@transaction.atomic
def escalation_decide(
    *,
    actor: User,
    decision: Decision,
    outcome: str,
    decided_on: datetime.date,
    rationale: str,
    approved_weekly_amount: Decimal | None = None,
    approved_one_off_amount: Decimal | None = None,
) -> EscalationDecision:
    """Record the senior decision on an escalated request (see the module docstring)."""
    request = (
        FundingRequest.objects.select_for_update(of=("self",))
        .select_related("episode", "forum")
        .get(pk=decision.request_id)
    )
    if request.episode.partnership_id != actor.partnership_id:
        raise Http404("No such record.")
    if not has_role_permission(actor, "escalation.decide"):
        raise PermissionDenied("Your role does not allow this.")
    decision = Decision.objects.select_related("request").get(pk=decision.pk)
    if decision.outcome != Decision.Outcome.ESCALATE:
        raise ValidationError("Only an escalated request goes to the senior decision.")
    panel = active_panel(request.episode.partnership_id)
    if panel is None:
        raise ValidationError(
            "No senior decision body is set up for this partnership: an administrator names "
            "one first.",
            code="no_panel",
        )
    if not panel.members.filter(pk=actor.pk).exists():
        raise PermissionDenied(f"Only members of the {panel.name} decide escalated requests.")
    existing = EscalationDecision.objects.filter(decision=decision).first()
    if existing is not None:
        raise _already(existing)
    if outcome not in Senior.values:
        raise ValidationError({"outcome": "Choose what was decided."})
    rationale = (rationale or "").strip()
    if not rationale:
        raise ValidationError({"rationale": "Say why, in a sentence or two."})
    if not isinstance(decided_on, datetime.date):
        raise ValidationError({"decided_on": "Enter the date of the decision."})
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": "The decision cannot be in the future."})
    if decided_on < decision.decided_on:
        raise ValidationError(
            {
                "decided_on": "The decision cannot be before the forum escalated it "
                f"({decision.decided_on:%-d %B %Y})."
            }
        )
    amount = _senior_amount(
        request, decision, outcome, approved_weekly_amount, approved_one_off_amount
    )
    senior = EscalationDecision(
        decision=decision,
        panel=panel,
        outcome=outcome,
        approved_weekly_amount=amount if amount is not None and not request.is_one_off else None,
        approved_one_off_amount=amount if amount is not None and request.is_one_off else None,
        decided_on=decided_on,
        decided_by=actor,
        rationale=rationale,
    )
    senior.full_clean(validate_constraints=False, exclude=["decision"])
    try:
        with transaction.atomic():
            senior.save()
    except IntegrityError as exc:
        raise _already(EscalationDecision.objects.get(decision=decision)) from exc
    audit_create(actor=actor, obj=senior)

    before = audit_snapshot(request)
    approved = outcome in EscalationDecision.APPROVALS
    request.status = FundingRequest.Status.APPROVED if approved else FundingRequest.Status.DECLINED
    request.save(update_fields=["status", "updated_at"])
    audit_update(actor=actor, obj=request, before=before)
    if approved:
        episode_note_support_in_place(
            actor=actor, episode=request.episode, on=max(decided_on, request.start_on)
        )
    return senior


def _already(senior: EscalationDecision) -> AlreadyDecided:
    who = str(senior.decided_by) if senior.decided_by else "someone"
    return AlreadyDecided(
        f"This escalation has already been decided: {senior.get_outcome_display().lower()} by "
        f"{who} on {senior.decided_on:%-d %B %Y}. Nothing was changed.",
        code="already_decided",
    )
