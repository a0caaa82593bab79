"""Corrections to case records: who amended which record, when and why.

The record itself is changed in place (so every figure reads the amended values); its previous
version is the ``before`` of the audit entry written with the change, and this row says
"amended on … by …" beside it."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from conversations.models.episodes import Episode, EpisodeChild


class Amendment(EpisodeChild):
    """One correction of one record (a conversation, crisis plan, support plan, personal
    outcome or waiting-list entry) of an episode."""

    class Record(models.TextChoices):
        CONVERSATION = "conversations.conversation", "Conversation"
        CRISIS_PLAN = "conversations.crisisplan", "Crisis plan"
        SUPPORT_PLAN = "conversations.supportplan", "Support plan"
        PERSONAL_OUTCOME = "conversations.personaloutcome", "Personal outcome"
        WAITING_LIST_ENTRY = "conversations.waitinglistentry", "Waiting-list entry"

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="amendments")
    record_model = models.CharField(max_length=60, choices=Record.choices)
    record_id = models.PositiveBigIntegerField()
    field_names = models.JSONField(default=list, help_text="The names of the fields corrected.")
    reason = models.CharField("Why it was corrected", max_length=250)
    amended_at = models.DateTimeField(auto_now_add=True)
    amended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    PERSONAL_FIELDS = ("reason",)

    class Meta:
        ordering = ["-amended_at", "-pk"]
        indexes = [models.Index(fields=["record_model", "record_id"])]

    def __str__(self) -> str:
        return f"Amendment #{self.pk}"
