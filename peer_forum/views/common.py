"""Small helpers the peer-forum views share."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest
from django.urls import reverse

from cls_portal.permissions import has_role_permission

# The peer-forum pages, and who may open each (shown as a small menu on the main pages).
SECTION_LINKS = [
    ("Forums", "peer_forum:forum_list", "forum.view"),
    ("Your queue", "peer_forum:queue", "forum.decide"),
    ("Funding requests", "peer_forum:request_list", "funding_request.view"),
    ("Request funding", "peer_forum:request_create", "funding_request.prepare"),
    ("Escalations", "peer_forum:escalation_list", "escalation.view"),
    ("Reviews due", "peer_forum:reviews_due", "package.review"),
    ("Dashboard", "peer_forum:dashboard", "forum.dashboard"),
]


def page_of(request: HttpRequest, queryset: Any, per_page: int) -> Page:
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def query_string_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def section_links(request: HttpRequest) -> list[dict[str, Any]]:
    links = []
    for label, name, action in SECTION_LINKS:
        if has_role_permission(request.user, action):
            url = reverse(name)
            links.append({"label": label, "url": url, "current": request.path == url})
    return links
