"""The Three Conversations and the plans made in them (crisis plan, support plan)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from conversations.models.episodes import Episode, EpisodeChild
from hubs.models import CommunitySolution, Hub, HubSession


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

    # Not fields: the plans a conversation brought, set on a person's timeline by
    # conversations.selectors.timeline (one query for the page, not one per conversation).
    the_crisis_plan: CrisisPlan | None
    the_support_plan: SupportPlan | None

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
