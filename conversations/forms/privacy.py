"""The confirm step of an erasure, and a partnership's retention period."""

from __future__ import annotations

from django import forms

from cls_portal.forms import PlainErrorsMixin


class EraseConfirmForm(forms.Form):
    confirm = forms.BooleanField(
        label="I have checked this is the right person, and they have asked for their details "
        "to be erased.",
        error_messages={"required": "Tick the box to confirm the erasure."},
    )


class RetentionForm(PlainErrorsMixin, forms.Form):
    years = forms.IntegerField(
        label="Keep records for this many years after a person's last episode closes",
        required=False,
        min_value=1,
        max_value=100,
        help_text="Leave blank to use the default.",
        error_messages={
            "min_value": "Enter a number of years from 1 to 100.",
            "max_value": "Enter a number of years from 1 to 100.",
            "invalid": "Enter a whole number of years, for example 8.",
        },
    )
