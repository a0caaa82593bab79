"""Carers: a person who cares for another person (both are people in the system)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from cls_portal.audit.guard import AuditedModel, AuditedQuerySet
from conversations.models.people import Person


class CarerLinkQuerySet(AuditedQuerySet):
    def visible_to(self, user):
        """A link is seen by whoever may see both people."""
        people = Person.objects.visible_to(user)
        return self.filter(carer__in=people, cared_for__in=people)

    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on), started_on__lte=on)


class CarerLink(AuditedModel):
    """``carer`` looks after ``cared_for`` (unpaid: family, friend or neighbour), from
    ``started_on`` until ``ended_on`` (empty while they still do)."""

    class Relationship(models.TextChoices):
        PARTNER = "partner", "Partner or spouse"
        PARENT = "parent", "Parent"
        CHILD = "child", "Son or daughter"
        OTHER_FAMILY = "other_family", "Other family"
        FRIEND = "friend", "Friend or neighbour"
        OTHER = "other", "Other"

    carer = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="caring_for")
    cared_for = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="carers")
    relationship = models.CharField(
        "The carer is their", max_length=15, choices=Relationship.choices
    )
    started_on = models.DateField("Caring since")
    ended_on = models.DateField("Stopped caring on", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    SCOPE_PARTNERSHIP = "carer__partnership"
    AUDIT_PERSON = "carer"
    PERSONAL_FIELDS: tuple[str, ...] = ()
    objects = CarerLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(carer=F("cared_for")), name="carer_cares_for_someone_else"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="carer_link_ends_after_it_starts",
            ),
            models.UniqueConstraint(
                fields=["carer", "cared_for"],
                condition=Q(ended_on__isnull=True),
                name="one_current_link_per_carer_and_person",
            ),
        ]

    def __str__(self) -> str:
        return f"Carer link #{self.pk}"

    @property
    def is_current(self) -> bool:
        return self.ended_on is None

    @property
    def scope_partnership_id(self) -> int:
        return self.carer.partnership_id

    @property
    def audit_person_id(self) -> int:
        return self.carer_id
