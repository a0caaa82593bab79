"""Reading reports and change stories for reports, always scoped to what the user may see."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Prefetch, Q, QuerySet

from outcomes.models import ChangeStory, ChangeStoryOutcome, Report
from outcomes.periods import Month, Scope

if TYPE_CHECKING:
    from cls_portal.accounts.models import User


def report_list(*, user: User) -> QuerySet[Report]:
    return (
        Report.objects.visible_to(user)
        .select_related("locality", "hub", "requested_by")
        .order_by("-requested_at", "-pk")
    )


def report_get(*, user: User, pk: int, action: str = "reports.view") -> Report:
    """One report of the user's partnership: 404 for outsiders, 403 for roles that may not."""
    return Report.objects.select_related("partnership", "locality", "hub").get_for(
        user, action, pk=pk
    )


def shareable_stories(*, scope: Scope, month: Month, limit: int = 3) -> list[ChangeStory]:
    """The latest change stories the person agreed to share, told in the three months to the
    end of ``month`` in ``scope`` (for the outcomes report). Two queries."""
    place = Q(partnership_id=scope.partnership_id)
    if scope.hub_id:
        place &= Q(hub_id=scope.hub_id)
    elif scope.locality_id:
        place &= Q(locality_id=scope.locality_id)
    return list(
        ChangeStory.objects.filter(
            place,
            consent_to_share=True,
            told_on__gte=month.shift(-2).start,
            told_on__lte=month.end,
        )
        .select_related("locality", "hub")
        .prefetch_related(
            Prefetch("outcome_links", queryset=ChangeStoryOutcome.objects.order_by("outcome"))
        )
        .order_by("-told_on", "-pk")[:limit]
    )
