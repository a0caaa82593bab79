"""The least we need to know about someone new, asked the same way wherever they are added
(the drop-in, intake by phone or referral): one set of fields and checks, so the two pages
cannot drift apart. The service behind both is ``conversations.services.people.person_create``.

Required: first name and last name, unless they did not agree to us keeping their details —
then no name is asked for (nothing that identifies them is kept)."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from conversations.models import Person
from conversations.services.dropins import NewPerson
from conversations.validators import (
    normalise_health_number,
    validate_chi_number,
    validate_nhs_number,
)
from hubs.models import Locality, Partnership

DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]

PERSON_FIELD_ORDER = [
    "first_name",
    "last_name",
    "date_of_birth",
    "postcode",
    "health_number",
    "phone",
    "locality",
    "consent",
]
PERSON_REQUIRED_WORDS = {
    "first_name": "Enter their first name",
    "last_name": "Enter their last name",
}


class NewPersonFields(forms.Form):
    """Mixed into a page's form (after ``PlainErrorsMixin``); its ``__init__`` calls
    ``setup_person_fields``."""

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
        help_text="“Did not agree”: the visit is counted, but no name or details are kept.",
        widget=forms.RadioSelect,
    )

    # Fields a page asks only when the details are kept (the drop-in adds its notes).
    not_asked_when_not_kept: tuple[str, ...] = ("first_name", "last_name")

    def setup_person_fields(self, *, partnership: Partnership, default_locality: str) -> None:
        scotland = partnership.nation == Partnership.Nation.SCOTLAND
        self.fields["health_number"].label = partnership.health_number_label
        self.fields["health_number"].help_text = (
            "10 digits, on a GP letter or prescription." if scotland else "10 digits."
        )
        self.validate_health_number = validate_chi_number if scotland else validate_nhs_number
        self.fields["locality"].queryset = Locality.objects.in_partnership(partnership.pk)
        self.fields["locality"].empty_label = default_locality
        if self.details_not_kept:
            for name in self.not_asked_when_not_kept:
                self.fields[name].required = False

    @property
    def details_not_kept(self) -> bool:
        return self.is_bound and self.data.get("consent") == Person.Consent.DECLINED

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
            first_name=data.get("first_name") or "",
            last_name=data.get("last_name") or "",
            date_of_birth=data.get("date_of_birth"),
            postcode=data.get("postcode") or "",
            phone=data.get("phone") or "",
            email=data.get("email") or "",
            health_number=data.get("health_number") or "",
            locality=data.get("locality"),
            consent=data.get("consent") or Person.Consent.VERBAL,
        )


def person_fields_context(form: Any) -> dict[str, Any]:
    """What the duplicate warning needs to say which details it compared."""
    data = getattr(form, "cleaned_data", {}) or {}
    return {
        "compared_dob": bool(data.get("date_of_birth")),
        "compared_postcode": data.get("postcode"),
    }
