"""People: the least we need to know about someone, and who may see them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q

from cls_portal.audit.guard import AuditedModel, AuditedQuerySet
from cls_portal.permissions import sees_all_localities
from conversations.validators import validate_chi_number, validate_nhs_number
from hubs.models import Locality, Partnership


class PersonQuerySet(AuditedQuerySet):
    def visible_to(self, user):
        """A person is visible in the user's partnership if they live in one of the user's
        localities or have an episode there (someone from elsewhere who came to your hub)."""
        if not getattr(user, "is_authenticated", False) or not user.partnership_id:
            return self.none()
        qs = self.filter(partnership_id=user.partnership_id)
        if sees_all_localities(user):
            return qs
        # Imported here because episodes.py imports Person.
        from conversations.models.episodes import Episode

        localities = user.locality_id_set
        episode_here = Episode.objects.filter(person=OuterRef("pk"), locality__in=localities)
        return qs.filter(Q(locality__in=localities) | Exists(episode_here))


class Person(AuditedModel):
    """The least we need to know to help someone well (proportionate recording)."""

    class Consent(models.TextChoices):
        GIVEN = "given", "Agreed we can keep their details"
        VERBAL = "verbal", "Agreed verbally"
        NOT_ASKED = "not_asked", "Not asked yet"
        DECLINED = "declined", "Did not agree"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="people")
    locality = models.ForeignKey(Locality, on_delete=models.PROTECT, related_name="people")
    first_name = models.CharField(max_length=80)
    last_name = models.CharField(max_length=80, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    chi_number = models.CharField(
        "CHI number", max_length=10, blank=True, validators=[validate_chi_number]
    )
    nhs_number = models.CharField(
        "NHS number", max_length=10, blank=True, validators=[validate_nhs_number]
    )
    consent = models.CharField(max_length=10, choices=Consent.choices, default=Consent.VERBAL)
    communication_needs = models.CharField(
        max_length=250, blank=True, help_text="e.g. BSL interpreter, large print, hearing loop"
    )
    preferred_name = models.CharField("Name they like to be called", max_length=80, blank=True)
    pronouns = models.CharField(max_length=30, blank=True, help_text="e.g. she/her, they/them")
    language = models.CharField(
        "Language they prefer", max_length=60, blank=True, help_text="If not English."
    )
    is_anonymised = models.BooleanField(default=False)
    # The old system's identifier of a person brought in by a bulk import (``imports``): a
    # re-import of the same file finds them by it instead of adding them again.
    external_id = models.CharField(
        "identifier in the previous system", max_length=64, blank=True, default=""
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Set when this record was merged into another of the same person (the kept record):
    # everything of theirs moved there, and links to this record lead there. What is left of
    # it (blanked details, the pointer) goes with the kept record if that is ever removed.
    merged_into = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="merged_from"
    )

    SCOPE_PARTNERSHIP = "partnership"
    # Every model linked to a person says which person (a lookup path, for the audit guard)
    # and which of its fields hold personal data (blanked on erasure, scrubbed from the audit
    # trail); dates, places, kinds, statuses and amounts are kept so the figures stay right.
    AUDIT_PERSON = "pk"
    PERSONAL_FIELDS = (
        "first_name",
        "last_name",
        "date_of_birth",
        "postcode",
        "phone",
        "email",
        "chi_number",
        "nhs_number",
        "communication_needs",
        "preferred_name",
        "pronouns",
        "language",
        "external_id",
    )
    # What a record of someone who did not agree to us keeping their details is called
    # (``conversations.services.consent``): it holds no name.
    NOT_KEPT_NAME = "Anonymous"
    objects = PersonQuerySet.as_manager()

    # Not fields: set on search results by conversations.selectors.people.person_search.
    can_open: bool
    has_open_episode: bool
    # Set on likely duplicates by conversations.services.people.person_create.
    added_since_seen: bool

    class Meta:
        ordering = ["last_name", "first_name", "pk"]
        verbose_name_plural = "people"
        indexes = [
            models.Index(fields=["partnership", "last_name", "first_name"]),
            models.Index(fields=["partnership", "date_of_birth"]),
            models.Index(fields=["partnership", "postcode"]),
            models.Index(fields=["partnership", "chi_number"]),
            models.Index(fields=["partnership", "nhs_number"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "external_id"],
                condition=~Q(external_id=""),
                name="person_external_id_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def scope_partnership_id(self) -> int:
        return self.partnership_id

    @property
    def scope_locality_ids(self) -> set[int]:
        return {self.locality_id} | set(self.episodes.values_list("locality_id", flat=True))

    @property
    def audit_person_id(self) -> int:
        return self.pk
