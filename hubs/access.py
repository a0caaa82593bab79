"""May this user see or act on this hub, session or directory entry?

Outsiders (another partnership, or for sessions a locality the user does not work in) get 404;
a user in scope whose role may not act gets 403 (``cls_portal.permissions.require``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cls_portal.permissions import require
from hubs.models import CommunitySolution, Hub, HubSession

if TYPE_CHECKING:
    from cls_portal.accounts.models import User


def get_hub_for_user(user: User, pk: int, *, action: str = "hub.view") -> Hub:
    return Hub.objects.select_related("locality", "partnership").get_for(user, action, pk=pk)


def get_session_for_user(user: User, pk: int, *, action: str = "hub_session.run") -> HubSession:
    """A session's page lists the people seen, so only staff who run sessions in that
    hub's locality may open it."""
    return HubSession.objects.select_related("hub__locality", "hub__partnership").get_for(
        user, action, pk=pk
    )


def require_can_run_session_at(user: User, hub: Hub) -> None:
    """Sessions belong to the hub's locality: staff of other localities get 404, roles that
    do not run sessions 403."""
    require(user, "hub_session.run", HubSession(hub=hub))


def get_solution_for_user(
    user: User, pk: int, *, action: str = "directory.view"
) -> CommunitySolution:
    return CommunitySolution.objects.select_related("category").get_for(user, action, pk=pk)
