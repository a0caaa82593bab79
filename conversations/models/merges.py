"""Merging two records of the same person: a proposal, and its confirmation by someone else."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from cls_portal.audit.guard import AuditedModel, AuditedQuerySet
from conversations.models.people import Person


class PersonMergeQuerySet(AuditedQuerySet):
    def visible_to(self, user):
        """A proposal is seen by whoever may see both records (the kept one and the duplicate)."""
        people = Person.objects.visible_to(user)
        return self.filter(kept__in=people, duplicate__in=people)


class PersonMerge(AuditedModel):
    """ "Record A is a duplicate of record B": proposed by one member of staff and confirmed by
    another (an administrator or a second practitioner), never by the proposer. On confirm every
    record of the duplicate moves to the kept record (``conversations.services.merge``)."""

    class State(models.TextChoices):
        PROPOSED = "proposed", "Waiting for a second person to confirm"
        CONFIRMED = "confirmed", "Merged"
        DECLINED = "declined", "Not merged"

    duplicate = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    kept = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="merges")
    reason = models.CharField("Why they are the same person", max_length=250)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PROPOSED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # What moved, by model label (e.g. {"conversations.episode": 2}): shown on the timeline.
    moved = models.JSONField(default=dict, blank=True)

    SCOPE_PARTNERSHIP = "kept__partnership"
    AUDIT_PERSON = "kept"
    PERSONAL_FIELDS = ("reason",)
    objects = PersonMergeQuerySet.as_manager()

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(duplicate=models.F("kept")), name="merge_two_different_people"
            ),
            # One open proposal per duplicate: a second would race the first.
            models.UniqueConstraint(
                fields=["duplicate"],
                condition=Q(state="proposed"),
                name="one_open_merge_per_duplicate",
            ),
        ]

    def __str__(self) -> str:
        return f"Merge #{self.pk}"

    @property
    def scope_partnership_id(self) -> int:
        return self.kept.partnership_id

    @property
    def audit_person_id(self) -> int:
        return self.kept_id
