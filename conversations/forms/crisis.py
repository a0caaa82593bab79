"""Forms for conversation 2: the crisis conversation with its emergency plan; status updates."""

from __future__ import annotations

from typing import Any

from django import forms

from cls_portal.forms import PlainErrorsMixin
from conversations.forms.pathway import ConversationForm, DateInput
from conversations.models import Conversation, CrisisPlan
from conversations.services.crisis import review_by_problem


class CrisisFields(PlainErrorsMixin, forms.Form):
    required_words = {
        "rag": "Choose how things stand: red, amber or green",
        "review_by": "Enter the date to review the plan by",
        "plan": "Say what the emergency plan is",
    }
    rag = forms.ChoiceField(
        label="How things stand",
        choices=CrisisPlan.Rag.choices,
        widget=forms.RadioSelect,
        help_text="Red: at risk now. Amber: fragile. Green: settling.",
    )
    review_by = forms.DateField(
        label="Review by", widget=DateInput, help_text="When you will look at the plan again."
    )

    def clean_review_by(self):
        review_by = self.cleaned_data["review_by"]
        if problem := review_by_problem(review_by):
            raise forms.ValidationError(problem)
        return review_by


class CrisisConversationForm(ConversationForm, CrisisFields):
    required_words = {**ConversationForm.required_words, **CrisisFields.required_words}
    kind = Conversation.Kind.CRISIS

    plan = forms.CharField(
        label="Emergency plan",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What will happen now, who will do it, and how often you will be in touch.",
    )
    field_order = ["held_on", "place", "hub_session", "what_matters", "plan", "rag", "review_by"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["what_happened"]  # a conversation 2 is itself the crisis response

    def plan_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"plan": data["plan"], "rag": data["rag"], "review_by": data["review_by"]}


class CrisisPlanUpdateForm(CrisisFields):
    pass
