"""Reading package reviews: approved packages due their review, and a package's reviews."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Value

from cls_portal.permissions import has_role_permission
from peer_forum.models import FundingRequest, InterventionType, PackageReview
from peer_forum.selectors.days import DaysBetween

if TYPE_CHECKING:
    from cls_portal.accounts.models import User


def package_reviews_due(*, user: User, on: datetime.date) -> Any:
    """Approved long- and short-term packages still running whose review date is on or before
    ``on``, in the user's localities, most overdue first, each with ``days_overdue`` (0 on the
    day). Empty for a role that does not review packages."""
    if not has_role_permission(user, "package.review"):
        return FundingRequest.objects.none()
    return (
        FundingRequest.objects.visible_to(user)
        .filter(status=FundingRequest.Status.APPROVED, ended_on=None, review_on__lte=on)
        .exclude(intervention_type=InterventionType.ONE_OFF)
        .select_related("episode__person", "episode__locality", "forum")
        .annotate(days_overdue=DaysBetween(Value(on), "review_on"))
        .order_by("review_on", "pk")
    )


def package_review_list(*, user: User, request: FundingRequest) -> Any:
    """A package's reviews, oldest first (the request was fetched with ``request_get``)."""
    return (
        PackageReview.objects.visible_to(user)
        .filter(request=request)
        .select_related("reviewed_by")
        .order_by("reviewed_on", "pk")
    )
