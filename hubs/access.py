"""Rules about who may act on hubs beyond the role table.

Fetching one hub, session or directory entry the user may act on is a selector
(``hubs.selectors.hub_get``, ``hub_session_get``, ``solution_get``), as in every app.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cls_portal.permissions import require
from hubs.models import Hub, HubSession

if TYPE_CHECKING:
    from cls_portal.accounts.models import User


def require_can_run_session_at(user: User, hub: Hub) -> None:
    """Sessions belong to the hub's locality: staff of other localities get 404, roles that
    do not run sessions 403."""
    require(user, "hub_session.run", HubSession(hub=hub))
