"""The navigation bar, by role: each item shows only to roles allowed its action; and how long
the session has left (for the page's time-out warning, static/js/session_timeout.js)."""

from __future__ import annotations

import contextlib
from typing import Any, NamedTuple

from django.conf import settings
from django.urls import NoReverseMatch, reverse

from cls_portal.middleware import session_seconds_left
from cls_portal.permissions import has_role_permission, is_platform_operator
from cls_portal.templatetags.rows import fixed_url


class NavItem(NamedTuple):
    label: str
    url_name: str
    action: str


# Apps add their entries here as their pages land; an item whose URL does not exist yet is hidden.
NAV_ITEMS: list[NavItem] = [
    NavItem("Hubs", "hubs:hub_list", "hub.view"),
    NavItem("People", "conversations:person_list", "person.view"),
    NavItem("Follow-ups", "conversations:signpost_follow_ups", "signpost.change"),
    NavItem("Crisis board", "conversations:crisis_board", "crisis_board.view"),
    NavItem("Waiting lists", "conversations:waiting_list_index", "waiting_list.view"),
    NavItem("Peer forums", "peer_forum:forum_list", "forum.view"),
    NavItem("Directory", "hubs:solution_list", "directory.view"),
    NavItem("Outcomes", "outcomes:dashboard", "outcomes.view"),
    NavItem("Reports", "outcomes:report_list", "reports.view"),
    NavItem("Users", "accounts:user_list", "users.manage"),
    # ---- programme ----
    NavItem("Programme", "outcomes:programme", "programme.view"),
    NavItem("Programme sharing", "outcomes:programme_sharing", "programme.share"),
    # ---- golive-admin ----
    NavItem("Set up", "accounts:setup", "partnership.manage"),
    NavItem("Imports", "imports:import_index", "imports.manage"),  # golive-import
    # ---- records ----
    NavItem("Merges", "conversations:person_merge_list", "person.merge_confirm"),
]


def navigation(request: Any) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for item in NAV_ITEMS:
        if not has_role_permission(user, item.action):
            continue
        try:
            url = fixed_url(item.url_name)
        except NoReverseMatch:
            continue
        items.append({"label": item.label, "url": url, "current": False})
    if is_platform_operator(user):  # the installation's operator: not a role (golive-admin)
        with contextlib.suppress(NoReverseMatch):
            items.append(
                {
                    "label": "Partnerships",
                    "url": reverse("platform:partnership_list"),
                    "current": False,
                }
            )
    # Only the closest match is current: /outcomes/reports/ is Reports, not also Outcomes.
    matches = [entry for entry in items if request.path.startswith(entry["url"])]
    if matches:
        max(matches, key=lambda entry: len(entry["url"]))["current"] = True
    return {
        "nav_items": items,
        "session_seconds_left": session_seconds_left(request),
        "session_idle_minutes": max(1, settings.SESSION_COOKIE_AGE // 60),
    }
