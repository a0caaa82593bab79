"""Reading import jobs, scoped to the administrator's partnership."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from cls_portal.permissions import require
from imports.models import ImportJob

if TYPE_CHECKING:
    from cls_portal.accounts.models import User


def import_job_list(*, user: User) -> QuerySet[ImportJob]:
    require(user, "imports.manage")
    return ImportJob.objects.visible_to(user).select_related("created_by")


def import_job_get(*, user: User, pk: int, action: str = "imports.manage") -> ImportJob:
    """One job of the user's partnership: 404 for another's, 403 for a role that may not."""
    return ImportJob.objects.select_related("created_by").get_for(user, action, pk=pk)


def import_jobs_in_progress(*, user: User) -> QuerySet[ImportJob]:
    """Imports being checked, waiting to be confirmed, or being applied (the administrator's
    home page), the oldest first."""
    in_progress = (
        ImportJob.Status.CHECKING,
        ImportJob.Status.CHECKED,
        ImportJob.Status.APPLYING,
    )
    return import_job_list(user=user).filter(status__in=in_progress).order_by("created_at", "pk")
