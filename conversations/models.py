"""People and their journeys: episodes, the Three Conversations, signposts, outcomes, waits."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from cls_portal.audit.guard import AuditedModel, AuditedQuerySet
from cls_portal.permissions import ScopedQuerySet, sees_all_localities
from conversations.validators import validate_chi_number, validate_nhs_number
from hubs.models import CommunitySolution, Hub, HubSession, Locality, Partnership


class PersonQuerySet(AuditedQuerySet):
    def visible_to(self, user):
        """A person is visible in the user's partnership if they live in one of the user's
        localities or have an episode there (someone from elsewhere who came to your hub)."""
        if not getattr(user, "is_authenticated", False) or not user.partnership_id:
            return self.none()
        qs = self.filter(partnership_id=user.partnership_id)
        if sees_all_localities(user):
            return qs
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
    is_anonymised = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
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
    )
    objects = PersonQuerySet.as_manager()

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


class Conversation(EpisodeChild):
    """A good conversation about what matters (kind 1, 2 or 3 of the Three Conversations)."""

    class Kind(models.IntegerChoices):
        LISTEN_AND_CONNECT = 1, "Conversation 1: listen and connect"
        CRISIS = 2, "Conversation 2: work intensively in crisis"
        GOOD_LIFE = 3, "Conversation 3: build a good life"

    class Place(models.TextChoices):
        HUB_SESSION = "hub_session", "At a hub session"
        HOME = "home", "At home"
        PHONE = "phone", "By phone"
        VIDEO = "video", "By video"
        OTHER = "other", "Somewhere else"

    class WhatHappened(models.TextChoices):
        RESOLVED = "resolved", "Resolved there and then"
        CONNECTED = "connected", "Connected to community solutions"
        FOLLOW_UP = "follow_up", "Follow-up conversation booked"
        WAITING_LIST = "waiting_list", "Added to a waiting list"
        CRISIS = "crisis", "Referred for crisis support"

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="conversations")
    kind = models.PositiveSmallIntegerField(choices=Kind.choices)
    held_on = models.DateField()
    place = models.CharField(max_length=12, choices=Place.choices)
    hub_session = models.ForeignKey(
        HubSession,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="conversations",
    )
    hub = models.ForeignKey(Hub, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    what_matters = models.TextField("What matters to them, in their words")
    strengths_own = models.TextField("Their own strengths", blank=True)
    strengths_family = models.TextField("Family and friends", blank=True)
    strengths_community = models.TextField("Community", blank=True)
    agreed_actions = models.TextField(blank=True)
    next_step = models.CharField(max_length=250, blank=True)
    what_happened = models.CharField(max_length=15, choices=WhatHappened.choices, blank=True)
    # Guards against a double-clicked Save: the form carries a one-time token.
    submission_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    PERSONAL_FIELDS = (
        "what_matters",
        "strengths_own",
        "strengths_family",
        "strengths_community",
        "agreed_actions",
        "next_step",
    )

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [
            models.Index(fields=["episode", "held_on"]),
            models.Index(fields=["hub_session"]),
            models.Index(fields=["held_on"]),
            # The crisis board's referrals: a few thousand among hundreds of thousands.
            models.Index(
                fields=["episode", "-held_on"],
                condition=Q(what_happened="crisis") & ~Q(kind=2),
                name="conversation_crisis_referral",
            ),
        ]

    def __str__(self) -> str:
        return f"Conversation {self.kind} on {self.held_on:%d %b %Y}"


class CrisisPlan(EpisodeChild):
    """The emergency plan of a conversation 2: how things stand (RAG) and when to look again."""

    class Rag(models.TextChoices):
        RED = "red", "Red"
        AMBER = "amber", "Amber"
        GREEN = "green", "Green"

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="crisis_plans")
    conversation = models.OneToOneField(
        Conversation, on_delete=models.CASCADE, related_name="crisis_plan"
    )
    plan = models.TextField("Emergency plan")
    rag = models.CharField("Status", max_length=5, choices=Rag.choices)
    review_by = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    PERSONAL_FIELDS = ("plan",)

    class Meta:
        ordering = ["review_by", "pk"]
        indexes = [models.Index(fields=["ended_on", "review_by"])]
        constraints = [
            models.UniqueConstraint(
                fields=["episode"],
                condition=Q(ended_on__isnull=True),
                name="one_open_crisis_plan_per_episode",
            ),
        ]

    def __str__(self) -> str:
        return f"Crisis plan #{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.ended_on is None


class SupportPlan(EpisodeChild):
    """The plan of a conversation 3, built on the person's own outcomes."""

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="support_plans")
    conversation = models.OneToOneField(
        Conversation, on_delete=models.CASCADE, related_name="support_plan"
    )
    summary = models.TextField("What the support will look like")
    outcomes = models.ManyToManyField("PersonalOutcome", blank=True, related_name="support_plans")
    community_solutions = models.ManyToManyField(
        CommunitySolution, blank=True, related_name="support_plans"
    )
    paid_support = models.TextField(blank=True, help_text="Any paid support needed, if any.")
    created_at = models.DateTimeField(auto_now_add=True)

    PERSONAL_FIELDS = ("summary", "paid_support")

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Support plan #{self.pk}"


