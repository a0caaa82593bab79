"""A national programme (e.g. a CLS network) and the partnerships sharing their core data set.

A partnership opts in: its administrator turns sharing on or off (``ProgrammeSharing``, audited by
``outcomes.services.programmes``). A programme's lead (``Role.PROGRAMME_LEAD``, a user with no
partnership) sees, for the partnerships sharing *now*, only what their HSCP lead's CSV shows: the
suppressed core data set. No case record and no person-level row ever leaves a partnership.
Imported by ``outcomes.models`` (kept apart so that module stays short).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from cls_portal.permissions import ScopedQuerySet
from hubs.models import Partnership


class Programme(models.Model):
    name = models.CharField(max_length=150, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    description = models.CharField(max_length=300, blank=True)
    # Programme leads: users with Role.PROGRAMME_LEAD (and no partnership).
    leads = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="led_programmes"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ProgrammeSharing(models.Model):
    """Whether a partnership shares its suppressed core data set with a programme (one row per
    pair; turning sharing off keeps the row, with ``sharing`` off, so the history is audited)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="sharing")
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    sharing = models.BooleanField(default=False)
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    SCOPE_PARTNERSHIP = "partnership"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["programme__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "partnership"], name="one_sharing_choice_per_programme"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme}: {'sharing' if self.sharing else 'not sharing'}"

    @property
    def scope_partnership_id(self) -> int:
        return self.partnership_id
