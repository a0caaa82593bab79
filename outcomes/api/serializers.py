"""API serializers: output shapes and, separately, what callers may send."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cls_portal.api import IdField
from outcomes.models import ChangeStory, CostLine, Report
from outcomes.periods import Month
from outcomes.reference import PULSE_ITEMS, CLSOutcome

# --- the core data set


@extend_schema_field({"type": "string", "pattern": r"^\d{4}-\d{2}$", "example": "2026-03"})
class MonthField(serializers.DateField):
    """A month, written YYYY-MM (stored as its first day), and documented so."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("format", "%Y-%m")
        super().__init__(**kwargs)


@extend_schema_field({"type": "string", "pattern": r"^\d{4}-\d{2}$", "example": "2026-03"})
class MonthInputField(serializers.CharField):
    """A month sent as YYYY-MM, read as a ``Month`` (a 400 on this field otherwise)."""

    def to_internal_value(self, data: Any) -> Month:
        try:
            return Month.parse(super().to_internal_value(data))
        except DjangoValidationError as exc:  # Month.parse's message, as this field's error
            raise serializers.ValidationError(exc.messages) from exc


class FigureRowOutputSerializer(serializers.Serializer):
    """One figure of the core data set; see /outcomes/core-data-set/ for the column meanings."""

    period = serializers.CharField(help_text="The month, YYYY-MM.")
    scope_level = serializers.CharField(help_text="partnership, locality or hub.")
    scope_name = serializers.CharField()
    outcome = serializers.IntegerField(help_text="The CLS outcome (1–6) it is filed under.")
    code = serializers.CharField(help_text="A stable machine name for the figure.")
    label = serializers.CharField(help_text="What it means, in plain words.")
    breakdown = serializers.CharField(help_text="Empty for a headline figure.")
    unit = serializers.CharField()
    value = serializers.SerializerMethodField(
        help_text="The figure, or null when suppressed or not measured."
    )
    shown = serializers.CharField(help_text='As shown on the dashboard: a number, "<5", …')
    suppressed = serializers.BooleanField()

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_value(self, row: dict[str, Any]) -> int | float | None:
        value = row["value"]
        if isinstance(value, Decimal):
            return float(value)
        return value


# --- reports


class ReportOutputSerializer(serializers.ModelSerializer):
    period = MonthField()
    baseline = MonthField(allow_null=True)
    place = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Report
        fields = [
            "id",
            "kind",
            "period",
            "baseline",
            "place",
            "status",
            "checksum",
            "requested_at",
            "scheduled",
            "finished_at",
            "attempts",
            "error_message",
            "download_url",
        ]

    def get_place(self, report: Report) -> str:
        if report.hub_id:
            return f"hub:{report.hub_id}"
        if report.locality_id:
            return f"locality:{report.locality_id}"
        return "partnership"

    @extend_schema_field(OpenApiTypes.URI)
    def get_download_url(self, report: Report) -> str | None:
        from django.urls import reverse

        if report.status != Report.Status.DONE:
            return None
        request = self.context.get("request")
        url = reverse("outcomes:report_download", args=[report.pk])
        return request.build_absolute_uri(url) if request else url


class ReportRequestInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[(k.value, k.label) for k in Report.PARTNERSHIP_KINDS])
    period = MonthInputField(help_text="YYYY-MM")
    locality = IdField(required=False, allow_null=True)
    hub = IdField(required=False, allow_null=True)
    baseline = MonthInputField(required=False, allow_blank=True, help_text="YYYY-MM")


# --- change stories


class ChangeStoryOutputSerializer(serializers.ModelSerializer):
    outcomes = serializers.SerializerMethodField()

    class Meta:
        model = ChangeStory
        fields = [
            "id",
            "title",
            "told_on",
            "locality",
            "hub",
            "what_mattered",
            "strengths",
            "barriers",
            "what_happened",
            "before_cls",
            "outcomes",
            "consent_to_share",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_outcomes(self, story: ChangeStory) -> list[int]:
        return [link.outcome for link in story.outcome_links.all()]


class ChangeStoryInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=120)
    told_on = serializers.DateField(required=False)
    locality = IdField()
    hub = IdField(required=False, allow_null=True)
    what_mattered = serializers.CharField()
    strengths = serializers.CharField(required=False, allow_blank=True, default="")
    barriers = serializers.CharField(required=False, allow_blank=True, default="")
    what_happened = serializers.CharField()
    before_cls = serializers.CharField()
    outcomes = serializers.ListField(
        child=serializers.ChoiceField(choices=CLSOutcome.choices), allow_empty=False
    )
    consent_to_share = serializers.BooleanField(default=False)


# --- staff pulse


class StaffPulseInputSerializer(serializers.Serializer):
    locality = IdField()

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        for name, statement in PULSE_ITEMS.items():
            fields[name] = serializers.IntegerField(min_value=1, max_value=5, help_text=statement)
        return fields


class StaffPulseOutputSerializer(serializers.Serializer):
    month = MonthField()
    locality = serializers.IntegerField(source="locality_id")
    answered_at = serializers.DateTimeField()


# --- cost-benefit studies


class CostLineOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = CostLine
        fields = ["id", "category", "description", "amount"]


class CostBenefitOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="study.pk")
    name = serializers.CharField(source="study.name")
    locality = serializers.IntegerField(source="study.locality_id", allow_null=True)
    hub = serializers.IntegerField(source="study.hub_id", allow_null=True)
    period_start = serializers.DateField(source="study.period_start")
    period_end = serializers.DateField(source="study.period_end")
    unit_cost_of_assessment = serializers.DecimalField(
        source="study.unit_cost_of_assessment", max_digits=12, decimal_places=2
    )
    people_seen = serializers.IntegerField()
    people_seen_is_footfall = serializers.BooleanField()
    people_avoiding_budget = serializers.IntegerField(source="study.people_avoiding_budget")
    weekly_budget_value = serializers.DecimalField(
        source="study.weekly_budget_value", max_digits=12, decimal_places=2
    )
    budget_weeks = serializers.IntegerField(source="study.budget_weeks")
    total_costs = serializers.DecimalField(max_digits=14, decimal_places=2)
    assessment_benefit = serializers.DecimalField(max_digits=14, decimal_places=2)
    budget_benefit = serializers.DecimalField(max_digits=14, decimal_places=2)
    total_benefits = serializers.DecimalField(max_digits=14, decimal_places=2)
    ratio = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)
    ratio_text = serializers.CharField()
    cost_lines = CostLineOutputSerializer(source="study.cost_lines.all", many=True)


class CostBenefitInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=150)
    locality = IdField(required=False, allow_null=True)
    hub = IdField(required=False, allow_null=True)
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    unit_cost_of_assessment = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=Decimal("0"), required=False
    )
    people_seen_override = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    people_avoiding_budget = serializers.IntegerField(min_value=0, required=False)
    weekly_budget_value = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=Decimal("0"), required=False
    )
    budget_weeks = serializers.IntegerField(min_value=0, max_value=53, required=False)
    notes = serializers.CharField(required=False, allow_blank=True)


class CostLineInputSerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=CostLine.Category.choices)
    description = serializers.CharField(max_length=200)
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=Decimal("0"))
