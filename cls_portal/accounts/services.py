"""Every write to a user account goes through here, audited; and setting up a partnership with
its first administrator (the installation's operator)."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cls_portal.accounts.invitations import (
    invitation_claim,
    invitation_send,
    invitations_revoke_open,
)
from cls_portal.accounts.models import Invitation, User, with_article
from cls_portal.audit.models import AuditEntry
from cls_portal.audit.services import audit_create, audit_record, audit_snapshot, audit_update
from cls_portal.permissions import CASE_ROLES, Role
from hubs.models import Locality, Partnership
from hubs.services.partnerships import partnership_create


def _check_localities(
    partnership_id: int | None,
    localities: Iterable[Locality],
    *,
    role: str,
    keep: Iterable[int] = (),
) -> list[Locality]:
    """The localities chosen for a user: their partnership's, in use (or already theirs), and
    at least one for a case-working role, who sees case records only in their localities."""
    localities = list(localities)
    if any(loc.partnership_id != partnership_id for loc in localities):
        raise ValueError("Localities must belong to the user's partnership.")
    kept = set(keep)
    retired = [loc.name for loc in localities if not loc.is_active and loc.pk not in kept]
    if retired:
        raise ValidationError({"localities": f"{', '.join(retired)} is no longer in use."})
    if role in CASE_ROLES and not localities:
        raise ValidationError(
            {
                "localities": f"Choose at least one locality: {with_article(Role(role).label)} "
                "sees case records only in their own localities."
            }
        )
    return localities


def _check_username(username: str, email: str) -> str:
    username = username.strip() or email.strip().lower()
    if not username:
        raise ValidationError({"username": "Enter a username, or an e-mail address to use as one."})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": "That username is already taken."})
    return username


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    partnership_id: int,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    role: str,
    localities: Iterable[Locality],
    password: str | None,
) -> User:
    username = _check_username(username, email)
    user = User(
        partnership_id=partnership_id,
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        role=role,
    )
    if password:
        try:
            validate_password(password, user)  # against this user: not like their username
        except ValidationError as refused:
            raise ValidationError({"password": refused.messages}) from None
        user.set_password(password)
    else:
        user.set_unusable_password()
    chosen = _check_localities(partnership_id, localities, role=role)
    user.full_clean()
    user.save()
    user.localities.set(chosen)
    audit_create(actor=actor, obj=user)
    return user


@transaction.atomic
def user_update(
    *,
    actor: User,
    user: User,
    first_name: str,
    last_name: str,
    email: str,
    role: str,
    is_active: bool,
    localities: Iterable[Locality],
) -> User:
    _check_an_administrator_stays(user=user, role=role, is_active=is_active)
    before = audit_snapshot(user)
    before["localities"] = sorted(user.localities.values_list("pk", flat=True))
    # Someone who can no longer sign in needs no locality (deactivating is never blocked).
    chosen = _check_localities(
        user.partnership_id, localities, role=role if is_active else "", keep=before["localities"]
    )
    user.first_name, user.last_name, user.email = first_name, last_name, email
    user.role, user.is_active = role, is_active
    user.full_clean()
    user.save()
    user.localities.set(chosen)
    user.localities_forget()
    if not is_active:
        user_end_sessions(user=user)
        invitations_revoke_open(actor=actor, user=user)
    audit_update(
        actor=actor,
        obj=user,
        before=before,
        extra_after={"localities": sorted(c.pk for c in chosen)},
    )
    return user


def _check_an_administrator_stays(*, user: User, role: str, is_active: bool) -> None:
    """A partnership never loses its last administrator (nobody could then manage it). The
    partnership's row is locked, so two administrators demoting each other at once cannot
    both succeed."""
    if user.role != Role.ADMIN or not user.is_active or (role == Role.ADMIN and is_active):
        return
    if user.partnership_id is None:
        return
    Partnership.objects.select_for_update().get(pk=user.partnership_id)
    others = User.objects.filter(
        partnership_id=user.partnership_id, role=Role.ADMIN, is_active=True
    ).exclude(pk=user.pk)
    if not others.exists():
        raise ValidationError(
            {
                "role": f"{user} is the only administrator of {user.partnership}: make someone "
                "else an administrator first."
            }
        )


def user_end_sessions(*, user: User) -> int:
    """Log a user out everywhere (e.g. when deactivated): drop every session that is theirs."""
    from django.contrib.sessions.models import Session

    ended = 0
    # Only live sessions can sign anyone in (with a 15-minute idle limit, those are the few
    # of people working now); expired ones are cleared nightly (cls_portal.clear_sessions).
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
            ended += 1
    return ended


# ---------------------------------------------------------------- invitations and set-up


@transaction.atomic
def user_invite(
    *,
    actor: User | None,
    partnership_id: int,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    localities: Iterable[Locality],
    site_url: str,
    username: str = "",
) -> tuple[User, str]:
    """Add a user who sets their own password through a one-time link sent to ``email``
    (their username is the e-mail address unless one is given). Returns the user and link."""
    if not email.strip():
        raise ValidationError(
            {"email": "Enter their e-mail address: the link to set a password is sent there."}
        )
    user = user_create(
        actor=actor,
        partnership_id=partnership_id,
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email.strip(),
        role=role,
        localities=localities,
        password=None,
    )
    return user, invitation_send(actor=actor, user=user, site_url=site_url)


def user_password_reset(*, actor: User, user: User, site_url: str) -> str:
    """Send a new one-time link (their current password works until they use it)."""
    return invitation_send(actor=actor, user=user, site_url=site_url)


@transaction.atomic
def user_set_password_with_link(*, invitation: Invitation, password: str) -> User:
    """Set a password through a one-time link: refused (and the link left as it was) if the
    password is too weak; refused if the link was used, revoked or has expired."""
    user = invitation.user
    try:
        validate_password(password, user)
    except ValidationError as refused:
        raise ValidationError({"password": refused.messages}) from None
    before = audit_snapshot(invitation)
    if not invitation_claim(invitation=invitation):
        raise ValidationError(
            "This link has already been used or has expired. Ask your administrator for a new one."
        )
    user.set_password(password)
    user.save(update_fields=["password"])
    user_end_sessions(user=user)  # a reset signs out anyone using the old password
    audit_update(actor=user, obj=invitation, before=before)
    audit_record(
        actor=user,
        action=AuditEntry.Action.UPDATE,
        obj=user,
        changes={"password": ["(not shown)", "set through a one-time link"]},
    )
    return user


@transaction.atomic
def partnership_set_up(
    *,
    actor: User | None,
    name: str,
    slug: str,
    nation: str,
    retention_years: int | None,
    swemwbs_licensed: bool,
    admin_first_name: str,
    admin_last_name: str,
    admin_email: str,
    site_url: str,
) -> tuple[Partnership, User, str]:
    """The installation's operator sets up a partnership with its first administrator, who is
    sent a link to set their password. All or nothing: if the e-mail cannot be sent, nothing is
    kept. Errors about the administrator name fields ``admin_…``."""
    partnership = partnership_create(
        actor=actor,
        name=name,
        slug=slug,
        nation=nation,
        retention_years=retention_years,
        swemwbs_licensed=swemwbs_licensed,
    )
    try:
        admin, link = user_invite(
            actor=actor,
            partnership_id=partnership.pk,
            email=admin_email,
            first_name=admin_first_name,
            last_name=admin_last_name,
            role=Role.ADMIN,
            localities=[],
            site_url=site_url,
        )
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        raise ValidationError(
            {f"admin_{'email' if k == 'username' else k}": v for k, v in error.error_dict.items()}
        ) from None
    return partnership, admin, link
