"""Practitioners' and hub workers' due work: crisis plans, crises past the limit, people
waiting for a crisis or a first conversation, follow-ups, outcome reviews, package reviews, the
longest waits, and sessions at their hubs."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.db.models import Count, Q

from cls_portal.permissions import has_role_permission
from cls_portal.querysets import NAMES, OWN_NAMES, slim
from cls_portal.templatetags.rows import fixed_url, route
from conversations.models import Conversation, HubBooking
from conversations.selectors import due
from hubs.selectors import hub_sessions_from
from peer_forum.selectors.reviews import package_reviews_due
from today.sections.base import DueRow, DueSection, day_words, section_from, short_date

if TYPE_CHECKING:
    from cls_portal.accounts.models import User

CRISIS = Conversation.Kind.CRISIS
FIRST = Conversation.Kind.LISTEN_AND_CONNECT


def _back_home(url: str) -> str:
    """The action's page, coming back here when it is done (pages that honour ``next``)."""
    return f"{url}?{urlencode({'next': fixed_url('home')})}"


def crisis_plans_due(user: User, today: datetime.date) -> DueSection | None:
    if not has_role_permission(user, "episode.work"):
        return None
    return section_from(
        slim(
            due.crisis_plans_due_review(user=user, today=today),
            "rag",
            "review_by",
            *NAMES,
        ),
        lambda plan: DueRow(
            label=str(plan.episode.person),
            note=f"{plan.get_rag_display()}; review was due {day_words(plan.review_by, today)}",
            url=_back_home(route(plan.pk, "conversations:crisis_plan_update")),
            action="Review the plan",
        ),
        key="crisis-plans",
        title="Crisis plans due for review",
        list_url=fixed_url("conversations:crisis_board"),
        empty="No crisis plan is due for review.",
        more_label="See the crisis board",
    )


def crises_past_limit(user: User, today: datetime.date) -> DueSection | None:
    if not has_role_permission(user, "episode.work"):
        return None
    return section_from(
        slim(
            due.crises_past_time_limit(user=user, today=today),
            "crisis_started_on",
            *OWN_NAMES,
        ),
        lambda episode: DueRow(
            label=str(episode.person),
            note=f"in crisis since {short_date(episode.crisis_started_on)}",
            url=route(episode.person_id, "conversations:person_detail") + f"#episode-{episode.pk}",
            action="Move on or close",
        ),
        key="crises-too-long",
        title="In crisis longer than six weeks",
        list_url=fixed_url("conversations:crisis_board"),
        empty="Nobody has been in crisis longer than six weeks.",
        more_label="See the crisis board",
    )


def waiting_for_crisis_conversation(user: User, today: datetime.date) -> DueSection | None:
    if not has_role_permission(user, "episode.work"):
        return None
    return section_from(
        slim(
            due.waiting_for_crisis_conversation(user=user),
            "crisis_referred_on",
            *OWN_NAMES,
        ),
        lambda episode: DueRow(
            label=str(episode.person),
            note=f"referred {day_words(episode.crisis_referred_on, today)}",
            url=route(episode.pk, "conversations:conversation_create", CRISIS),
            action="Crisis conversation",
        ),
        key="crisis-referrals",
        title="Waiting for a crisis conversation",
        list_url=fixed_url("conversations:crisis_board"),
        empty="Nobody referred for crisis support is waiting.",
        more_label="See the crisis board",
    )


def follow_ups_due(user: User, today: datetime.date) -> DueSection | None:
    if not has_role_permission(user, "signpost.change"):
        return None
    return section_from(
        slim(
            due.signpost_follow_ups_due(user=user, today=today),
            "follow_up_on",
            "solution__name",
            *NAMES,
        ),
        lambda signpost: DueRow(
            label=f"{signpost.episode.person}: {signpost.solution.name}",
            note=f"follow-up due {day_words(signpost.follow_up_on, today)}",
            url=route(signpost.pk, "conversations:signpost_follow_up"),
            action="Follow up",
        ),
        key="follow-ups",
        title="Signpost follow-ups due",
        list_url=fixed_url("conversations:signpost_follow_ups"),
        empty="No follow-up is due.",
    )


def outcome_reviews_due(user: User, today: datetime.date) -> DueSection | None:
    if not has_role_permission(user, "episode.work"):
        return None
    return section_from(
        slim(
            due.personal_outcomes_due_review(user=user, today=today),
            "statement",
            "created_on",
            *NAMES,
        ),
        lambda outcome: DueRow(
            label=f"{outcome.episode.person}: “{outcome.statement}”",
            note=f"last looked at {short_date(outcome.last_looked_on)}",
            url=route(outcome.pk, "conversations:outcome_review"),
            action="Review the outcome",
        ),
        key="outcome-reviews",
        title="Personal outcomes due a review",
        list_url=fixed_url("home") + "#due-outcome-reviews",
        empty="No personal outcome is due a review.",
        more_label="",
        order_words="the oldest outcomes first",
    )


