"""Peer-forum API serializers: separate input (validation) and output (representation)."""

from __future__ import annotations

from decimal import Decimal

from rest_framework import serializers

from cls_portal.api import IdField, QuerySerializer
from peer_forum.models import (
    MAX_SHORT_TERM_WEEKS,
    Decision,
    ForumMeeting,
    FundingRequest,
    InterventionType,
    PeerForum,
)


def Money(**kwargs) -> serializers.DecimalField:
    """Pounds and pence as a string ("250.00"): a Decimal, never a float, never negative."""
    kwargs.setdefault("min_value", Decimal("0"))
    return serializers.DecimalField(
        max_digits=9,
        decimal_places=2,
        error_messages={
            "invalid": "Enter an amount in pounds, for example 250.00.",
            "min_value": "The amount cannot be negative.",
            "max_decimal_places": "Enter pounds and pence, with no more than 2 decimal places.",
            "max_digits": "That amount is too large.",
            "max_whole_digits": "That amount is too large.",
        },
        **kwargs,
    )


# ---- output


class ForumOutputSerializer(serializers.ModelSerializer):
    locality_name = serializers.CharField(source="locality.name", read_only=True)
    members = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = PeerForum
        fields = [
            "id",
            "name",
            "locality",
            "locality_name",
            "delegated_weekly_limit",
            "delegated_one_off_limit",
            "quorum",
            "is_active",
            "members",
        ]
        read_only_fields = fields


class MeetingOutputSerializer(serializers.ModelSerializer):
    attendees = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    has_quorum = serializers.SerializerMethodField()

    class Meta:
        model = ForumMeeting
        fields = ["id", "forum", "held_on", "starts_at", "place", "attendees", "has_quorum"]
        read_only_fields = fields

    def get_has_quorum(self, meeting: ForumMeeting) -> bool:
        return len(meeting.attendees.all()) >= meeting.forum.quorum


class FundingRequestOutputSerializer(serializers.ModelSerializer):
    person = serializers.IntegerField(source="episode.person_id", read_only=True)
    proposed_solutions = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    is_above_limit = serializers.BooleanField(read_only=True)

    class Meta:
        model = FundingRequest
        fields = [
            "id",
            "episode",
            "person",
            "status",
            "forum",
            "meeting",
            "outcomes_sought",
            "counterfactual_service",
            "counterfactual_weekly_cost",
            "counterfactual_one_off_cost",
            "proposed_solutions",
            "proposed_paid_support",
            "proposed_weekly_cost",
            "proposed_one_off_cost",
            "intervention_type",
            "short_term_weeks",
            "sds_option",
            "start_on",
            "review_on",
            "submitted_on",
            "is_above_limit",
        ]
        read_only_fields = fields


class DecisionOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Decision
        fields = [
            "id",
            "request",
            "meeting",
            "round",
            "outcome",
            "approved_weekly_amount",
            "approved_one_off_amount",
            "rationale",
            "members_present",
            "decided_on",
            "days_to_decision",
            "decided_by",
        ]
        read_only_fields = fields


class LedgerLineSerializer(serializers.Serializer):
    intervention_type = serializers.ChoiceField(choices=InterventionType.choices)
    label = serializers.CharField()
    count = serializers.IntegerField()
    weekly_saving = serializers.DecimalField(max_digits=14, decimal_places=2)
    annualised_saving = serializers.DecimalField(max_digits=14, decimal_places=2)
    realised_saving = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        help_text="Cost avoided realised to realised_as_of: weekly saving × weeks the package "
        "actually ran (one-off as it is).",
    )


class SavingsOutputSerializer(serializers.Serializer):
    period = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    locality = serializers.IntegerField(allow_null=True)
    hub = serializers.IntegerField(allow_null=True)
    lines = LedgerLineSerializer(many=True)
    count = serializers.IntegerField()
    weekly_total = serializers.DecimalField(max_digits=14, decimal_places=2)
    annualised_total = serializers.DecimalField(max_digits=14, decimal_places=2)
    long_term_people = serializers.IntegerField()
    average_annualised_per_long_term_person = serializers.DecimalField(
        max_digits=14, decimal_places=2, allow_null=True
    )
    realised_total = serializers.DecimalField(max_digits=14, decimal_places=2)
    realised_as_of = serializers.DateField(
        help_text="The day the realised figure runs to: the period's end, or today if sooner."
    )


# ---- input


class MeetingInputSerializer(serializers.Serializer):
    forum = IdField()
    held_on = serializers.DateField()
    starts_at = serializers.TimeField(required=False, allow_null=True)
    place = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")


class AttendanceInputSerializer(serializers.Serializer):
    attendees = serializers.ListField(
        child=IdField(), allow_empty=True, help_text="User ids of members present."
    )


class FundingRequestInputSerializer(serializers.Serializer):
    """Give the amounts the intervention type needs: weekly costs for long- and short-term
    (and ``short_term_weeks`` for short-term), one-off costs for one-off."""

    episode = IdField()
    outcomes_sought = serializers.CharField()
    counterfactual_service = serializers.ChoiceField(choices=FundingRequest.ServiceType.choices)
    counterfactual_weekly_cost = Money(required=False, allow_null=True)
    counterfactual_one_off_cost = Money(required=False, allow_null=True)
    proposed_solutions = serializers.ListField(child=IdField(), required=False, default=list)
    proposed_paid_support = serializers.CharField(required=False, allow_blank=True, default="")
    proposed_weekly_cost = Money(required=False, allow_null=True)
    proposed_one_off_cost = Money(required=False, allow_null=True)
    intervention_type = serializers.ChoiceField(choices=InterventionType.choices)
    short_term_weeks = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=MAX_SHORT_TERM_WEEKS
    )
    sds_option = serializers.ChoiceField(choices=FundingRequest.SdsOption.choices)
    start_on = serializers.DateField()
    review_on = serializers.DateField(required=False, allow_null=True)


class SubmitInputSerializer(serializers.Serializer):
    forum = IdField()
    meeting = IdField(required=False, allow_null=True)


class DecisionInputSerializer(serializers.Serializer):
    meeting = IdField()
    outcome = serializers.ChoiceField(choices=Decision.Outcome.choices)
    rationale = serializers.CharField()
    approved_amount = Money(
        required=False,
        allow_null=True,
        help_text="Only for approve_changes: the amount agreed (weekly, or once for a one-off).",
    )


class SavingsQuerySerializer(QuerySerializer):
    period = serializers.RegexField(
        r"^\d{4}-\d{2}$",
        error_messages={"invalid": "Give the month as YYYY-MM, for example 2026-03."},
    )
    locality = IdField(required=False)
    hub = IdField(required=False)


class RequestListQuerySerializer(QuerySerializer):
    status = serializers.ChoiceField(choices=FundingRequest.Status.choices, required=False)


class MeetingListQuerySerializer(QuerySerializer):
    forum = IdField(required=False)


class ConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
