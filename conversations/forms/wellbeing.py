"""Wellbeing measures, asked as the measures ask them."""

from __future__ import annotations

from typing import Any

from django import forms

from cls_portal.forms import PlainErrorsMixin
from conversations.forms.pathway import DateInput, today
from conversations.models import WellbeingScore

ONS4_QUESTIONS = {
    "life_satisfaction": "Overall, how satisfied are you with your life nowadays?",
    "worthwhile": "Overall, to what extent do you feel that the things you do in your life "
    "are worthwhile?",
    "happiness": "Overall, how happy did you feel yesterday?",
    "anxiety": "On a scale where 0 is “not at all anxious” and 10 is “completely anxious”, "
    "overall, how anxious did you feel yesterday?",
}
ONS4_HINTS = {
    "life_satisfaction": "0 = not at all, 10 = completely.",
    "worthwhile": "0 = not at all, 10 = completely.",
    "happiness": "0 = not at all, 10 = completely.",
    "anxiety": "0 = not at all anxious, 10 = completely anxious (here lower is better).",
}
SWEMWBS_STATEMENTS = [
    "I’ve been feeling optimistic about the future",
    "I’ve been feeling useful",
    "I’ve been feeling relaxed",
    "I’ve been dealing with problems well",
    "I’ve been thinking clearly",
    "I’ve been feeling close to other people",
    "I’ve been able to make up my own mind about things",
]
SWEMWBS_ANSWERS = [
    ("", "—"),
    (1, "None of the time"),
    (2, "Rarely"),
    (3, "Some of the time"),
    (4, "Often"),
    (5, "All of the time"),
]


class WellbeingForm(PlainErrorsMixin, forms.Form):
    required_words = {
        "recorded_on": "Enter the date of the check-in",
    }
    recorded_on = forms.DateField(label="Date", initial=today, widget=DateInput)

    def __init__(self, *args: Any, measure: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.measure = measure
        if measure == WellbeingScore.Measure.ONS4:
            for item, question in ONS4_QUESTIONS.items():
                self.fields[item] = forms.IntegerField(
                    label=question,
                    help_text=ONS4_HINTS[item],
                    widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                    error_messages={"invalid": "Enter a whole number from 0 to 10."},
                )
        else:
            for item, statement in zip(
                WellbeingScore.SWEMWBS_ITEMS, SWEMWBS_STATEMENTS, strict=True
            ):
                self.fields[item] = forms.TypedChoiceField(
                    label=statement,
                    choices=SWEMWBS_ANSWERS,
                    coerce=int,
                    error_messages={"invalid_choice": "Choose an answer from 1 to 5."},
                )

    def scores(self) -> dict[str, int]:
        items = (
            WellbeingScore.ONS4_ITEMS
            if self.measure == WellbeingScore.Measure.ONS4
            else WellbeingScore.SWEMWBS_ITEMS
        )
        return {item: self.cleaned_data[item] for item in items}
