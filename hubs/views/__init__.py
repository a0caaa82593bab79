"""Pages of the hubs app: hubs and sessions, the directory, and its HSDS exchange."""

from __future__ import annotations

from django.http import HttpRequest


def wants_fragment(request: HttpRequest) -> bool:
    """An htmx request for part of a page (not a boosted link, nor the browser restoring a
    page from history, which needs the whole page)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request
