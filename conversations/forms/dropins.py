"""The one-page drop-in form: what matters and what happened (and, for someone new, the
least we need to know about them). At most five required fields for a new person."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from cls_portal.forms import PlainErrorsMixin
from conversations.models import Conversation, Person, WaitingList
from conversations.services.dropins import NewPerson
from conversations.services.signposts import DEFAULT_FOLLOW_UP
from conversations.validators import (
    normalise_health_number,
    validate_chi_number,
    validate_nhs_number,
)
from hubs.forms import AccessibleErrorsMixin, SolutionChoiceField
from hubs.models import HubSession, Locality, Partnership
from hubs.selectors import solution_choices_for_hub

DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]


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


class NewPersonDropInForm(DropInForm):
    """The same, for someone new. Required: first name, last name, what matters, what
    happened (four); everything else is optional and defaults sensibly."""

    required_words = {
        **DropInForm.required_words,
        "first_name": "Enter their first name",
        "last_name": "Enter their last name",
    }

    first_name = forms.CharField(max_length=80, label="First name")
    last_name = forms.CharField(max_length=80, label="Last name")
    date_of_birth = forms.DateField(
        required=False,
        label="Date of birth",
        help_text="For example 17/05/1950.",
        input_formats=DATE_FORMATS,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    postcode = forms.CharField(
        required=False,
        max_length=10,
        label="Postcode",
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off"}),
    )
    health_number = forms.CharField(
        required=False,
        max_length=14,
        label="CHI number",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    phone = forms.CharField(
        required=False,
        max_length=30,
        label="Phone",
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    locality = forms.ModelChoiceField(
        queryset=None, required=False, label="Where they live", help_text="Their locality."
    )
    consent = forms.ChoiceField(
        required=False,
        choices=Person.Consent.choices,
        initial=Person.Consent.VERBAL,
        label="Agreed we can keep their details",
        widget=forms.RadioSelect,
    )
    field_order = [
        "first_name",
        "last_name",
        "date_of_birth",
        "postcode",
        "health_number",
        "phone",
        "locality",
        "consent",
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
        scotland = hub.partnership.nation == Partnership.Nation.SCOTLAND
        self.fields["health_number"].label = hub.partnership.health_number_label
        self.fields["health_number"].help_text = (
            "10 digits, on a GP letter or prescription." if scotland else "10 digits."
        )
        self.validate_health_number = validate_chi_number if scotland else validate_nhs_number
        self.fields["locality"].queryset = Locality.objects.in_partnership(hub.partnership_id)
        self.fields["locality"].empty_label = f"Same as the hub ({hub.locality})"

    def clean_date_of_birth(self) -> datetime.date | None:
        value = self.cleaned_data.get("date_of_birth")
        if value and value > timezone.localdate():
            raise ValidationError("The date of birth must be in the past.")
        if value and value.year < 1900:
            raise ValidationError("Check the year of birth.")
        return value

    def clean_health_number(self) -> str:
        value = normalise_health_number(self.cleaned_data.get("health_number") or "")
        if value:
            self.validate_health_number(value)
        return value

    def new_person(self) -> NewPerson:
        data = self.cleaned_data
        return NewPerson(
            first_name=data["first_name"],
            last_name=data["last_name"],
            date_of_birth=data.get("date_of_birth"),
            postcode=data.get("postcode") or "",
            phone=data.get("phone") or "",
            health_number=data.get("health_number") or "",
            locality=data.get("locality"),
            consent=data.get("consent") or Person.Consent.VERBAL,
        )
