"""A package's review: continue to a next date, change (back to the forum) or end."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from peer_forum.forms.base import DateInput, MoneyField
from peer_forum.models import PackageReview

DATE_ERRORS = {"invalid": "Enter a real date, for example 14 March 2026."}


class PackageReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome of the review",
        choices=PackageReview.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose continue, change or end."},
    )
    reviewed_on = forms.DateField(
        label="Date of the review",
        widget=DateInput(),
        error_messages={"required": "Enter the date of the review.", **DATE_ERRORS},
    )
    next_review_on = forms.DateField(
        label="Next review date",
        required=False,
        widget=DateInput(),
        help_text="Only when it continues.",
        error_messages=DATE_ERRORS,
    )
    ended_on = forms.DateField(
        label="Date it ended",
        required=False,
        widget=DateInput(),
        help_text="The day it really stopped. For a change, the review date if left empty.",
        error_messages=DATE_ERRORS,
    )
    proposed_weekly_cost = MoneyField(
        label="New weekly amount to ask the forum for (£)",
        required=False,
        help_text="Only for a change: a new request for it goes to the forum. Leave empty to "
        "ask for the same amount.",
    )
    actual_weekly_cost = MoneyField(
        label="What it actually cost a week (£)",
        required=False,
        help_text="If known, when it ends or changes.",
    )
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("reviewed_on", timezone.localdate())
