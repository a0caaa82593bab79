from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from cls_portal.forms import PlainErrorsMixin
from conversations.forms.pathway import DateInput, today
from conversations.models import WaitingList, WaitingListEntry
from hubs.models import HubSession


class WaitingListEntryAddForm(PlainErrorsMixin, forms.Form):
    required_words = {
        "waiting_list": "Choose the waiting list",
        "priority": "Choose how urgent it is",
        "added_on": "Enter the date they were added",
    }
    waiting_list = forms.ModelChoiceField(
        label="Waiting list", queryset=WaitingList.objects.none(), empty_label="Choose a list"
    )
    priority = forms.ChoiceField(
        choices=WaitingListEntry.Priority.choices,
        initial=WaitingListEntry.Priority.ROUTINE,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label="Why they are waiting", max_length=250, required=False)
    added_on = forms.DateField(label="Added on", initial=today, widget=DateInput)

    def __init__(self, *args: Any, waiting_lists: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["waiting_list"].queryset = waiting_lists


class WaitingListEntryRemoveForm(PlainErrorsMixin, forms.Form):
    required_words = {
        "removal_reason": "Choose why they are coming off the list",
        "removed_on": "Enter the date they came off the list",
    }
    removal_reason = forms.ChoiceField(
        label="Why are they coming off the list?",
        choices=WaitingListEntry.RemovalReason.choices,
        widget=forms.RadioSelect,
    )
    removed_on = forms.DateField(label="Taken off on", initial=today, widget=DateInput)


class AsAtForm(PlainErrorsMixin, forms.Form):
    as_at = forms.DateField(
        label="Show the list as it stood on",
        required=False,
        widget=DateInput,
        help_text="Leave empty for today.",
    )

    def clean_as_at(self):
        day = self.cleaned_data["as_at"]
        if day and day > timezone.localdate():
            raise forms.ValidationError("Choose today or a day in the past.")
        return day


class OfferHubAppointmentForm(PlainErrorsMixin, forms.Form):
    entries = forms.ModelMultipleChoiceField(
        label="People to offer a hub appointment",
        queryset=WaitingListEntry.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one person to offer an appointment."},
    )
    appointment_session = forms.ModelChoiceField(
        label="Hub session",
        queryset=HubSession.objects.none(),
        required=False,
        empty_label="Arrange a session later",
    )

    def __init__(self, *args: Any, entries: Any, sessions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["entries"].queryset = entries
        self.fields["appointment_session"].queryset = sessions
        self.fields["appointment_session"].label_from_instance = lambda s: (
            f"{s.hub} — {s.date:%a %d %b %Y}"
        )


class WaitingListForm(PlainErrorsMixin, forms.Form):
    required_words = {
        "name": "Enter a name for the list",
    }
    name = forms.CharField(label="Name of the list", max_length=120)
    is_hub_appointments = forms.BooleanField(
        label="This is the hub appointment list",
        required=False,
        help_text="People offered a hub appointment wait here until they are seen at a hub.",
    )
