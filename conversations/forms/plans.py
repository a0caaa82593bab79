"""The conversation 3 form: a support plan built on the person's own outcomes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import Q

from conversations.forms.pathway import ConversationForm
from conversations.models import Conversation, PersonalOutcome
from hubs.forms import SolutionChoiceField
from hubs.models import CommunitySolution

if TYPE_CHECKING:
    from cls_portal.accounts.models import User


class SupportPlanConversationForm(ConversationForm):
    required_words = {
        **ConversationForm.required_words,
        "summary": "Say what the support will look like",
    }
    kind = Conversation.Kind.GOOD_LIFE

    outcomes = forms.ModelMultipleChoiceField(
        label="The outcomes this plan works towards",
        queryset=PersonalOutcome.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    summary = forms.CharField(
        label="What the support will look like",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    community_solutions = SolutionChoiceField(
        label="Community solutions",
        help_text="From the directory, for their locality. Tick one or more.",
    )
    paid_support = forms.CharField(
        label="Paid support needed, if any",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="If money is needed, request funding from the peer forum after saving.",
    )
    field_order = [
        "held_on",
        "place",
        "hub_session",
        "what_matters",
        "outcomes",
        "new_outcomes",
        "summary",
        "community_solutions",
        "paid_support",
    ]

    def __init__(self, *args: Any, user: User, episode: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, episode=episode, **kwargs)
        del self.fields["what_happened"]
        self.fields["new_outcomes"].label = "Add outcomes in their words"
        self.fields["new_outcomes"].help_text = "One per line, if not already listed above."
        self.fields["outcomes"].queryset = (
            PersonalOutcome.objects.visible_to(user)
            .filter(episode__person_id=episode.person_id)
            .select_related("episode")
            .order_by("-created_on", "-pk")
        )
        self.has_outcomes = self.fields["outcomes"].queryset.exists()
        if not self.has_outcomes:  # the plan must rest on at least one, in their words
            self.fields["new_outcomes"].required = True
            self.fields["new_outcomes"].label = "What they want to achieve, in their words"
            self.fields["new_outcomes"].help_text = "One per line. The plan is built on these."
            self.fields["new_outcomes"].error_messages["required"] = (
                "A support plan is built on what matters to the person: add at least one "
                "outcome in their words."
            )
        self.fields["community_solutions"].queryset = (
            CommunitySolution.objects.visible_to(user)
            .filter(is_active=True)
            .filter(Q(localities=episode.locality_id) | Q(localities__isnull=True))
            .distinct()
            .order_by("name")
        )

    def plan_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "summary": data["summary"],
            "outcomes": data["outcomes"],
            "community_solutions": data["community_solutions"],
            "paid_support": data["paid_support"],
        }
