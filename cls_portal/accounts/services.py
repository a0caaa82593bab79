"""Every write to a user account goes through here, audited."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cls_portal.accounts.models import User
from cls_portal.audit.services import audit_create, audit_snapshot, audit_update
from hubs.models import Locality


def _check_localities(partnership_id: int | None, localities: Iterable[Locality]) -> list[Locality]:
    localities = list(localities)
    if any(loc.partnership_id != partnership_id for loc in localities):
        raise ValueError("Localities must belong to the user's partnership.")
    return localities


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
    user.full_clean()
    user.save()
    user.localities.set(_check_localities(partnership_id, localities))
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
    before = audit_snapshot(user)
    before["localities"] = sorted(user.localities.values_list("pk", flat=True))
    user.first_name, user.last_name, user.email = first_name, last_name, email
    user.role, user.is_active = role, is_active
    user.full_clean()
    user.save()
    chosen = _check_localities(user.partnership_id, localities)
    user.localities.set(chosen)
    user.__dict__.pop("locality_id_set", None)
    if not is_active:
        user_end_sessions(user=user)
    audit_update(
        actor=actor,
        obj=user,
        before=before,
        extra_after={"localities": sorted(c.pk for c in chosen)},
    )
    return user


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
