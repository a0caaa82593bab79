"""API serializers for the pathway: input (what a caller may send) kept apart from output
(what they get back). Validation of rules happens in the services; these check shapes."""

from __future__ import annotations

from rest_framework import serializers

from cls_portal.api import IdField
from conversations.models import (
    Conversation,
    CrisisPlan,
    Episode,
    OutcomeReview,
    PersonalOutcome,
    SupportPlan,
    WaitingList,
    WaitingListEntry,
    WellbeingScore,
)

# ---- output ------------------------------------------------------------------------------


class EpisodeOut(serializers.ModelSerializer):
    days_to_first_conversation = serializers.IntegerField(allow_null=True, read_only=True)
    days_to_support_in_place = serializers.IntegerField(allow_null=True, read_only=True)

    class Meta:
        model = Episode
        fields = [
            "id",
            "person",
            "locality",
            "state",
            "first_contact_on",
            "channel",
            "source",
            "first_conversation_on",
            "support_in_place_on",
            "last_conversation_on",
            "crisis_started_on",
            "crisis_referred_on",
            "closed_on",
            "close_reason",
            "reopened_from",
            "days_to_first_conversation",
            "days_to_support_in_place",
        ]


class ConversationOut(serializers.ModelSerializer):
    class Meta:
        model = Conversation
        fields = [
            "id",
            "episode",
            "kind",
            "held_on",
            "place",
            "hub_session",
            "hub",
            "practitioner",
            "what_matters",
            "strengths_own",
            "strengths_family",
            "strengths_community",
            "agreed_actions",
            "next_step",
            "what_happened",
        ]


class CrisisPlanOut(serializers.ModelSerializer):
    class Meta:
        model = CrisisPlan
        fields = ["id", "episode", "conversation", "plan", "rag", "review_by", "ended_on"]


class CrisisBoardRowOut(serializers.Serializer):
    episode = serializers.IntegerField(source="pk")
    person = serializers.IntegerField(source="person_id")
    person_name = serializers.CharField(source="person.full_name")
    locality = serializers.CharField(source="locality.name")
    crisis_started_on = serializers.DateField(allow_null=True)
    crisis_plan = serializers.IntegerField(source="plan_id", allow_null=True)
    rag = serializers.CharField(source="plan_rag", allow_null=True)
    review_by = serializers.DateField(source="plan_review_by", allow_null=True)
    review_overdue = serializers.BooleanField()
    in_crisis_too_long = serializers.BooleanField()


class SupportPlanOut(serializers.ModelSerializer):
    class Meta:
        model = SupportPlan
        fields = [
            "id",
            "episode",
            "conversation",
            "summary",
            "outcomes",
            "community_solutions",
            "paid_support",
        ]


class OutcomeReviewOut(serializers.ModelSerializer):
    class Meta:
        model = OutcomeReview
        fields = ["id", "reviewed_on", "status", "note"]


class PersonalOutcomeOut(serializers.ModelSerializer):
    reviews = OutcomeReviewOut(many=True, read_only=True)

    class Meta:
        model = PersonalOutcome
        fields = ["id", "episode", "conversation", "statement", "created_on", "reviews"]


class WellbeingScoreOut(serializers.ModelSerializer):
    swemwbs_raw = serializers.IntegerField(allow_null=True, read_only=True)

    class Meta:
        model = WellbeingScore
        fields = [
            "id",
            "episode",
            "conversation",
            "measure",
            "recorded_on",
            *WellbeingScore.ONS4_ITEMS,
            *WellbeingScore.SWEMWBS_ITEMS,
            "swemwbs_raw",
        ]


class WaitingListOut(serializers.ModelSerializer):
    waiting = serializers.IntegerField(read_only=True)
    urgent = serializers.IntegerField(read_only=True)

    class Meta:
        model = WaitingList
        fields = ["id", "name", "slug", "is_hub_appointments", "waiting", "urgent"]


class WaitingListEntryOut(serializers.ModelSerializer):
    days_on_list = serializers.IntegerField(read_only=True)

    class Meta:
        model = WaitingListEntry
        fields = [
            "id",
            "waiting_list",
            "episode",
            "added_on",
            "priority",
            "reason",
            "removed_on",
            "removal_reason",
            "appointment_session",
            "days_on_list",
        ]


# ---- input -------------------------------------------------------------------------------


class EpisodeOpenIn(serializers.Serializer):
    person = IdField()
    first_contact_on = serializers.DateField()
    channel = serializers.ChoiceField(choices=Episode.Channel.choices)
    source = serializers.ChoiceField(choices=Episode.Source.choices, default=Episode.Source.SELF)


class EpisodeReopenIn(serializers.Serializer):
    first_contact_on = serializers.DateField(required=False)
    channel = serializers.ChoiceField(choices=Episode.Channel.choices)
    source = serializers.ChoiceField(choices=Episode.Source.choices, default=Episode.Source.SELF)


