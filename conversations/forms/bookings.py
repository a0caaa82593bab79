from __future__ import annotations

from typing import Any

from django import forms

from cls_portal.forms import PlainErrorsMixin
from hubs.models import HubSession


class HubBookingForm(PlainErrorsMixin, forms.Form):
    required_words = {"session": "Choose the session"}
    session = forms.ModelChoiceField(
        label="Hub session", queryset=HubSession.objects.none(), empty_label="Choose a session"
    )
    at = forms.TimeField(
        label="Time",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text="Leave empty for the start of the session.",
    )

    def __init__(self, *args: Any, sessions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions
        self.fields["session"].label_from_instance = lambda s: (
            f"{s.hub} — {s.date:%a %d %b %Y}"
            + (f", {s.starts_at:%H:%M}" if s.starts_at else "")
            + (f"–{s.ends_at:%H:%M}" if s.ends_at else "")
            + f" ({s.get_mode_display().lower()})"
        )
