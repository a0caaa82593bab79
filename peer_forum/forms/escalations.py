"""Escalations: the senior decision on an escalated request, and naming the senior body."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from cls_portal.accounts.models import User
from peer_forum.forms.base import DateInput, MoneyField
from peer_forum.models import EscalationDecision


class EscalationDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Decision",
        choices=EscalationDecision.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what was decided."},
    )
    amount = MoneyField(
        label="Amount agreed (£)",
        required=False,
        help_text="Only for “Approve with changes”.",
    )
    decided_on = forms.DateField(
        label="Date of the decision",
        widget=DateInput(),
        error_messages={
            "required": "Enter the date of the decision.",
            "invalid": "Enter a real date, for example 14 March 2026.",
        },
    )
    rationale = forms.CharField(
        label="Why",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why, in a sentence or two."},
    )

    def __init__(self, *args: Any, unit: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["amount"].label = f"Amount agreed, {unit} (£)"
        if not self.is_bound:
            self.initial.setdefault("decided_on", timezone.localdate())

    def service_arguments(self, *, one_off: bool) -> dict[str, Any]:
        """The cleaned data as ``escalation_decide`` takes it (the amount in the request's unit;
        only approving with changes states one)."""
        data = dict(self.cleaned_data)
        amount = data.pop("amount", None)
        if data["outcome"] != EscalationDecision.Outcome.APPROVE_WITH_CHANGES:
            amount = None
        data["approved_one_off_amount" if one_off else "approved_weekly_amount"] = amount
        return data


class EscalationPanelForm(forms.Form):
    name = forms.CharField(
        max_length=120,
        help_text="For example “Head of service” or “Resource panel”.",
        error_messages={"required": "Give it a name, for example “Head of service”."},
    )
    members = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Forum managers and administrators of the partnership. They decide what the "
        "forums escalate.",
        error_messages={"required": "Choose at least one member."},
    )

    def __init__(self, *args: Any, members_queryset: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = members_queryset