def package_reviews(user: User, today: datetime.date) -> DueSection | None:
    if not has_role_permission(user, "package.review"):
        return None
    return section_from(
        slim(
            package_reviews_due(user=user, on=today),
            "intervention_type",
            "review_on",
            *NAMES,
        ),
        lambda funding: DueRow(
            label=str(funding.episode.person),
            note=f"{funding.get_intervention_type_display()}; "
            f"review due {day_words(funding.review_on, today)}",
            url=route(funding.pk, "peer_forum:request_review"),
            action="Review the package",
        ),
        key="package-reviews",
        title="Funded packages due their review",
        list_url=fixed_url("peer_forum:reviews_due"),
        empty="No funded package is due its review.",
    )


def referrals_waiting(user: User, today: datetime.date) -> DueSection | None:
    """Episodes opened by a referral with no conversation yet. (When referrals get their own
    record, this section keeps counting episodes whose channel is "referral".)"""
    if not has_role_permission(user, "episode.work"):
        return None
    return section_from(
        slim(
            due.referrals_waiting_first_conversation(user=user),
            "first_contact_on",
            *OWN_NAMES,
        ),
        lambda episode: DueRow(
            label=str(episode.person),
            note=f"referred {day_words(episode.first_contact_on, today)}",
            url=route(episode.pk, "conversations:conversation_create", FIRST),
            action="First conversation",
        ),
        key="referrals",
        title="Referrals waiting for a first conversation",
        list_url=fixed_url("home") + "#due-referrals",
        empty="No referral is waiting for a first conversation.",
        more_label="",
    )


def longest_waits(user: User, today: datetime.date) -> DueSection | None:
    if not has_role_permission(user, "waiting_list.change"):
        return None
    return section_from(
        slim(
            due.longest_waits(user=user, today=today),
            "added_on",
            "priority",
            "waiting_list__name",
            *NAMES,
        ),
        lambda entry: DueRow(
            label=f"{entry.episode.person} ({entry.waiting_list.name})",
            note=f"waiting {(today - entry.added_on).days} days"
            + ("; urgent" if entry.priority == entry.Priority.URGENT else ""),
            url=route(entry.pk, "conversations:waiting_list_entry_remove"),
            action="Take off the list",
        ),
        key="longest-waits",
        title="Longest waits on your lists",
        list_url=fixed_url("conversations:waiting_list_index"),
        empty="Nobody is waiting on a list in your localities.",
        more_label="See the waiting lists",
    )


def sessions_today(user: User, today: datetime.date) -> DueSection | None:
    """Today's sessions at the user's hubs; the next ones come in their own section."""
    if not has_role_permission(user, "hub_session.run"):
        return None
    return section_from(
        _with_expected(hub_sessions_from(user=user, day=today).filter(date=today)),
        lambda session: _session_row(session, today),
        key="sessions-today",
        title="Sessions today at your hubs",
        list_url=fixed_url("hubs:hub_list"),
        empty="No session is open at your hubs today.",
        more_label="Open a session at a hub",
        order_words="the earliest first",
    )


def sessions_next(user: User, today: datetime.date) -> DueSection | None:
    if not has_role_permission(user, "hub_session.run"):
        return None
    section = section_from(
        _with_expected(hub_sessions_from(user=user, day=today + datetime.timedelta(days=1))),
        lambda session: _session_row(session, today),
        key="sessions-next",
        title="Next sessions at your hubs",
        list_url=fixed_url("hubs:hub_list"),
        empty="No session is planned at your hubs yet.",
        more_label="See the hubs",
        order_words="the soonest first",
    )
    section.in_digest = False  # not work due: the digest counts today's sessions only
    return section


def _with_expected(sessions):
    """Each session with how many people are booked into it and still expected."""
    return sessions.annotate(
        expected=Count("bookings", filter=Q(bookings__status=HubBooking.Status.BOOKED))
    )


def _session_row(session, today: datetime.date) -> DueRow:
    times = (
        f", {session.starts_at:%H:%M}–{session.ends_at:%H:%M}"
        if session.starts_at and session.ends_at
        else ""
    )
    when = "today" if session.date == today else short_date(session.date)
    return DueRow(
        label=str(session.hub.name),
        note=f"{when}{times} · {session.get_mode_display()}"
        + (f" · {session.expected} expected" if session.expected else ""),
        url=route(session.pk, "hubs:session_detail"),
        action="Open the session" if session.date == today else "See the session",
    )


CASEWORK_PROVIDERS = [
    crisis_plans_due,
    crises_past_limit,
    waiting_for_crisis_conversation,
    referrals_waiting,
    follow_ups_due,
    outcome_reviews_due,
    package_reviews,
    longest_waits,
]
HUB_WORKER_PROVIDERS = [sessions_today, sessions_next, follow_ups_due]
