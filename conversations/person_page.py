"""What a higher app adds to a person's page, without conversations importing it (DESIGN §3).

conversations sits below the peer forum, yet a person's timeline lists their funding requests in
date order with everything else. So the dependency is inverted: a higher app registers a
``PersonPagePart`` from its ``AppConfig.ready()`` — records to merge into the timeline (shown by
the app's own template partial), sections of the page loaded from its own URLs, and links beside
an episode — and the timeline selector and the person view ask every registered part.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cls_portal.accounts.models import User
    from conversations.models import Person
    from conversations.selectors.timeline import EpisodeTimeline


@dataclass(frozen=True)
class TimelineItem:
    """One record a part puts on an episode's timeline."""

    episode_id: int
    day: datetime.date
    kind: str  # what it is: the event's CSS class, and the part's template chooses on it
    obj: Any
    rank: int = 0  # within a day: higher shows first


@dataclass(frozen=True)
class PageSection:
    """A section of the person's page whose content htmx loads from ``url`` (also a plain link)."""

    slug: str  # the element id
    heading: str
    url: str
    link_text: str


@dataclass(frozen=True)
class PageLink:
    label: str
    url: str
    hint: str = ""


@dataclass(frozen=True)
class PersonPagePart:
    """What one app adds. Each callable takes keyword arguments and answers only what ``user``
    may see: ``timeline_items(user=, episode_ids=)`` in a fixed number of queries however many
    rows, ``sections(user=, person=)`` and ``episode_links(user=, block=)``."""

    name: str
    event_template: str = ""  # the partial that shows one of its timeline items (as ``event``)
    timeline_items: Callable[..., Iterable[TimelineItem]] | None = None
    sections: Callable[..., list[PageSection]] | None = None
    episode_links: Callable[..., list[PageLink]] | None = None


_parts: dict[str, PersonPagePart] = {}


def person_page_part_register(part: PersonPagePart) -> None:
    """Add (or replace, by name: ``ready()`` may run twice) an app's part of the person page."""
    _parts[part.name] = part


def person_page_parts() -> list[PersonPagePart]:
    """The registered parts, in the order their apps were made ready."""
    return list(_parts.values())


def person_page_sections(*, user: User, person: Person) -> list[PageSection]:
    return [
        section
        for part in person_page_parts()
        if part.sections
        for section in part.sections(user=user, person=person)
    ]


def episode_links(*, user: User, block: EpisodeTimeline) -> list[PageLink]:
    return [
        link
        for part in person_page_parts()
        if part.episode_links
        for link in part.episode_links(user=user, block=block)
    ]
