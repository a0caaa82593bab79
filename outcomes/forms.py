"""Input validation for the outcomes pages (no business rules: those are in services)."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone

from cls_portal.forms import PlainErrorsMixin
from cls_portal.permissions import sees_all_localities
from cls_portal.widgets import QuickSelect
from hubs.models import Hub, Locality
from outcomes.models import ChangeStory, CostBenefitStudy, CostLine, Report
from outcomes.periods import Month
from outcomes.reference import PULSE_ITEMS, PULSE_SCALE, CLSOutcome
from outcomes.selectors.scopes import scope_choices

if TYPE_CHECKING:
    from cls_portal.accounts.models import User

PLACE_PATTERN = re.compile(r"^(?:(locality|hub)=(\d+))?$")
MONTHS_OFFERED = 36


def month_choices(today: datetime.date, *, count: int = MONTHS_OFFERED) -> list[tuple[str, str]]:
    this_month = Month.of(today)
    return [(str(month), month.label) for month in (this_month.shift(-n) for n in range(count))]


class PlaceField(forms.CharField):
    """A place picker whose value is "", "locality=<id>" or "hub=<id>". Only the shape is checked
    here; whether the place belongs to the user's partnership is checked by ``scope_for`` (404)."""

    widget = QuickSelect  # every locality and hub: no template per option

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", "Place")
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> dict[str, int | None]:
        text = super().to_python(value) or ""
        found = PLACE_PATTERN.match(text)
        if not found:
            raise forms.ValidationError("Choose the whole partnership, a locality or a hub.")
        kind, pk = found.groups()
        return {
            "locality": int(pk) if kind == "locality" else None,
            "hub": int(pk) if kind == "hub" else None,
        }


