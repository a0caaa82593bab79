"""Reports for an HSCP lead's home page and daily digest: the ones made recently and ready to
download, and the ones that failed. Reports are aggregate files of the user's partnership."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, IntegerField, OuterRef, QuerySet
from django.db.models.functions import Coalesce

from outcomes.models import Report

if TYPE_CHECKING:
    from cls_portal.accounts.models import User

# How far back the home page looks for reports made and reports that failed.
RECENT = datetime.timedelta(days=31)


def _zero_if_none(field: Any) -> Coalesce:
    return Coalesce(field, 0, output_field=IntegerField())


def reports_ready(*, user: User, today: datetime.date) -> QuerySet[Report]:
    """Reports finished in the last ``RECENT`` days, newest first."""
    return (
        Report.objects.visible_to(user)
        .filter(status=Report.Status.DONE, finished_at__date__gt=today - RECENT)
        .select_related("locality", "hub")
        .order_by("-finished_at", "-pk")
    )


def reports_failed(*, user: User, today: datetime.date) -> QuerySet[Report]:
    """Reports asked for in the last ``RECENT`` days that failed and have not since been made
    (no report of the same kind, month and place is ready or on its way), newest first.
    Cleared by "Try again" on the reports page, or a new request for the same report."""
    # The place compared with no locality or hub as 0: NULL = NULL is not true in SQL.
    again = (
        Report.objects.annotate(place_locality=_zero_if_none("locality_id"))
        .annotate(place_hub=_zero_if_none("hub_id"))
        .filter(
            partnership=OuterRef("partnership"),
            kind=OuterRef("kind"),
            period=OuterRef("period"),
            place_locality=_zero_if_none(OuterRef("locality_id")),
            place_hub=_zero_if_none(OuterRef("hub_id")),
            requested_at__gt=OuterRef("requested_at"),
        )
        .exclude(status=Report.Status.FAILED)
    )
    return (
        Report.objects.visible_to(user)
        .filter(status=Report.Status.FAILED, requested_at__date__gt=today - RECENT)
        .filter(~Exists(again))
        .select_related("locality", "hub")
        .order_by("-requested_at", "-pk")
    )
