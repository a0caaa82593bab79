"""Reading the partnership's targets (scoped)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from outcomes.models import Target

if TYPE_CHECKING:
    from cls_portal.accounts.models import User


def target_list(*, user: User) -> QuerySet[Target]:
    return Target.objects.visible_to(user).order_by("code")


def target_get(*, user: User, pk: int, action: str = "targets.manage") -> Target:
    return Target.objects.get_for(user, action, pk=pk)


def targets_for(*, partnership_id: int) -> dict[str, Target]:
    """A partnership's targets by figure code (for its reports)."""
    return {t.code: t for t in Target.objects.filter(partnership_id=partnership_id)}
