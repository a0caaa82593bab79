"""The administrator's "Set up" page: the steps to make a new partnership ready, in order.

A plug-in point, as ``conversations.person_page`` is: each app registers its own step in its
``AppConfig.ready()`` (accounts registers localities, hubs, staff and settings; peer_forum its
forums; an import app would add "Import records"), so accounts never imports a higher app."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class SetUpStep:
    order: int
    title: str
    url_name: str
    description: str
    # How many the partnership has (None: the step has nothing to count), and how to say it.
    count: Callable[[int], int] | None = None
    counted: str = "in use"


_STEPS: dict[str, SetUpStep] = {}


def setup_step_register(step: SetUpStep) -> None:
    _STEPS[step.url_name] = step  # keyed by URL, so registering twice changes nothing


def setup_steps(*, partnership_id: int) -> list[dict[str, object]]:
    """The steps in order, each with its link (None if its page is not installed) and count."""
    steps = []
    for step in sorted(_STEPS.values(), key=lambda s: (s.order, s.title)):
        try:
            url: str | None = reverse(step.url_name)
        except NoReverseMatch:
            url = None
        count = step.count(partnership_id) if step.count else None
        steps.append({"step": step, "url": url, "count": count, "done": bool(count)})
    return steps
