"""What a higher app adds to a hub session's page, without hubs importing it (README,
"Architecture").

The session page is in ``hubs``, yet it lists the people booked into the session, who live in
``conversations``. So the dependency is inverted, as on the person's page: ``conversations``
registers a ``SessionPagePart`` from its ``AppConfig.ready()`` whose ``render`` answers the HTML
of its section (its own template, already escaped), and the session view shows every part.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.http import HttpRequest
    from django.utils.safestring import SafeString

    from hubs.models import HubSession


@dataclass(frozen=True)
class SessionPagePart:
    """``render(request=, session=)`` answers only what ``request.user`` may see, in a fixed
    number of queries however many rows."""

    name: str
    render: Callable[..., SafeString]


_parts: dict[str, SessionPagePart] = {}


def session_page_part_register(part: SessionPagePart) -> None:
    """Add (or replace, by name: ``ready()`` may run twice) an app's part of the session page."""
    _parts[part.name] = part


def session_page_sections(*, request: HttpRequest, session: HubSession) -> list[SafeString]:
    return [part.render(request=request, session=session) for part in _parts.values()]
