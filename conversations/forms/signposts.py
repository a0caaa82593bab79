"""Recording how a signpost went."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from cls_portal.forms import PlainErrorsMixin
from conversations.models import Signpost
from conversations.services.signposts import follow_up_choices
from hubs.forms import AccessibleErrorsMixin


class SignpostFollowUpForm(PlainErrorsMixin, AccessibleErrorsMixin, forms.Form):
    required_words = {
        "status": "Choose how it went",
        "on": "Enter the date",
    }
    status = forms.ChoiceField(label="How did it go?", widget=forms.RadioSelect)
    not_taken_up_reason = forms.ChoiceField(
        required=False,
        label="Why not?",
        choices=Signpost.NotTakenUpReason.choices,
        widget=forms.RadioSelect,
    )
    difference_made = forms.CharField(
        required=False,
        max_length=2000,
        label="The difference it made",
        help_text="In their words if you can, e.g. “I look forward to Tuesdays now”.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    on = forms.DateField(
        label="Date",
        help_text="When you heard how it went.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    next_follow_up_on = forms.DateField(
        required=False,
        label="Check again on",
        help_text="If they were introduced but have not started yet.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, signpost: Signpost, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        kwargs.setdefault("auto_id", f"id_%s_{signpost.pk}")  # several forms on one page
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = follow_up_choices(signpost)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("status") == Signpost.Status.NOT_TAKEN_UP and not data.get(
            "not_taken_up_reason"
        ):
            self.add_error("not_taken_up_reason", "Say why it was not taken up.")
        return data
