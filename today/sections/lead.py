"""An HSCP lead's reports and headline figures (aggregates only, never a person), and an
administrator's due work."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.urls import reverse

from cls_portal.permissions import has_role_permission
from conversations.selectors.privacy import retention_review
from outcomes.periods import Month
from outcomes.presentation import dashboard_context
from outcomes.selectors.due import reports_failed, reports_ready
from outcomes.selectors.scopes import scope_for
from today.sections.base import DueRow, DueSection, section_from, short_date

if TYPE_CHECKING:
    from cls_portal.accounts.models import User
    from outcomes.models import Report


def _report_name(report: Report) -> str:
    place = report.hub or report.locality or "the partnership"
    return f"{report.get_kind_display()}, {report.period:%B %Y}, {place}"


def ready(user: User, today: datetime.date) -> DueSection | None:
    if not has_role_permission(user, "reports.view"):
        return None
    return section_from(
        reports_ready(user=user, today=today),
        lambda report: DueRow(
            label=_report_name(report),
            note=f"ready {short_date(report.finished_at.date())}",
            url=reverse("outcomes:report_download", args=[report.pk]),
            action="Download (PDF)",
        ),
        key="reports-ready",
        title="Reports ready",
        list_url=reverse("outcomes:report_list"),
        empty="No report was made in the last month.",
        more_label="See all reports",
    )


def failed(user: User, today: datetime.date) -> DueSection | None:
    if not has_role_permission(user, "reports.request"):
        return None
    return section_from(
        reports_failed(user=user, today=today),
        lambda report: DueRow(
            label=_report_name(report),
            note=f"failed; asked for {short_date(report.requested_at.date())}",
            url=reverse("outcomes:report_retry", args=[report.pk]),
            action="Try again",
            post=True,
        ),
        key="reports-failed",
        title="Reports that failed",
        list_url=reverse("outcomes:report_list"),
        empty="Nothing has failed.",
        more_label="See all reports",
    )


def headline_figures(user: User, today: datetime.date) -> DueSection | None:
    """Last month's key figures for the whole partnership, suppressed as on the dashboard (and
    read from its cache when it keeps one)."""
    if not has_role_permission(user, "outcomes.view"):
        return None
    month = Month.last_full(today)
    context = dashboard_context(month=month, scope=scope_for(user=user))
    return DueSection(
        key="headline-figures",
        title=f"{month.label} at a glance",
        count=0,
        list_url=reverse("outcomes:dashboard"),
        figures=[(row.label, row.shown.text) for _section, row in context["glance"]],
        more_label="See the outcomes dashboard",
        in_digest=False,
    )


def retention_due(user: User, today: datetime.date) -> DueSection | None:
    if not has_role_permission(user, "retention.manage"):
        return None
    people = retention_review(user=user, today=today)
    count = people.count()
    # A count only: the review page itself is where an administrator looks at who.
    return DueSection(
        key="retention",
        title="People due for the retention review",
        count=count,
        list_url=reverse("conversations:retention_review"),
        empty="Nobody is past the retention period.",
        more_label="Open the retention review",
    )


LEAD_PROVIDERS = [ready, failed, headline_figures]
# (with the going-live sections of ``today.sections.admin``, added in ``today.sections``)
ADMIN_PROVIDERS = [retention_due, failed]
