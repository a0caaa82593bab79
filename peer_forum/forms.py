"""Input validation for the peer-forum pages (the rules themselves live in the services)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone

from cls_portal.accounts.models import User
from hubs.models import CommunitySolution, Locality
from peer_forum.models import (
    MAX_SHORT_TERM_WEEKS,
    Decision,
    ForumMeeting,
    FundingRequest,
    PeerForum,
)

MONEY_ERRORS = {
    "required": "Enter an amount in pounds, for example 250.00.",
    "invalid": "Enter an amount in pounds, for example 250.00.",
    "min_value": "The amount cannot be negative.",
    "max_decimal_places": "Enter pounds and pence, with no more than 2 decimal places.",
    "max_digits": "That amount is too large.",
    "max_whole_digits": "That amount is too large.",
}


class MoneyField(forms.DecimalField):
    """Pounds and pence: a Decimal, never negative, never a float."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", Decimal("0"))
        kwargs.setdefault("max_digits", 9)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("error_messages", MONEY_ERRORS)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:
        if isinstance(value, str):
            value = value.strip().replace(",", "").removeprefix("£").strip()
        return super().to_python(value)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class ForumForm(forms.Form):
    name = forms.CharField(max_length=120)
    delegated_weekly_limit = MoneyField(
        label="Delegated weekly limit (£)",
        help_text="The most a week this forum may approve; anything above is escalated.",
    )
    delegated_one_off_limit = MoneyField(
        label="Delegated one-off limit (£)",
        help_text="The largest one-off amount this forum may approve.",
    )
    quorum = forms.IntegerField(
        min_value=1,
        max_value=50,
        initial=3,
        help_text="How many members must be present to make a decision.",
        error_messages={"min_value": "The quorum must be at least 1."},
    )
    members = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Practitioners, forum managers and navigators who work in the locality.",
    )

    def __init__(self, *args: Any, members_queryset: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = members_queryset


class ForumCreateForm(ForumForm):
    locality = forms.ModelChoiceField(
        queryset=Locality.objects.none(), empty_label="Choose a locality"
    )
    field_order = ["locality", "name"]

    def __init__(self, *args: Any, localities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["locality"].queryset = localities


class ForumEditForm(ForumForm):
    is_active = forms.BooleanField(
        required=False, label="Active", help_text="Untick when the forum no longer meets."
    )


class MeetingForm(forms.Form):
    held_on = forms.DateField(label="Date", widget=DateInput())
    starts_at = forms.TimeField(
        label="Start time", required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    place = forms.CharField(
        max_length=150, required=False, help_text="e.g. Library meeting room, or Teams"
    )


class AttendanceForm(forms.Form):
    attendees = forms.ModelMultipleChoiceField(
        label="Members present",
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, forum: PeerForum, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = forum.members.order_by("first_name", "last_name")
        self.fields["attendees"].help_text = f"The forum needs {forum.quorum} to decide."


class FundingRequestForm(forms.Form):
    """One page; only the amounts the chosen intervention type needs are kept (the others are
    hidden by ``peer_forum.js`` and ignored here)."""

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
    proposed_solutions = forms.ModelMultipleChoiceField(
        label="Community supports",
        queryset=CommunitySolution.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="From the directory.",
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


class SubmitForm(forms.Form):
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
        self.fields["meeting"].label_from_instance = _meeting_label


class ScheduleForm(forms.Form):
    meeting = forms.ModelChoiceField(
        queryset=ForumMeeting.objects.none(),
        required=False,
        empty_label="Not on an agenda",
        label="Put on the agenda of",
    )

    def __init__(self, *args: Any, meetings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
        self.fields["meeting"].label_from_instance = _meeting_day


def _meeting_day(meeting: ForumMeeting) -> str:
    when = f"{meeting.held_on:%A %-d %B %Y}"
    return when + (f" at {meeting.starts_at:%H:%M}" if meeting.starts_at else "")


def _meeting_label(meeting: ForumMeeting) -> str:
    return f"{meeting.forum.name}: {_meeting_day(meeting)}"


class DecisionForm(forms.Form):
    meeting = forms.ModelChoiceField(queryset=ForumMeeting.objects.none(), empty_label=None)
    outcome = forms.ChoiceField(label="Decision", widget=forms.RadioSelect)
    approved_amount = MoneyField(
        label="Amount agreed (£)",
        required=False,
        help_text="Only for “Approve with changes”.",
    )
    rationale = forms.CharField(
        label="Why",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why, in a sentence or two."},
    )

    def __init__(self, *args: Any, outcomes: list[str], meetings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Decision.Outcome.choices)
        self.fields["outcome"].choices = [(value, labels[value]) for value in outcomes]
        if len(outcomes) == 1:
            self.fields["outcome"].initial = outcomes[0]
        self.fields["meeting"].queryset = meetings
        self.fields["meeting"].label_from_instance = _meeting_day
        if Decision.Outcome.APPROVE_WITH_CHANGES not in outcomes:
            del self.fields["approved_amount"]


class EpisodeSearchForm(forms.Form):
    q = forms.CharField(label="Name", max_length=80, required=False)


class DashboardForm(forms.Form):
    period = forms.CharField(
        label="Month",
        required=False,
        widget=forms.TextInput(attrs={"type": "month"}),
        help_text="For example 2026-03.",
    )
    locality = forms.ModelChoiceField(
        queryset=Locality.objects.none(), required=False, empty_label="All localities"
    )
    forum = forms.ModelChoiceField(
        queryset=PeerForum.objects.none(), required=False, empty_label="All forums"
    )

    def __init__(self, *args: Any, partnership_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["locality"].queryset = Locality.objects.in_partnership(partnership_id)
        self.fields["forum"].queryset = PeerForum.objects.in_partnership(partnership_id)

    def clean_period(self) -> tuple[datetime.date, datetime.date]:
        from peer_forum.selectors import month_bounds

        period = self.cleaned_data["period"] or f"{timezone.localdate():%Y-%m}"
        try:
            return month_bounds(period)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc
