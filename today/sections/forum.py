"""A forum manager's due work: requests waiting for a decision, the next meeting and its
agenda, and packages due their review."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.urls import reverse

from cls_portal.permissions import has_role_permission
from cls_portal.querysets import NAMES, slim
from cls_portal.templatetags.rows import route
from peer_forum.selectors.due import next_meeting, requests_awaiting_decision
from peer_forum.selectors.forums import meeting_agenda
from today.sections.base import DueRow, DueSection, day_words, section_from, short_date
from today.sections.casework import package_reviews

if TYPE_CHECKING:
    from cls_portal.accounts.models import User


def awaiting_decision(user: User, today: datetime.date) -> DueSection | None:
    if not has_role_permission(user, "forum.decide"):
        return None
    return section_from(
        slim(
            requests_awaiting_decision(user=user),
            "status",
            "submitted_on",
            "forum__name",
            "meeting__held_on",
            *NAMES,
        ),
        lambda funding: DueRow(
            label=f"{funding.episode.person} ({funding.forum.name})",
            note=(
                f"on the agenda for {short_date(funding.meeting.held_on)}"
                if funding.meeting_id
                else f"{funding.get_status_display().lower()} since "
                f"{day_words(funding.submitted_on, today)}"
            ),
            url=route(funding.pk, "peer_forum:request_decide"),
            action="Decide",
        ),
        key="awaiting-decision",
        title="Requests waiting for a decision",
        list_url=reverse("peer_forum:forum_list"),
        empty="No request is waiting for a decision.",
        more_label="See your forums",
        order_words="the earliest meeting first",
    )


def meeting_next(user: User, today: datetime.date) -> DueSection | None:
    if not has_role_permission(user, "forum.view"):
        return None
    meeting = next_meeting(user=user, today=today)
    if meeting is None:
        return DueSection(
            key="next-meeting",
            title="Next forum meeting",
            count=0,
            list_url=reverse("peer_forum:forum_list"),
            empty="No meeting is planned: plan the next one from your forum's page.",
            more_label="See your forums",
            in_digest=False,
        )
    when = "today" if meeting.held_on == today else short_date(meeting.held_on)
    time = f" at {meeting.starts_at:%H:%M}" if meeting.starts_at else ""
    section = section_from(
        slim(
            meeting_agenda(user=user, meeting=meeting),
            "presenter__first_name",
            "presenter__last_name",
            "presenter__username",
            *NAMES,
        ),
        lambda funding: DueRow(
            label=str(funding.episode.person),
            note=f"presented by {funding.presenter or 'nobody named'}",
            url=route(funding.pk, "peer_forum:request_detail"),
            action="Read the request",
        ),
        key="next-meeting",
        title=f"Next meeting: {meeting.forum.name}, {when}{time}",
        list_url=route(meeting.pk, "peer_forum:meeting_detail"),
        empty="Nothing is on its agenda yet.",
        more_label="See the meeting",
        order_words="in the order they came",
    )
    section.in_digest = False  # the requests are already counted as waiting for a decision
    return section


FORUM_MANAGER_PROVIDERS = [awaiting_decision, meeting_next, package_reviews]