class MonthScopeForm(PlainErrorsMixin, forms.Form):
    """Which month and place to show: the dashboard and the report request share it."""

    # Three years of months in each (QuickSelect: no template per option).
    period = forms.ChoiceField(label="Month", required=False, widget=QuickSelect)
    place = PlaceField()
    baseline = forms.ChoiceField(label="Waiting-list baseline", required=False, widget=QuickSelect)

    def __init__(self, *args: Any, user: User, today: datetime.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        today = self.today = today or timezone.localdate()
        months = month_choices(today)
        self.fields["period"].choices = months
        self.fields["period"].initial = str(Month.last_full(today))
        self.fields["baseline"].choices = [("", "The same month a year before"), *months]
        self.fields["place"].widget.choices = scope_choices(user=user)

    def clean_period(self) -> Month:
        value = self.cleaned_data.get("period")
        return Month.parse(value) if value else Month.last_full(self.today)

    def clean_baseline(self) -> Month | None:
        value = self.cleaned_data.get("baseline")
        return Month.parse(value) if value else None

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        month, baseline = data.get("period"), data.get("baseline")
        if month and baseline and baseline >= month:
            self.add_error("baseline", "Choose a baseline month before the month shown.")
        return data


class ReportRequestForm(MonthScopeForm):
    required_words = {
        "kind": "Choose which report",
    }
    kind = forms.ChoiceField(
        label="Report",
        choices=[(k.value, k.label) for k in Report.PARTNERSHIP_KINDS],
        initial=Report.Kind.OUTCOMES,
        widget=forms.RadioSelect,
    )
    field_order = ["kind", "period", "place", "baseline"]


class ChangeStoryForm(PlainErrorsMixin, forms.ModelForm):
    required_words = {
        "title": "Enter a title for the story",
        "told_on": "Enter the date of the story",
        "locality": "Choose the locality",
        "what_mattered": "Say what mattered to the person",
        "what_happened": "Say what happened",
        "before_cls": "Say what would have happened before",
        "outcomes": "Choose at least one CLS outcome it shows",
    }
    outcomes = forms.TypedMultipleChoiceField(
        label="Which CLS outcomes does it show?",
        choices=CLSOutcome.choices,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose at least one.",
    )

    class Meta:
        model = ChangeStory
        fields = [
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
        widgets = {
            "told_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "what_mattered": forms.Textarea(attrs={"rows": 3}),
            "strengths": forms.Textarea(attrs={"rows": 2}),
            "barriers": forms.Textarea(attrs={"rows": 2}),
            "what_happened": forms.Textarea(attrs={"rows": 4}),
            "before_cls": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "what_mattered": "In the person's own words if you can. Please leave out names.",
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        localities = Locality.objects.visible_to(user)
        if not sees_all_localities(user):
            localities = localities.filter(pk__in=user.locality_id_set)
        self.fields["locality"].queryset = localities
        self.fields["locality"].empty_label = None
        self.fields["hub"].queryset = Hub.objects.visible_to(user).filter(locality__in=localities)
        self.fields["hub"].required = False
        self.fields["hub"].empty_label = "Not at a hub"
        if self.instance.pk:
            self.initial["outcomes"] = list(
                self.instance.outcome_links.values_list("outcome", flat=True)
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        hub, locality = data.get("hub"), data.get("locality")
        if hub and locality and hub.locality_id != locality.pk:
            self.add_error("hub", "Choose a hub in the chosen locality, or none.")
        return data


class StaffPulseForm(PlainErrorsMixin, forms.Form):
    required_words = {
        "locality": "Choose the locality you are answering for",
    }
    locality = forms.ModelChoiceField(
        queryset=Locality.objects.none(),
        empty_label=None,
        label="Which locality are you answering for?",
        error_messages={"invalid_choice": "Choose a locality you work in"},
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        localities = Locality.objects.visible_to(user).filter(pk__in=user.locality_id_set)
        self.fields["locality"].queryset = localities
        if len(user.locality_id_set) == 1:  # nothing to choose: fewer questions
            self.fields["locality"].widget = forms.HiddenInput()
            self.fields["locality"].initial = next(iter(user.locality_id_set))
        for name, statement in PULSE_ITEMS.items():
            self.fields[name] = forms.TypedChoiceField(
                label=statement,
                choices=PULSE_SCALE,
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "scale"}),
                error_messages={
                    "required": f"Choose how far you agree with “{statement}”",
                    "invalid_choice": f"Choose how far you agree with “{statement}”",
                },
            )


class CostBenefitStudyForm(PlainErrorsMixin, forms.ModelForm):
    required_words = {
        "name": "Enter a name for the study",
        "period_start": "Enter the date the period starts",
        "period_end": "Enter the date the period ends",
        "unit_cost_of_assessment": "Enter the unit cost of a full assessment in pounds",
        "people_avoiding_budget": (
            "Enter how many people would otherwise have had a personal budget"
        ),
        "weekly_budget_value": "Enter the weekly value of that budget in pounds",
        "budget_weeks": "Enter how many weeks a year the budget would run",
    }

    class Meta:
        model = CostBenefitStudy
        fields = [
            "name",
            "locality",
            "hub",
            "period_start",
            "period_end",
            "unit_cost_of_assessment",
            "people_seen_override",
            "people_avoiding_budget",
            "weekly_budget_value",
            "budget_weeks",
            "notes",
        ]
        widgets = {
            "period_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "period_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["locality"].queryset = Locality.objects.visible_to(user)
        self.fields["locality"].empty_label = "The whole partnership"
        self.fields["hub"].queryset = Hub.objects.visible_to(user)
        self.fields["hub"].empty_label = "No single hub"
        for name in ("unit_cost_of_assessment", "weekly_budget_value"):
            self.fields[name].min_value = Decimal("0")
        if not self.instance.pk:
            last = Month.last_full(timezone.localdate())
            self.initial.setdefault("period_start", last.shift(-11).start)
            self.initial.setdefault("period_end", last.end)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", "The end date must be on or after the start.")
        hub, locality = data.get("hub"), data.get("locality")
        if hub and locality and hub.locality_id != locality.pk:
            self.add_error("hub", "Choose a hub in the chosen locality, or no single hub.")
        return data


class CostLineForm(PlainErrorsMixin, forms.ModelForm):
    required_words = {
        "category": "Choose a category",
        "description": "Say what the cost is for",
        "amount": "Enter the amount in pounds",
    }

    class Meta:
        model = CostLine
        fields = ["category", "description", "amount"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["amount"].min_value = Decimal("0")
        self.fields["amount"].widget.attrs["min"] = "0"
