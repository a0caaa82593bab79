from __future__ import annotations

import datetime
from functools import cached_property
from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone

from cls_portal.permissions import Role, ScopedQuerySet

if TYPE_CHECKING:
    from hubs.models import Locality

# Letters whose names start with a vowel sound, so an initialism takes "an" (an HSCP lead).
_VOWEL_SOUND_LETTERS = frozenset("AEFHILMNORSX")


def with_article(label: str) -> str:
    """ "a hub worker", "an administrator", "an HSCP lead": lower case unless an initialism."""
    initialism = len(label) > 1 and label[:2].isupper()
    words = label if initialism else label[:1].lower() + label[1:]
    vowel = label[:1] in _VOWEL_SOUND_LETTERS if initialism else words[:1] in "aeiou"
    return f"{'an' if vowel else 'a'} {words}"


class User(AbstractUser):
    """A member of staff: one role, one partnership, and the localities they work in."""

    role = models.CharField(max_length=20, choices=Role.choices, default=Role.HUB_WORKER)
    partnership = models.ForeignKey(
        "hubs.Partnership",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text="Every user belongs to exactly one partnership; only superusers have none.",
    )
    localities = models.ManyToManyField("hubs.Locality", blank=True, related_name="users")

    class Meta:
        ordering = ["first_name", "last_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @cached_property
    def working_localities(self) -> list[Locality]:
        """The localities they work in, by name: read once (the home page names them, and
        ``locality_id_set`` scopes every list)."""
        return list(self.localities.all())

    @cached_property
    def locality_id_set(self) -> frozenset[int]:
        return frozenset(locality.pk for locality in self.working_localities)

    def localities_forget(self) -> None:
        """After ``localities.set()``: read them again when next asked."""
        self.__dict__.pop("working_localities", None)
        self.__dict__.pop("locality_id_set", None)

    @property
    def role_label(self) -> str:
        if self.is_superuser and not self.partnership_id:
            return "Operator of this installation"  # sets up partnerships; not a role
        return Role(self.role).label

    @property
    def role_in_a_sentence(self) -> str:
        """ "a hub worker", "an administrator", "an HSCP lead": for "signed in as …"."""
        return with_article(self.role_label)

    @property
    def scope_partnership_id(self) -> int | None:
        return self.partnership_id


class InvitationQuerySet(ScopedQuerySet):
    def open(self) -> InvitationQuerySet:
        """Not used and not revoked (it may still have expired: see ``usable``)."""
        return self.filter(used_at__isnull=True, revoked_at__isnull=True)

    def usable(self, now: datetime.datetime | None = None) -> InvitationQuerySet:
        return self.open().filter(expires_at__gt=now or timezone.now())


class Invitation(models.Model):
    """A one-time link to set a password: sent when a user is invited, or when an administrator
    resets their password. Only a hash of the link's token is kept, so the database alone never
    lets anyone in; a link works once, until it expires, and sending a new one revokes it."""

    class Purpose(models.TextChoices):
        INVITE = "invite", "Invitation"
        RESET = "reset", "Password reset"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations")
    purpose = models.CharField(max_length=10, choices=Purpose.choices, default=Purpose.INVITE)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    SCOPE_PARTNERSHIP = "user__partnership"
    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One live link per user: sending a new one revokes the old one first.
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(used_at__isnull=True, revoked_at__isnull=True),
                name="one_open_invitation_per_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} for {self.user}"

    @property
    def scope_partnership_id(self) -> int | None:
        return self.user.partnership_id

    def status(self, now: datetime.datetime | None = None) -> str:
        if self.used_at:
            return "used"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= (now or timezone.now()):
            return "expired"
        return "waiting"
