"""How someone came to us outside a hub (a referral: who referred them and why), and their
consent: to keep their details, and to share them with named partner organisations."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from cls_portal.audit.guard import AuditedModel, AuditedQuerySet
from conversations.models.episodes import Episode, EpisodeChild
from conversations.models.people import Person


class Referral(EpisodeChild):
    """Who referred someone and why, kept on the episode the referral opened. The episode's
    first contact is the referral date, so its wait to first conversation counts from the day
    the referral was made (DESIGN §4), not from the day it was typed in."""

    episode = models.OneToOneField(Episode, on_delete=models.CASCADE, related_name="referral")
    referred_on = models.DateField("Date of the referral")
    referrer_name = models.CharField("Their name", max_length=120, blank=True)
    referrer_organisation = models.CharField("Organisation", max_length=150, blank=True)
    referrer_role = models.CharField("Their role", max_length=80, blank=True)
    referrer_contact = models.CharField("How to contact them", max_length=200, blank=True)
    reason_for_referral = models.TextField("Why they were referred", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # The referrer can be a relative, the reason is about the person, and even an organisation
    # can say something about them: all blanked on erasure. Where referrals come from is kept
    # by the episode's source (GP, hospital, community organisation…).
    PERSONAL_FIELDS = (
        "referrer_name",
        "referrer_organisation",
        "referrer_role",
        "referrer_contact",
        "reason_for_referral",
    )

    def __str__(self) -> str:
        return f"Referral #{self.pk}"

    @property
    def referrer(self) -> str:
        """Who referred, in one line: "Dr Rao (GP, Riverside Practice)"."""
        about = ", ".join(filter(None, [self.referrer_role, self.referrer_organisation]))
        if self.referrer_name and about:
            return f"{self.referrer_name} ({about})"
        return self.referrer_name or about


class ConsentRecord(AuditedModel):
    """One answer a person gave: to keep their details, or to share them with a named partner
    organisation. Never changed: a change of mind is a new record, so the history stays; the
    latest record of each kind (and organisation) is what holds now."""

    class Kind(models.TextChoices):
        KEEP = "keep", "Keep their details"
        SHARE = "share", "Share their details with a partner organisation"

    class How(models.TextChoices):
        IN_PERSON = "in_person", "Said in person"
        PHONE = "phone", "Said on the phone"
        WRITING = "writing", "In writing or a signed form"
        ONLINE = "online", "By email or online"
        NOT_RECORDED = "not_recorded", "Not recorded"

    class GivenBy(models.TextChoices):
        THEMSELVES = "themselves", "Themselves"
        ON_BEHALF = "on_behalf", "Someone with the right to act for them (e.g. welfare attorney)"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    partner_organisation = models.CharField(
        max_length=150, blank=True, help_text="For sharing: the organisation, by name."
    )
    agreed = models.BooleanField()
    given_on = models.DateField()
    how = models.CharField(max_length=15, choices=How.choices)
    given_by = models.CharField(max_length=15, choices=GivenBy.choices, default=GivenBy.THEMSELVES)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    SCOPE_PARTNERSHIP = "person__partnership"
    AUDIT_PERSON = "person"
    # Whom they share with can say something about them (e.g. a refuge): blanked on erasure,
    # so only the service (not the database) insists that sharing names an organisation.
    PERSONAL_FIELDS = ("partner_organisation",)
    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["-given_on", "-pk"]
        indexes = [models.Index(fields=["person", "kind", "-given_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="share") | models.Q(partner_organisation=""),
                name="consent_only_sharing_names_an_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"Consent #{self.pk}"

    @property
    def what(self) -> str:
        if self.kind == self.Kind.SHARE:
            return f"Share their details with {self.partner_organisation}"
        return "Keep their details"

    @property
    def scope_partnership_id(self) -> int:
        return self.person.partnership_id

    @property
    def scope_locality_ids(self) -> set[int]:
        return self.person.scope_locality_ids

    @property
    def audit_person_id(self) -> int:
        return self.person_id
