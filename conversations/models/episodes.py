"""Episodes (one journey from first contact to close) and the common scope of their records."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from cls_portal.audit.guard import AuditedModel, AuditedQuerySet
from conversations.models.people import Person
from hubs.models import HubSession, Locality, Partnership


class Episode(AuditedModel):
    """One journey from first contact to close. Its state is moved only by
    ``conversations.services`` (the pathway state machine)."""

    class State(models.TextChoices):
        WAITING = "waiting", "Waiting"
        CONVERSATION_1 = "conversation_1", "Conversation 1: listen and connect"
        CONVERSATION_2 = "conversation_2", "Conversation 2: crisis"
        CONVERSATION_3 = "conversation_3", "Conversation 3: build a good life"
        CLOSED = "closed", "Closed"

    class Channel(models.TextChoices):
        HUB_DROP_IN = "hub_drop_in", "Hub drop-in"
        HUB_APPOINTMENT = "hub_appointment", "Hub appointment"
        PHONE = "phone", "Phone"
        EMAIL = "email", "Email or online"
        REFERRAL = "referral", "Referral"
        HOME_VISIT = "home_visit", "Home visit"
        DUTY_DESK = "duty_desk", "Duty desk"

    class Source(models.TextChoices):
        SELF = "self", "Themselves"
        FAMILY = "family", "Family, friend or carer"
        GP = "gp", "GP or primary care"
        HOSPITAL = "hospital", "Hospital"
        COMMUNITY = "community", "Community organisation"
        OTHER_PROFESSIONAL = "other_professional", "Other professional"

    class CloseReason(models.TextChoices):
        RESOLVED_AT_FIRST_CONTACT = "resolved_first_contact", "Resolved at first contact"
        CONNECTED_TO_COMMUNITY = "connected_community", "Connected to community support"
        CRISIS_RESOLVED = "crisis_resolved", "Crisis resolved"
        SUPPORT_IN_PLACE = "support_in_place", "Longer-term support in place"
        NO_LONGER_NEEDED = "no_longer_needed", "No longer needed"
        DECLINED = "declined", "Person declined support"
        MOVED_AWAY = "moved_away", "Moved away"
        DIED = "died", "Died"
        TRANSFERRED = "transferred", "Transferred to another service"
        # Counted, but nobody can follow up someone whose details were not kept.
        DETAILS_NOT_KEPT = "details_not_kept", "Did not agree to us keeping their details"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="episodes")
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    locality = models.ForeignKey(Locality, on_delete=models.PROTECT, related_name="episodes")
    state = models.CharField(max_length=20, choices=State.choices, default=State.WAITING)
    first_contact_on = models.DateField()
    channel = models.CharField(max_length=20, choices=Channel.choices)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.SELF)
    first_contact_session = models.ForeignKey(
        HubSession, on_delete=models.SET_NULL, null=True, blank=True, related_name="episodes"
    )
    # Milestones, set by the events that cause them (never typed in).
    first_conversation_on = models.DateField(null=True, blank=True)
    support_in_place_on = models.DateField(null=True, blank=True)
    last_conversation_on = models.DateField(null=True, blank=True)
    crisis_started_on = models.DateField(null=True, blank=True)
    # The latest referral for crisis support not yet followed by a crisis conversation (the
    # crisis board's "waiting" list reads it; ``pending_crisis_referral`` is the rule).
    crisis_referred_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    close_reason = models.CharField(max_length=30, choices=CloseReason.choices, blank=True)
    reopened_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="reopened_as"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Support for the person as a carer (their conversations are a carer's conversations);
    # set by conversations.services.carers.
    as_carer = models.BooleanField("Support as a carer", default=False)

    SCOPE_PARTNERSHIP = "partnership"
    SCOPE_LOCALITY = "locality"
    AUDIT_PERSON = "person"
    PERSONAL_FIELDS = ()
    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["-first_contact_on", "-pk"]
        indexes = [
            models.Index(fields=["partnership", "first_conversation_on"]),
            models.Index(fields=["partnership", "support_in_place_on"]),
            models.Index(fields=["partnership", "closed_on"]),
            models.Index(fields=["partnership", "state"]),
            models.Index(fields=["locality", "state"]),
            models.Index(
                fields=["partnership", "crisis_referred_on"],
                condition=Q(crisis_referred_on__isnull=False),
                name="episode_crisis_referred",
            ),
            # Referrals waiting for a first conversation, longest first (the home page): walked
            # in order, so the first few in a user's localities are found without reading
            # (and joining a person to) every one of the partnership's.
            models.Index(
                fields=["partnership", "first_contact_on", "id"],
                condition=Q(
                    channel="referral", state="waiting", first_conversation_on__isnull=True
                ),
                name="episode_referral_queue",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state="closed", closed_on__isnull=False)
                | (~Q(state="closed") & Q(closed_on__isnull=True)),
                name="episode_closed_has_date",
            ),
            models.UniqueConstraint(
                fields=["person"],
                condition=~Q(state="closed"),
                name="one_open_episode_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"Episode #{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.state != self.State.CLOSED

    @property
    def days_to_first_conversation(self) -> int | None:
        """DESIGN §4 wait to first conversation, in days (None until it happens)."""
        if self.first_conversation_on is None:
            return None
        return (self.first_conversation_on - self.first_contact_on).days

    @property
    def days_to_support_in_place(self) -> int | None:
        """DESIGN §4 wait from first conversation to support in place, in days."""
        if self.first_conversation_on is None or self.support_in_place_on is None:
            return None
        return (self.support_in_place_on - self.first_conversation_on).days

    @property
    def scope_partnership_id(self) -> int:
        return self.partnership_id

    @property
    def scope_locality_ids(self) -> list[int]:
        return [self.locality_id]

    @property
    def audit_person_id(self) -> int:
        return self.person_id


class EpisodeChild(AuditedModel):
    """Common scope for records that hang off an episode."""

    SCOPE_PARTNERSHIP = "episode__partnership"
    SCOPE_LOCALITY = "episode__locality"
    AUDIT_PERSON = "episode__person"
    PERSONAL_FIELDS: tuple[str, ...] = ()
    objects = AuditedQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def scope_partnership_id(self) -> int:
        return self.episode.partnership_id

    @property
    def scope_locality_ids(self) -> list[int]:
        return [self.episode.locality_id]

    @property
    def audit_person_id(self) -> int:
        return self.episode.person_id
