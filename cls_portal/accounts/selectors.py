"""Reading staff accounts, limited to the administrator's own partnership."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from cls_portal.accounts.models import Invitation, User
from cls_portal.permissions import Role, is_platform_operator, require, require_platform_operator
from hubs.models import Partnership


def user_list(*, user: User) -> QuerySet[User]:
    return (
        # No partnership (a superuser) lists nobody, as user_get finds nobody.
        User.objects.filter(partnership_id=user.partnership_id or -1)
        .prefetch_related(
            "localities",
            Prefetch("invitations", queryset=Invitation.objects.open(), to_attr="open_links"),
        )
        .order_by("last_name", "first_name", "pk")
    )


def user_get(*, user: User, pk: int, action: str = "users.manage") -> User:
    """A user of the administrator's partnership: 404 for anyone else's, 403 for other roles."""
    target = User.objects.filter(pk=pk, partnership_id=user.partnership_id or -1).first()
    if target is None:
        raise Http404("No such user.")
    require(user, action, target)
    return target


# ---------------------------------------------------------------- the installation's operator


def platform_partnership_list() -> QuerySet[Partnership]:
    """Every partnership with its count of staff and its administrators (no records)."""
    admins = User.objects.filter(role=Role.ADMIN).order_by("last_name", "first_name", "pk")
    return (
        Partnership.objects.annotate(
            staff_count=Count("users", filter=Q(users__is_active=True), distinct=True),
            locality_count=Count("localities", distinct=True),
        )
        .prefetch_related(Prefetch("users", queryset=admins, to_attr="admins"))
        .order_by("name", "pk")
    )


def platform_admin_get(*, user: User, pk: int) -> User:
    """A partnership's administrator, for the operator. Anyone else: their own partnership's
    users are 403 (they exist, but this is not for them), every other one 404."""
    if not is_platform_operator(user):
        user_get(user=user, pk=pk)  # 404 outside their partnership, else on to the refusal
        require_platform_operator(user)
    target = User.objects.filter(pk=pk, role=Role.ADMIN, partnership__isnull=False).first()
    if target is None:
        raise Http404("No such administrator.")
    return target


def invitations_pending(*, user: User) -> QuerySet[Invitation]:
    """Invitations to the administrator's partnership not yet used, revoked or expired (the
    administrator's home page), the soonest to expire first."""
    require(user, "users.manage")
    return (
        Invitation.objects.usable()
        .filter(
            purpose=Invitation.Purpose.INVITE,
            user__partnership_id=user.partnership_id,
            user__is_active=True,
        )
        .select_related("user")
        .order_by("expires_at", "pk")
    )
