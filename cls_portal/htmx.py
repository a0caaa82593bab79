"""htmx plumbing shared by every app's views."""

from __future__ import annotations

from django.http import HttpRequest


def wants_fragment(request: HttpRequest, target: str | None = None) -> bool:
    """An htmx request for part of a page (``target``: aimed at that element id), and not a
    boosted link nor the browser restoring a page from its history, which need the whole page."""
    htmx = getattr(request, "htmx", None)
    if not htmx or htmx.boosted or htmx.history_restore_request:
        return False
    return target is None or htmx.target == target
