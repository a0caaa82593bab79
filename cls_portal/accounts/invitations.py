"""One-time links to set a password (an invitation, or a reset an administrator sends).

The link carries a random token; only its SHA-256 is stored, so neither the database nor a backup
lets anyone in. A link works once (claimed by one conditional UPDATE, so two tabs cannot both use
it), until it expires (``INVITATION_DAYS``), and sending a new one revokes the one before (a
database constraint keeps one open link per user). Every step is audited."""

from __future__ import annotations

import datetime
import hashlib
import logging
import secrets
import smtplib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cls_portal.accounts.models import Invitation, User
from cls_portal.audit.services import audit_create, audit_snapshot, audit_update

logger = logging.getLogger(__name__)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def set_password_link(site_url: str, token: str) -> str:
    return site_url.rstrip("/") + reverse("accounts:set_password", args=[token])


def invitations_revoke_open(*, actor: User | None, user: User) -> int:
    """Revoke the user's link waiting to be used, if any (a new one replaces it, or the user
    can no longer sign in)."""
    revoked = 0
    for invitation in Invitation.objects.open().filter(user=user).select_for_update():
        before = audit_snapshot(invitation)
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        audit_update(actor=actor, obj=invitation, before=before)
        revoked += 1
    return revoked


def _message(user: User, link: str, invitation: Invitation) -> tuple[str, str]:
    """The e-mail: the recipient's own first name and username, the partnership's name and the
    link; nothing about anyone else (it may be read on a shared or insecure device)."""
    expires = timezone.localtime(invitation.expires_at)
    when = f"{expires:%-d %B %Y} at {expires:%H:%M}"
    if invitation.purpose == Invitation.Purpose.RESET:
        subject = "Set a new password for CLS Portal"
        opening = "Your administrator has sent you a link to set a new password for CLS Portal."
    else:
        subject = "Set your password for CLS Portal"
        opening = f"You have been given an account on CLS Portal for {user.partnership}."
    body = (
        f"Hello {user.first_name or user.username},\n\n"
        f"{opening}\nYour username is: {user.username}\n\n"
        f"Set your password with this link. It works once, until {when}:\n\n{link}\n\n"
        "If you did not expect this e-mail you can ignore it: nobody can sign in as you "
        "without setting a password through the link.\n"
    )
    return subject, body


def _send(user: User, link: str, invitation: Invitation) -> None:
    subject, body = _message(user, link, invitation)
    try:
        send_mail(subject, body, None, [user.email], fail_silently=False)
    except (OSError, smtplib.SMTPException) as exc:
        # Logged without the address or the link: ids only.
        logger.warning("Set-password e-mail for user %s not sent: %s", user.pk, type(exc).__name__)
        raise ValidationError(
            "The e-mail could not be sent: the mail server did not accept it. Nothing was "
            "changed; try again, or ask the operator of this installation to check the mail "
            "settings."
        ) from None


@transaction.atomic
def invitation_send(
    *, actor: User | None, user: User, site_url: str, purpose: str | None = None
) -> str:
    """Send the user a new one-time link to set their password (revoking any earlier one) and
    return it. An invitation if they have never set a password, else a reset."""
    user = (
        User.objects.select_for_update(of=("self",)).select_related("partnership").get(pk=user.pk)
    )
    if not user.is_active:
        raise ValidationError(f"{user} cannot sign in: allow them to sign in first.")
    if not user.email:
        raise ValidationError(
            {"email": f"{user} has no e-mail address: add one to send them a link."}
        )
    if purpose is None:
        usable = user.has_usable_password()
        purpose = Invitation.Purpose.RESET if usable else Invitation.Purpose.INVITE
    invitations_revoke_open(actor=actor, user=user)
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        user=user,
        purpose=purpose,
        token_hash=token_digest(token),
        created_by=actor if getattr(actor, "pk", None) else None,
        expires_at=timezone.now() + datetime.timedelta(days=settings.INVITATION_DAYS),
    )
    audit_create(actor=actor, obj=invitation)
    link = set_password_link(site_url, token)
    _send(user, link, invitation)
    return link


@transaction.atomic
def invitation_revoke(*, actor: User, user: User) -> None:
    if not invitations_revoke_open(actor=actor, user=user):
        raise ValidationError(f"{user} has no link waiting to be used.")


def invitation_find(token: str) -> Invitation | None:
    """The invitation a link's token names, used or not (None for a made-up token)."""
    if not token or len(token) > 100:
        return None
    return (
        Invitation.objects.filter(token_hash=token_digest(token))
        .select_related("user", "user__partnership")
        .first()
    )


def invitation_claim(*, invitation: Invitation) -> bool:
    """Mark the link used, if it still can be: one conditional UPDATE, so of two requests
    with the same link at once exactly one gets True."""
    now = timezone.now()
    claimed = Invitation.objects.filter(
        pk=invitation.pk,
        used_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=now,
        user__is_active=True,
    ).update(used_at=now)
    invitation.used_at = now if claimed else invitation.used_at
    return bool(claimed)


def invitation_latest(*, user: User) -> Invitation | None:
    return Invitation.objects.filter(user=user).order_by("-created_at", "-pk").first()
