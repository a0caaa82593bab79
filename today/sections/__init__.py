"""What each role's home page shows, as sections of due items, each from one provider.

A provider is ``provider(user, today) -> DueSection | None`` (None: not for this user). Each
role's providers are a list in ``PROVIDERS``; an app or a later change adds one with
``provider_register(role, provider)`` (e.g. the administrator's pending invitations and imports
in progress), and both the home page and the daily digest pick it up. Providers read through
the owning app's selectors, so scoping and the rules stay there.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING

from cls_portal.permissions import Role
from today.sections.admin import imports_in_progress, pending_invitations
from today.sections.base import (
    DueRow,
    DueSection,
    DueTotal,
    count_due,
    due_total,
    section_from,
)
from today.sections.casework import CASEWORK_PROVIDERS, HUB_WORKER_PROVIDERS
from today.sections.forum import FORUM_MANAGER_PROVIDERS
from today.sections.lead import ADMIN_PROVIDERS, LEAD_PROVIDERS

if TYPE_CHECKING:
    from cls_portal.accounts.models import User

Provider = Callable[["User", datetime.date], DueSection | None]

PROVIDERS: dict[str, list[Provider]] = {
    Role.PRACTITIONER: list(CASEWORK_PROVIDERS),
    Role.HUB_WORKER: list(HUB_WORKER_PROVIDERS),
    Role.FORUM_MANAGER: list(FORUM_MANAGER_PROVIDERS),
    Role.HSCP_LEAD: list(LEAD_PROVIDERS),
    Role.ADMIN: [*ADMIN_PROVIDERS, pending_invitations, imports_in_progress],
}


def provider_register(role: str, provider: Provider) -> None:
    """Add a section to a role's home page and digest (once; e.g. from an AppConfig.ready)."""
    if provider not in PROVIDERS[role]:
        PROVIDERS[role].append(provider)


def sections_for(user: User, today: datetime.date) -> list[DueSection]:
    """The sections of this user's home page, in their role's order, counted."""
    built = (provider(user, today) for provider in PROVIDERS.get(user.role, []))
    sections = [section for section in built if section is not None]
    count_due(sections, user=user, today=today)
    return sections


__all__ = [
    "PROVIDERS",
    "DueRow",
    "DueSection",
    "DueTotal",
    "due_total",
    "provider_register",
    "section_from",
    "sections_for",
]
