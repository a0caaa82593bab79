"""Input validation for the programme pages (no business rules: those are in services)."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone

from cls_portal.forms import PlainErrorsMixin
from outcomes.forms import month_choices
from outcomes.periods import Month

YEARS_OFFERED = 4


def financial_year_choices(today: datetime.date) -> list[tuple[str, str]]:
    """This financial year and the ones before it, newest first ("2025–26")."""
    this = today.year if today.month >= 4 else today.year - 1
    return [(str(year), f"April {year} to March {year + 1}")
            for year in range(this, this - YEARS_OFFERED, -1)]  # fmt: skip


class ProgrammeMonthForm(PlainErrorsMixin, forms.Form):
    period = forms.ChoiceField(label="Month", required=False)

    def __init__(self, *args: Any, today: datetime.date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self.fields["period"].choices = month_choices(self.today)
        self.fields["period"].initial = str(Month.last_full(self.today))

    def clean_period(self) -> Month:
        value = self.cleaned_data.get("period")
        return Month.parse(value) if value else Month.last_full(self.today)


class ProgrammeReportForm(PlainErrorsMixin, forms.Form):
    required_words = {"financial_year": "Choose a financial year"}
    financial_year = forms.TypedChoiceField(label="Financial year", coerce=int)

    def __init__(self, *args: Any, today: datetime.date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = financial_year_choices(today or timezone.localdate())
        self.fields["financial_year"].choices = choices
        self.fields["financial_year"].initial = choices[1][0]  # the last whole year


class SharingForm(PlainErrorsMixin, forms.Form):
    required_words = {"programme": "Choose a programme"}
    programme = forms.IntegerField(widget=forms.HiddenInput)
    sharing = forms.TypedChoiceField(
        choices=[("on", "Share"), ("off", "Stop sharing")], coerce=lambda value: value == "on"
    )
