from __future__ import annotations

from django import forms

from cls_portal.forms import PlainErrorsMixin


class ReminderPreferenceForm(PlainErrorsMixin, forms.Form):
    daily_digest = forms.BooleanField(
        label="Send me a daily e-mail of what is due",
        required=False,
        help_text="Each morning, how many of each kind of thing are due, with links to them. "
        "It never names anyone or says anything about a person.",
    )
