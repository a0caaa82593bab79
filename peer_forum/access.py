"""May this user see or act on this forum, meeting or request?

Outsiders (another partnership, or a locality the user does not work in) get 404 from the scoped
querysets; a role that may not act gets 403. On top of the role table, a forum's requests are
decided only by that forum's members: a forum manager of the same locality who does not sit on
the forum may see the request but gets 403 when deciding.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied

from cls_portal.permissions import has_role_permission
from peer_forum.models import PeerForum

if TYPE_CHECKING:
    from cls_portal.accounts.models import User


def is_forum_member(user: User, forum: PeerForum) -> bool:
    if not getattr(user, "pk", None):
        return False
    return forum.members.filter(pk=user.pk).exists()


def require_forum_member(user: User, forum: PeerForum) -> None:
    if not is_forum_member(user, forum):
        raise PermissionDenied("Only members of this forum can decide its requests.")


def may_decide(user: User, forum: PeerForum | None) -> bool:
    return (
        forum is not None
        and has_role_permission(user, "forum.decide")
        and is_forum_member(user, forum)
    )
