"""Forums and meetings: setting a forum up, adding a meeting, who is present."""

from __future__ import annotations

from typing import Any

from django import forms

from cls_portal.accounts.models import User
from cls_portal.forms import PlainErrorsMixin
from hubs.models import Locality
from peer_forum.forms.base import DateInput, MoneyField
from peer_forum.models import PeerForum


class ForumForm(PlainErrorsMixin, forms.Form):
    required_words = {
        "name": "Enter a name for the forum",
        "quorum": "Enter how many members must be present to make a decision",
    }
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


class MeetingForm(PlainErrorsMixin, forms.Form):
    required_words = {
        "held_on": "Enter the date of the meeting",
    }
    held_on = forms.DateField(label="Date", widget=DateInput())
    starts_at = forms.TimeField(
        label="Start time", required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    place = forms.CharField(
        max_length=150, required=False, help_text="e.g. Library meeting room, or Teams"
    )


class AttendanceForm(PlainErrorsMixin, forms.Form):
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
