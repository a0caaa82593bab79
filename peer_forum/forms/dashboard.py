"""The forum dashboard's filter."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone

from hubs.models import Locality
from peer_forum.models import PeerForum


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
