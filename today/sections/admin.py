"""An administrator's going-live work: staff invited who have not yet set a password, and
imports still being checked, waiting to be confirmed, or being applied."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.urls import reverse

from cls_portal.accounts.selectors import invitations_pending
from cls_portal.permissions import has_role_permission
from imports.selectors import import_jobs_in_progress
from today.sections.base import DueRow, DueSection, day_words, section_from

if TYPE_CHECKING:
    from cls_portal.accounts.models import Invitation, User
    from imports.models import ImportJob


def pending_invitations(user: User, today: datetime.date) -> DueSection | None:
    if not has_role_permission(user, "users.manage"):
        return None

    def row(invitation: Invitation) -> DueRow:
        expires = day_words(invitation.expires_at.date(), today)
        return DueRow(
            label=str(invitation.user),
            note=f"invited; the link expires {expires}",
            url=reverse("accounts:user_edit", args=[invitation.user_id]),
            action="Send a new link or check their details",
        )

    return section_from(
        invitations_pending(user=user),
        row,
        key="invitations",
        title="Staff who have not yet set a password",
        list_url=reverse("accounts:user_list"),
        empty="Everyone invited has set a password.",
        more_label="See all staff",
        order_words="the soonest to expire first",
    )


def imports_in_progress(user: User, today: datetime.date) -> DueSection | None:
    if not has_role_permission(user, "imports.manage"):
        return None

    def row(job: ImportJob) -> DueRow:
        return DueRow(
            label=f"{job.get_kind_display()}: {job.file_name}",
            note=job.get_status_display(),
            url=reverse("imports:job_detail", args=[job.pk]),
            action="Confirm the import"
            if job.status == job.Status.CHECKED
            else "See how it is going",
        )

    return section_from(
        import_jobs_in_progress(user=user),
        row,
        key="imports",
        title="Imports in progress",
        list_url=reverse("imports:import_index"),
        empty="No import is in progress.",
        more_label="See all imports",
        order_words="the oldest first",
    )
