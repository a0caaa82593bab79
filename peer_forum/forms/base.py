"""Fields the peer-forum forms share: money in pounds and pence, dates, a meeting's day."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from peer_forum.models import ForumMeeting

MONEY_ERRORS = {
    "required": "Enter an amount in pounds, for example 250.00.",
    "invalid": "Enter an amount in pounds, for example 250.00.",
    "min_value": "The amount cannot be negative.",
    "max_decimal_places": "Enter pounds and pence, with no more than 2 decimal places.",
    "max_digits": "That amount is too large.",
    "max_whole_digits": "That amount is too large.",
}


class MoneyField(forms.DecimalField):
    """Pounds and pence: a Decimal, never negative, never a float."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", Decimal("0"))
        kwargs.setdefault("max_digits", 9)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("error_messages", MONEY_ERRORS)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:
        if isinstance(value, str):
            value = value.strip().replace(",", "").removeprefix("£").strip()
        return super().to_python(value)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def meeting_day(meeting: ForumMeeting) -> str:
    when = f"{meeting.held_on:%A %-d %B %Y}"
    return when + (f" at {meeting.starts_at:%H:%M}" if meeting.starts_at else "")


def meeting_label(meeting: ForumMeeting) -> str:
    return f"{meeting.forum.name}: {meeting_day(meeting)}"
