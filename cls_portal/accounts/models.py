from __future__ import annotations

from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models

from cls_portal.permissions import Role

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
    def locality_id_set(self) -> frozenset[int]:
        return frozenset(self.localities.values_list("pk", flat=True))

    @property
    def role_label(self) -> str:
        return Role(self.role).label

    @property
    def role_in_a_sentence(self) -> str:
        """ "a hub worker", "an administrator", "an HSCP lead": for "signed in as …"."""
        return with_article(self.role_label)

    @property
    def scope_partnership_id(self) -> int | None:
        return self.partnership_id
