"""Deciding a request at a meeting."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from cls_portal.forms import PlainErrorsMixin
from peer_forum.forms.base import MoneyField, meeting_day
from peer_forum.models import Decision, ForumMeeting


class DecisionForm(PlainErrorsMixin, forms.Form):
    required_words = {
        "meeting": "Choose the meeting it was decided at",
        "outcome": "Choose the decision",
    }
    meeting = forms.ModelChoiceField(queryset=ForumMeeting.objects.none(), empty_label=None)
    outcome = forms.ChoiceField(label="Decision", widget=forms.RadioSelect)
    approved_amount = MoneyField(
        label="Amount agreed (£)",
        required=False,
        help_text="Only for “Approve with changes”.",
    )
    rationale = forms.CharField(
        label="Why",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why, in a sentence or two."},
    )
    # What the request looked like when the form was loaded: a decision made on an older view
    # of it (someone else decided or deferred it since) is refused by the service.
    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        outcomes: list[str],
        meetings: Any,
        limit: Decimal | None = None,
        in_meeting: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Decision.Outcome.choices)
        outcomes = list(outcomes)
        self.offers_escalation = False
        if (
            Decision.Outcome.ESCALATE not in outcomes
            and Decision.Outcome.APPROVE_WITH_CHANGES in outcomes
            and self._typed_amount_over(limit)
        ):
            # A changed amount above the delegated limit: the forum may escalate it instead.
            outcomes.append(Decision.Outcome.ESCALATE)
            self.offers_escalation = True
        self.fields["outcome"].choices = [(value, labels[value]) for value in outcomes]
        if len(outcomes) == 1:
            self.fields["outcome"].initial = outcomes[0]
        self.fields["meeting"].queryset = meetings
        self.fields["meeting"].label_from_instance = meeting_day
        if in_meeting:  # decided at the meeting whose page this is: no choosing another
            self.fields["meeting"].widget = forms.HiddenInput()
        if Decision.Outcome.APPROVE_WITH_CHANGES not in outcomes:
            del self.fields["approved_amount"]

    def clean_seen(self) -> str | None:
        return self.cleaned_data["seen"] or None  # no state sent: nothing to compare

    def _typed_amount_over(self, limit: Decimal | None) -> bool:
        if not self.is_bound or limit is None:
            return False
        try:
            amount = self.fields["approved_amount"].clean(self.data.get("approved_amount"))
        except forms.ValidationError:
            return False
        return amount is not None and amount > limit
