"""Reading a user's own reminder choice, and who gets a digest."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model

from today.models import ReminderPreference

if TYPE_CHECKING:
    from cls_portal.accounts.models import User


def reminder_preference_for(*, user: User) -> ReminderPreference | None:
    return ReminderPreference.objects.filter(user=user).first()


def digest_recipient_ids() -> Any:
    """Ids of active users of a partnership who opted in and have an e-mail address."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            partnership__isnull=False,
            reminder_preference__daily_digest=True,
        )
        .exclude(email="")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
