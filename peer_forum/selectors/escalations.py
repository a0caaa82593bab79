"""Reading escalations: requests a forum escalated, waiting for (or given) the senior decision.

Members of the partnership's senior decision body see every escalation of the partnership
(they decide them all); other forum managers see those in their localities, like any case record.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Min, Value
from django.http import Http404
from django.utils import timezone

from cls_portal.permissions import has_role_permission
from peer_forum.models import Decision, EscalationPanel
from peer_forum.selectors.days import DaysBetween

if TYPE_CHECKING:
    from cls_portal.accounts.models import User


def escalation_panel_get(*, user: User) -> EscalationPanel | None:
    """The user's partnership's active senior decision body, with its members, if any."""
    if user.partnership_id is None:
        return None
    return (
        EscalationPanel.objects.filter(partnership_id=user.partnership_id, is_active=True)
        .prefetch_related("members")
        .first()
    )


def _is_member(user: User) -> bool:
    if not getattr(user, "pk", None) or not user.partnership_id:
        return False
    return EscalationPanel.objects.filter(
        partnership_id=user.partnership_id, is_active=True, members=user
    ).exists()


def _escalations(user: User) -> Any:
    escalated = Decision.objects.filter(outcome=Decision.Outcome.ESCALATE)
    if not user.is_authenticated or not user.partnership_id:
        return escalated.none()
    if _is_member(user):
        return escalated.in_partnership(user.partnership_id)
    return escalated.visible_to(user)


_RELATED = (
    "request__episode__person",
    "request__episode__locality",
    "request__forum",
    "meeting",
    "decided_by",
)


def escalation_list_waiting(*, user: User) -> Any:
    """Escalated requests with no senior decision yet, longest waiting first, each with
    ``days_waiting`` (from the forum's escalation to today). Empty for a role that may not see
    escalations."""
    if not has_role_permission(user, "escalation.view"):
        return Decision.objects.none()
    return (
        _escalations(user)
        .filter(senior__isnull=True)
        .select_related(*_RELATED)
        .annotate(days_waiting=DaysBetween(Value(timezone.localdate()), "decided_on"))
        .order_by("decided_on", "pk")
    )


def escalation_list_decided(*, user: User) -> Any:
    """Escalations with their senior decision, most recently decided first."""
    if not has_role_permission(user, "escalation.view"):
        return Decision.objects.none()
    return (
        _escalations(user)
        .filter(senior__isnull=False)
        .select_related(*_RELATED, "senior", "senior__decided_by", "senior__panel")
        .order_by("-senior__decided_on", "-pk")
    )


def escalation_get(*, user: User, pk: int, action: str = "escalation.view") -> Decision:
    """One escalation (the forum's escalate decision, with its request and any senior decision):
    404 outside the partnership (or, for a non-member, outside their localities), 403 for a role
    that may not act, and for ``escalation.decide`` 403 unless a member of the senior body."""
    try:
        decision = _escalations(user).select_related(*_RELATED).get(pk=pk)
    except (Decision.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such record.") from exc
    if not has_role_permission(user, action):
        raise PermissionDenied("Your role does not allow this.")
    if action == "escalation.decide" and not _is_member(user):
        raise PermissionDenied("Only members of the senior decision body decide escalations.")
    return decision


@dataclass(frozen=True)
class EscalationsWaiting:
    """How many escalations wait for the senior decision and for how long (days, whole)."""

    count: int
    longest_days: int | None
    shortest_days: int | None


def escalations_waiting_summary(*, user: User) -> EscalationsWaiting:
    """For the forum dashboard: one aggregate query."""
    row = (
        escalation_list_waiting(user=user)
        .order_by()
        .aggregate(count=Count("pk"), oldest=Min("decided_on"), newest=Max("decided_on"))
    )
    today = timezone.localdate()
    return EscalationsWaiting(
        count=row["count"],
        longest_days=(today - row["oldest"]).days if row["oldest"] else None,
        shortest_days=(today - row["newest"]).days if row["newest"] else None,
    )
