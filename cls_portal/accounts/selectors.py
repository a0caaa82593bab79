"""Reading staff accounts, limited to the administrator's own partnership."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from cls_portal.accounts.models import User
from cls_portal.permissions import require


def user_list(*, user: User) -> QuerySet[User]:
    return (
        # No partnership (a superuser) lists nobody, as user_get finds nobody.
        User.objects.filter(partnership_id=user.partnership_id or -1)
        .prefetch_related("localities")
        .order_by("last_name", "first_name", "pk")
    )


def user_get(*, user: User, pk: int, action: str = "users.manage") -> User:
    """A user of the administrator's partnership: 404 for anyone else's, 403 for other roles."""
    target = User.objects.filter(pk=pk, partnership_id=user.partnership_id or -1).first()
    if target is None:
        raise Http404("No such user.")
    require(user, action, target)
    return target
