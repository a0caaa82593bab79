from __future__ import annotations

from django import forms

from conversations.forms.pathway import DateInput, today
from conversations.models import OutcomeReview


class PersonalOutcomeForm(forms.Form):
    statement = forms.CharField(
        label="What matters to them, in their words",
        max_length=250,
        help_text="e.g. “to get back to my allotment”, “not to be lonely”.",
    )


class OutcomeReviewForm(forms.Form):
    status = forms.ChoiceField(
        label="Is it met?", choices=OutcomeReview.Status.choices, widget=forms.RadioSelect
    )
    reviewed_on = forms.DateField(label="Reviewed on", initial=today, widget=DateInput)
    note = forms.CharField(label="Note", max_length=250, required=False)