class EpisodeCloseIn(serializers.Serializer):
    reason = serializers.ChoiceField(choices=Episode.CloseReason.choices)
    closed_on = serializers.DateField(required=False)


class ConversationIn(serializers.Serializer):
    """A conversation of any kind. Kind 2 needs ``plan``, ``rag`` and ``review_by``; kind 3
    needs ``summary`` and at least one outcome (``outcomes`` ids or ``new_outcomes``)."""

    kind = serializers.ChoiceField(choices=Conversation.Kind.choices)
    held_on = serializers.DateField()
    place = serializers.ChoiceField(choices=Conversation.Place.choices)
    hub_session = IdField(required=False, allow_null=True)
    what_matters = serializers.CharField()
    strengths_own = serializers.CharField(required=False, allow_blank=True, default="")
    strengths_family = serializers.CharField(required=False, allow_blank=True, default="")
    strengths_community = serializers.CharField(required=False, allow_blank=True, default="")
    agreed_actions = serializers.CharField(required=False, allow_blank=True, default="")
    next_step = serializers.CharField(required=False, allow_blank=True, default="", max_length=250)
    what_happened = serializers.ChoiceField(
        choices=Conversation.WhatHappened.choices, required=False, allow_blank=True, default=""
    )
    new_outcomes = serializers.ListField(
        child=serializers.CharField(max_length=250), required=False, default=list
    )
    plan = serializers.CharField(required=False, allow_blank=True, default="")
    rag = serializers.ChoiceField(choices=CrisisPlan.Rag.choices, required=False)
    review_by = serializers.DateField(required=False, allow_null=True, default=None)
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    outcomes = serializers.ListField(child=IdField(), required=False, default=list)
    community_solutions = serializers.ListField(child=IdField(), required=False, default=list)
    paid_support = serializers.CharField(required=False, allow_blank=True, default="")


class CrisisPlanUpdateIn(serializers.Serializer):
    rag = serializers.ChoiceField(choices=CrisisPlan.Rag.choices)
    review_by = serializers.DateField()
    plan = serializers.CharField(required=False)


class PersonalOutcomeIn(serializers.Serializer):
    episode = IdField()
    statement = serializers.CharField(max_length=250)
    created_on = serializers.DateField(required=False)


class OutcomeReviewIn(serializers.Serializer):
    status = serializers.ChoiceField(choices=OutcomeReview.Status.choices)
    reviewed_on = serializers.DateField(required=False)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=250)


class WellbeingScoreIn(serializers.Serializer):
    """ONS4: the four items, each 0–10. SWEMWBS (licensed partnerships only): seven items, 1–5.
    Ranges are checked by the model, so the messages are the same as on the pages."""

    episode = IdField()
    measure = serializers.ChoiceField(choices=WellbeingScore.Measure.choices)
    recorded_on = serializers.DateField(required=False)
    life_satisfaction = serializers.IntegerField(required=False, allow_null=True)
    worthwhile = serializers.IntegerField(required=False, allow_null=True)
    happiness = serializers.IntegerField(required=False, allow_null=True)
    anxiety = serializers.IntegerField(required=False, allow_null=True)
    swemwbs_1 = serializers.IntegerField(required=False, allow_null=True)
    swemwbs_2 = serializers.IntegerField(required=False, allow_null=True)
    swemwbs_3 = serializers.IntegerField(required=False, allow_null=True)
    swemwbs_4 = serializers.IntegerField(required=False, allow_null=True)
    swemwbs_5 = serializers.IntegerField(required=False, allow_null=True)
    swemwbs_6 = serializers.IntegerField(required=False, allow_null=True)
    swemwbs_7 = serializers.IntegerField(required=False, allow_null=True)

    def scores(self) -> dict[str, int | None]:
        items = (
            WellbeingScore.ONS4_ITEMS
            if self.validated_data["measure"] == WellbeingScore.Measure.ONS4
            else WellbeingScore.SWEMWBS_ITEMS
        )
        sent = {
            name: value
            for name, value in self.validated_data.items()
            if name in (*WellbeingScore.ONS4_ITEMS, *WellbeingScore.SWEMWBS_ITEMS)
        }
        return {item: sent.get(item) for item in items} | {
            name: value for name, value in sent.items() if name not in items and value is not None
        }


class WaitingListEntryIn(serializers.Serializer):
    episode = IdField()
    waiting_list = IdField()
    added_on = serializers.DateField(required=False)
    priority = serializers.ChoiceField(
        choices=WaitingListEntry.Priority.choices, default=WaitingListEntry.Priority.ROUTINE
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=250)


class WaitingListEntryRemoveIn(serializers.Serializer):
    removal_reason = serializers.ChoiceField(choices=WaitingListEntry.RemovalReason.choices)
    removed_on = serializers.DateField(required=False)


class OfferHubAppointmentIn(serializers.Serializer):
    entries = serializers.ListField(child=IdField(), allow_empty=False)
    appointment_session = IdField(required=False, allow_null=True)
    offered_on = serializers.DateField(required=False)
