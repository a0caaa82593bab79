"""The one-page drop-in form: what matters and what happened (and, for someone new, the
least we need to know about them). At most five required fields for a new person."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from cls_portal.forms import PlainErrorsMixin
from conversations.forms.people import (
    DATE_FORMATS,
    PERSON_FIELD_ORDER,
    PERSON_REQUIRED_WORDS,
    NewPersonFields,
)
from conversations.models import Conversation, WaitingList
from conversations.services.signposts import DEFAULT_FOLLOW_UP
from hubs.forms import AccessibleErrorsMixin, SolutionChoiceField
from hubs.models import HubSession
from hubs.selectors import solution_choices_for_hub

__all__ = ["DATE_FORMATS", "DropInForm", "NewPersonDropInForm"]


class DropInForm(PlainErrorsMixin, AccessibleErrorsMixin, forms.Form):
    required_words = {
        "what_matters": "Say what matters to them",
        "what_happened": "Choose what happened",
    }
    what_matters = forms.CharField(
        label="What matters to them",
        help_text="In their own words.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )
    what_happened = forms.ChoiceField(
        label="What happened",
        choices=Conversation.WhatHappened.choices,
        widget=forms.RadioSelect,
    )
    solutions = SolutionChoiceField(
        label="Community solutions they were connected to",
        help_text="Tick one or more.",
    )
    follow_up_on = forms.DateField(
        required=False,
        label="Check how it went on",
        help_text="When to ask whether they took it up.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=DATE_FORMATS,
    )
    next_step = forms.CharField(
        required=False,
        max_length=250,
        label="Follow-up conversation",
        help_text="When and where, e.g. “Here next Tuesday at 11”.",
    )
    waiting_list = forms.ModelChoiceField(
        queryset=None, required=False, label="Which waiting list", empty_label="Choose a list"
    )
    submission_token = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, session: HubSession, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "submission_token": uuid.uuid4(),
                "follow_up_on": session.date + DEFAULT_FOLLOW_UP,
            },
        )
        super().__init__(*args, **kwargs)
        self.session = session
        self.fields["solutions"].queryset = solution_choices_for_hub(hub=session.hub)
        self.fields["waiting_list"].queryset = WaitingList.objects.in_partnership(
            session.hub.partnership_id
        ).order_by("name")

    def clean_follow_up_on(self) -> datetime.date | None:
        value = self.cleaned_data.get("follow_up_on")
        if value and value < self.session.date:
            raise ValidationError("The follow-up date cannot be before today's session.")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        happened = data.get("what_happened")
        if happened == Conversation.WhatHappened.CONNECTED and not data.get("solutions"):
            self.add_error("solutions", "Choose the community solutions they were connected to.")
        if happened == Conversation.WhatHappened.FOLLOW_UP and not data.get("next_step"):
            self.add_error("next_step", "Say when and where the follow-up conversation will be.")
        if happened == Conversation.WhatHappened.WAITING_LIST and not data.get("waiting_list"):
            self.add_error("waiting_list", "Choose the waiting list.")
        return data

    def dropin_values(self) -> dict[str, Any]:
        """The cleaned values as ``dropin_log`` takes them."""
        data = self.cleaned_data
        happened = data["what_happened"]
        # The page shows the solutions and the next step only for the answer they belong to,
        # so what was typed under another answer (then changed) is not recorded.
        connected = happened == Conversation.WhatHappened.CONNECTED
        follow_up = happened == Conversation.WhatHappened.FOLLOW_UP
        return {
            "what_matters": data["what_matters"],
            "what_happened": happened,
            "solutions": list(data.get("solutions") or []) if connected else [],
            "follow_up_on": data.get("follow_up_on"),
            "next_step": (data.get("next_step") or "") if follow_up else "",
            "waiting_list": data.get("waiting_list"),
            "submission_token": data.get("submission_token"),
        }


class NewPersonDropInForm(NewPersonFields, DropInForm):
    """The same, for someone new (the person's fields and checks are ``NewPersonFields``,
    shared with intake). Required: first name, last name, what matters, what happened (four);
    everything else is optional and defaults sensibly. Someone who did not agree to us keeping
    their details is not asked their name, and what matters is not kept."""

    required_words = {**DropInForm.required_words, **PERSON_REQUIRED_WORDS}
    not_asked_when_not_kept = ("first_name", "last_name", "what_matters")
    field_order = [
        *PERSON_FIELD_ORDER,
        "what_matters",
        "what_happened",
        "solutions",
        "follow_up_on",
        "next_step",
        "waiting_list",
    ]

    def __init__(self, *args: Any, session: HubSession, **kwargs: Any) -> None:
        super().__init__(*args, session=session, **kwargs)
        hub = session.hub
        self.setup_person_fields(
            partnership=hub.partnership, default_locality=f"Same as the hub ({hub.locality})"
        )
