from __future__ import annotations

from django import forms

from cls_portal.forms import PlainErrorsMixin
from conversations.forms.pathway import DateInput, today
from conversations.models import OutcomeReview


class PersonalOutcomeForm(PlainErrorsMixin, forms.Form):
    required_words = {
        "statement": "Say what they want to achieve, in their words",
    }
    statement = forms.CharField(
        label="What matters to them, in their words",
        max_length=250,
        help_text="e.g. “to get back to my allotment”, “not to be lonely”.",
    )


class OutcomeReviewForm(PlainErrorsMixin, forms.Form):
    required_words = {
        "status": "Choose whether the outcome is met",
        "reviewed_on": "Enter the date of the review",
    }
    status = forms.ChoiceField(
        label="Is it met?", choices=OutcomeReview.Status.choices, widget=forms.RadioSelect
    )
    reviewed_on = forms.DateField(label="Reviewed on", initial=today, widget=DateInput)
    note = forms.CharField(label="Note", max_length=250, required=False)