class Signpost(EpisodeChild):
    """A connection made in a conversation to a community solution, and how it went."""

    class Status(models.TextChoices):
        SUGGESTED = "suggested", "Suggested"
        INTRODUCED = "introduced", "Introduced"
        TAKEN_UP = "taken_up", "Taken up"
        NOT_TAKEN_UP = "not_taken_up", "Not taken up"
        ENDED = "ended", "Ended"

    class NotTakenUpReason(models.TextChoices):
        DECLINED = "declined", "Declined"
        NO_CAPACITY = "no_capacity", "No capacity"
        NO_LONGER_NEEDED = "no_longer_needed", "No longer needed"
        COULD_NOT_CONTACT = "could_not_contact", "Could not contact"

    FOLLOWED_UP = (Status.TAKEN_UP, Status.NOT_TAKEN_UP, Status.ENDED)

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="signposts")
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="signposts"
    )
    solution = models.ForeignKey(
        CommunitySolution, on_delete=models.PROTECT, related_name="signposts"
    )
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.SUGGESTED)
    not_taken_up_reason = models.CharField(
        max_length=20, choices=NotTakenUpReason.choices, blank=True
    )
    follow_up_on = models.DateField(null=True, blank=True)
    followed_up_on = models.DateField(null=True, blank=True)
    difference_made = models.TextField("The difference it made", blank=True)
    created_on = models.DateField()

    PERSONAL_FIELDS = ("difference_made",)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["follow_up_on", "pk"]
        indexes = [
            models.Index(fields=["status", "follow_up_on"]),
            models.Index(fields=["created_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="not_taken_up") | ~Q(not_taken_up_reason=""),
                name="signpost_not_taken_up_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Signpost #{self.pk}"


class PersonalOutcome(EpisodeChild):
    """What matters to the person, in their own words (e.g. "not to be lonely")."""

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="outcomes")
    conversation = models.ForeignKey(
        Conversation, on_delete=models.SET_NULL, null=True, blank=True, related_name="outcomes"
    )
    statement = models.CharField("In their words", max_length=250)
    created_on = models.DateField()

    PERSONAL_FIELDS = ("statement",)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_on", "pk"]
        indexes = [models.Index(fields=["episode", "created_on"])]

    def __str__(self) -> str:
        return self.statement


class OutcomeReview(AuditedModel):
    class Status(models.TextChoices):
        NOT_MET = "not_met", "Not met"
        PARTLY_MET = "partly_met", "Partly met"
        MET = "met", "Met"

    outcome = models.ForeignKey(PersonalOutcome, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices)
    note = models.CharField(max_length=250, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    SCOPE_PARTNERSHIP = "outcome__episode__partnership"
    SCOPE_LOCALITY = "outcome__episode__locality"
    AUDIT_PERSON = "outcome__episode__person"
    PERSONAL_FIELDS = ("note",)
    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["-reviewed_on", "-pk"]
        indexes = [
            models.Index(fields=["reviewed_on"]),
            models.Index(fields=["outcome", "reviewed_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} on {self.reviewed_on:%d %b %Y}"

    @property
    def scope_partnership_id(self) -> int:
        return self.outcome.episode.partnership_id

    @property
    def scope_locality_ids(self) -> list[int]:
        return [self.outcome.episode.locality_id]

    @property
    def audit_person_id(self) -> int:
        return self.outcome.episode.person_id


class WaitingList(models.Model):
    """A named list, e.g. social work assessment, OT assessment, hub appointment."""

    # A partnership's lists are its configuration: they go with it. (A partnership with any
    # case data cannot be deleted at all: its people and episodes protect it.)
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="waiting_lists"
    )
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=60)
    is_hub_appointments = models.BooleanField(
        "Hub appointment list",
        default=False,
        help_text="People offered a hub appointment wait here until they are seen at a hub.",
    )

    SCOPE_PARTNERSHIP = "partnership"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "slug"], name="waiting_list_slug_unique"
            ),
            models.UniqueConstraint(
                fields=["partnership", "name"], name="waiting_list_name_unique"
            ),
            models.UniqueConstraint(
                fields=["partnership"],
                condition=Q(is_hub_appointments=True),
                name="one_hub_appointment_list_per_partnership",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def scope_partnership_id(self) -> int:
        return self.partnership_id


class WaitingListEntry(EpisodeChild):
    class Priority(models.TextChoices):
        ROUTINE = "routine", "Routine"
        URGENT = "urgent", "Urgent"

    class RemovalReason(models.TextChoices):
        SEEN = "seen", "Seen or assessed"
        HUB_APPOINTMENT = "hub_appointment", "Offered a hub appointment"
        NO_LONGER_NEEDED = "no_longer_needed", "No longer needed"
        MOVED_AWAY = "moved_away", "Moved away"
        DIED = "died", "Died"
        OTHER = "other", "Other"

    waiting_list = models.ForeignKey(WaitingList, on_delete=models.PROTECT, related_name="entries")
    episode = models.ForeignKey(
        Episode, on_delete=models.CASCADE, related_name="waiting_list_entries"
    )
    added_on = models.DateField()
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.ROUTINE)
    reason = models.CharField(max_length=250, blank=True, help_text="Why they are waiting.")
    removed_on = models.DateField(null=True, blank=True)
    removal_reason = models.CharField(max_length=20, choices=RemovalReason.choices, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    appointment_session = models.ForeignKey(
        HubSession,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="On the hub appointment list: the session they were offered, if one was chosen.",
    )

    PERSONAL_FIELDS = ("reason",)

    class Meta:
        ordering = ["added_on", "pk"]
        verbose_name_plural = "waiting list entries"
        indexes = [
            models.Index(fields=["waiting_list", "added_on"]),
            models.Index(fields=["waiting_list", "removed_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(removed_on__isnull=True) | Q(removed_on__gte=models.F("added_on")),
                name="waiting_entry_removed_after_added",
            ),
        ]

    def __str__(self) -> str:
        return f"Waiting list entry #{self.pk}"

    @property
    def days_on_list(self) -> int:
        """Days waited: to the day they came off, or to today if still waiting."""
        return ((self.removed_on or timezone.localdate()) - self.added_on).days


# The items of each wellbeing measure (module-level so Meta.constraints can use them).
ONS4_ITEMS = ("life_satisfaction", "worthwhile", "happiness", "anxiety")
SWEMWBS_ITEMS = tuple(f"swemwbs_{n}" for n in range(1, 8))


def _score_field(label: str, low: int, high: int) -> models.SmallIntegerField:
    message = f"{label} must be a whole number from {low} to {high}."
    return models.SmallIntegerField(
        label,
        null=True,
        blank=True,
        validators=[MinValueValidator(low, message), MaxValueValidator(high, message)],
    )


class WellbeingScore(EpisodeChild):
    """An optional wellbeing measure taken with the person: ONS4 (free to use) or, where the
    partnership holds the licence, SWEMWBS. ONS4 items are reported one by one, never summed
    (anxiety runs the other way: 0 is best); SWEMWBS is reported as its raw total, 7–35."""

    class Measure(models.TextChoices):
        ONS4 = "ons4", "ONS4 personal wellbeing"
        SWEMWBS = "swemwbs", "SWEMWBS (short Warwick-Edinburgh)"

    ONS4_ITEMS = ONS4_ITEMS
    SWEMWBS_ITEMS = SWEMWBS_ITEMS
    ONS4_RANGE = (0, 10)
    SWEMWBS_RANGE = (1, 5)

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="wellbeing_scores")
    conversation = models.ForeignKey(
        Conversation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    measure = models.CharField(max_length=10, choices=Measure.choices)
    recorded_on = models.DateField()
    life_satisfaction = _score_field("Life satisfaction", 0, 10)
    worthwhile = _score_field("Worthwhile", 0, 10)
    happiness = _score_field("Happiness", 0, 10)
    anxiety = _score_field("Anxiety", 0, 10)
    swemwbs_1 = _score_field("Feeling optimistic about the future", 1, 5)
    swemwbs_2 = _score_field("Feeling useful", 1, 5)
    swemwbs_3 = _score_field("Feeling relaxed", 1, 5)
    swemwbs_4 = _score_field("Dealing with problems well", 1, 5)
    swemwbs_5 = _score_field("Thinking clearly", 1, 5)
    swemwbs_6 = _score_field("Feeling close to other people", 1, 5)
    swemwbs_7 = _score_field("Able to make up my own mind about things", 1, 5)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-recorded_on", "-pk"]
        indexes = [
            models.Index(fields=["episode", "recorded_on"]),
            models.Index(fields=["measure", "recorded_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        measure="ons4",
                        **{f"{item}__isnull": False for item in ONS4_ITEMS},
                        **{f"{item}__isnull": True for item in SWEMWBS_ITEMS},
                    )
                    | Q(
                        measure="swemwbs",
                        **{f"{item}__isnull": True for item in ONS4_ITEMS},
                        **{f"{item}__isnull": False for item in SWEMWBS_ITEMS},
                    )
                ),
                name="wellbeing_items_match_measure",
            ),
            models.CheckConstraint(
                condition=Q(**{f"{item}__range": (0, 10) for item in ONS4_ITEMS})
                | Q(measure="swemwbs"),
                name="wellbeing_ons4_items_0_to_10",
            ),
            models.CheckConstraint(
                condition=Q(**{f"{item}__range": (1, 5) for item in SWEMWBS_ITEMS})
                | Q(measure="ons4"),
                name="wellbeing_swemwbs_items_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_measure_display()} on {self.recorded_on:%d %b %Y}"

    @property
    def items(self) -> tuple[str, ...]:
        return self.ONS4_ITEMS if self.measure == self.Measure.ONS4 else self.SWEMWBS_ITEMS

    @property
    def swemwbs_raw(self) -> int | None:
        """The SWEMWBS raw score, 7–35 (None for ONS4, whose items are never summed)."""
        if self.measure != self.Measure.SWEMWBS:
            return None
        return sum(getattr(self, item) for item in self.SWEMWBS_ITEMS)

    def clean(self) -> None:
        expected = set(self.items)
        errors = {}
        for item in (*self.ONS4_ITEMS, *self.SWEMWBS_ITEMS):
            value = getattr(self, item)
            label = self._meta.get_field(item).verbose_name
            if item in expected and value is None:
                errors[item] = f"Enter a score for “{label}”."
            elif item not in expected and value is not None:
                errors[item] = f"“{label}” is not part of the {self.get_measure_display()}."
        if errors:
            raise ValidationError(errors)
