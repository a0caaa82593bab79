"""Funding requests: preparing one, submitting it, putting it on an agenda, finding the person."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone

from cls_portal.forms import PlainErrorsMixin
from cls_portal.widgets import CheckboxPicker
from hubs.forms import SolutionChoiceField
from peer_forum.forms.base import DateInput, MoneyField, meeting_day, meeting_label
from peer_forum.models import MAX_SHORT_TERM_WEEKS, ForumMeeting, FundingRequest, PeerForum


class FundingRequestForm(PlainErrorsMixin, forms.Form):
    """One page; only the amounts the chosen intervention type needs are kept (the others are
    hidden by ``peer_forum.js`` and ignored here)."""

    required_words = {
        "outcomes_sought": "Say what the person wants to achieve",
        "intervention_type": "Choose how long the support is for",
        "counterfactual_service": "Choose the service you would otherwise have arranged",
        "sds_option": "Choose a self-directed support option",
        "start_on": "Enter the start date",
    }

    Type = FundingRequest.Type

    outcomes_sought = forms.CharField(
        label="Outcomes sought",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the person wants to achieve, in their words.",
    )
    intervention_type = forms.ChoiceField(
        label="How long the support is for",
        choices=FundingRequest.Type.choices,
        widget=forms.RadioSelect,
        initial=FundingRequest.Type.LONG_TERM,
    )
    short_term_weeks = forms.IntegerField(
        label="Number of weeks",
        required=False,
        min_value=1,
        max_value=MAX_SHORT_TERM_WEEKS,
        help_text="Short-term only: from 1 to 6 weeks.",
        error_messages={
            "min_value": "Enter how many weeks, from 1 to 6.",
            "max_value": "Short-term support is at most 6 weeks: choose long-term instead.",
            "invalid": "Enter how many weeks, from 1 to 6.",
        },
    )
    counterfactual_service = forms.ChoiceField(
        label="Traditional service you would otherwise have arranged",
        choices=[("", "Choose a service"), *FundingRequest.ServiceType.choices],
    )
    counterfactual_weekly_cost = MoneyField(label="Its weekly cost (£)", required=False)
    counterfactual_one_off_cost = MoneyField(label="Its one-off cost (£)", required=False)
    proposed_solutions = SolutionChoiceField(
        label="Community supports",
        help_text="From the directory. Tick one or more.",
        widget=CheckboxPicker(noun="supports"),
    )
    proposed_paid_support = forms.CharField(
        label="Paid support",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Any paid support in the proposal, if any.",
    )
    proposed_weekly_cost = MoneyField(label="Weekly cost of the proposal (£)", required=False)
    proposed_one_off_cost = MoneyField(label="One-off cost of the proposal (£)", required=False)
    sds_option = forms.TypedChoiceField(
        label="Self-directed support option",
        choices=FundingRequest.SdsOption.choices,
        coerce=int,
        widget=forms.RadioSelect,
    )
    start_on = forms.DateField(label="Start date", widget=DateInput())
    review_on = forms.DateField(
        label="Review date",
        required=False,
        widget=DateInput(),
        help_text="Not needed for a one-off.",
    )

    WEEKLY = ("counterfactual_weekly_cost", "proposed_weekly_cost")
    ONE_OFF = ("counterfactual_one_off_cost", "proposed_one_off_cost")

    def __init__(self, *args: Any, solutions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["proposed_solutions"].queryset = solutions
        if not self.is_bound and "start_on" not in self.initial:
            today = timezone.localdate()
            self.initial["start_on"] = today
            self.initial["review_on"] = today + datetime.timedelta(weeks=12)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind = data.get("intervention_type")
        if kind == self.Type.ONE_OFF:
            needed, unused = self.ONE_OFF, (*self.WEEKLY, "short_term_weeks", "review_on")
            message = "Enter the amount in pounds, for example 350.00."
        else:
            needed, unused = self.WEEKLY, self.ONE_OFF
            message = "Enter the weekly amount in pounds, for example 250.00."
            if kind == self.Type.LONG_TERM:
                unused = (*unused, "short_term_weeks")
            elif data.get("short_term_weeks") is None and "short_term_weeks" not in self.errors:
                self.add_error("short_term_weeks", "Enter how many weeks, from 1 to 6.")
        for name in unused:
            self.errors.pop(name, None)
            data[name] = None
        for name in needed:
            if data.get(name) is None and name not in self.errors:
                self.add_error(name, message)
        return data


class SubmitForm(PlainErrorsMixin, forms.Form):
    required_words = {
        "forum": "Choose the forum to submit it to",
    }
    forum = forms.ModelChoiceField(queryset=PeerForum.objects.none(), empty_label=None)
    meeting = forms.ModelChoiceField(
        queryset=ForumMeeting.objects.none(),
        required=False,
        empty_label="Not yet: the forum will put it on a meeting",
        help_text="Put it on the agenda of an upcoming meeting.",
    )

    def __init__(self, *args: Any, forums: Any, meetings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["forum"].queryset = forums
        self.fields["meeting"].queryset = meetings
        self.fields["meeting"].label_from_instance = meeting_label


class ScheduleForm(PlainErrorsMixin, forms.Form):
    meeting = forms.ModelChoiceField(
        queryset=ForumMeeting.objects.none(),
        required=False,
        empty_label="Not on an agenda",
        label="Put on the agenda of",
    )

    def __init__(self, *args: Any, meetings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
        self.fields["meeting"].label_from_instance = meeting_day


class EpisodeSearchForm(forms.Form):
    q = forms.CharField(label="Name", max_length=80, required=False)
