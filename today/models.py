"""A user's reminder choice and the log of digests sent (one a user a day, by constraint)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ReminderPreference(models.Model):
    """What a user chose on "Your settings". No row means no digest: it is opt-in."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preference"
    )
    daily_digest = models.BooleanField(
        "Send me a daily e-mail of what is due",
        default=False,
        help_text="Counts and links only: never a name or anything about a person.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Reminder preference #{self.pk}"

    @property
    def scope_partnership_id(self) -> int | None:
        return self.user.partnership_id


class DigestSent(models.Model):
    """One row per user per day a digest went out: the unique constraint is what makes the
    digest never go twice on a day, however often beat or a retry runs the task."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests_sent"
    )
    sent_on = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)
    items = models.PositiveIntegerField(help_text="How many due items the digest counted.")

    class Meta:
        ordering = ["-sent_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "sent_on"], name="one_digest_per_user_per_day")
        ]

    def __str__(self) -> str:
        return f"Digest #{self.pk}"
