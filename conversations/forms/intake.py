"""Forms for intake outside a hub, a person's details, and a consent answer. Input only: the
rules are the services' (``intake_record``, ``person_update``, ``consent_record``).

Intake asks what the drop-in asks about someone new (``NewPersonFields``: required, their first
and last name), then how they got in touch; a referral asks who referred them and why instead.
Required: at most five, with the dates filled in as today."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from cls_portal.forms import PlainErrorsMixin
from conversations.forms.people import (
    DATE_FORMATS,
    PERSON_FIELD_ORDER,
    PERSON_REQUIRED_WORDS,
    NewPersonFields,
)
from conversations.models import ConsentRecord, Episode, Person
from conversations.services.intake import INTAKE_CHANNELS, ReferralDetails
from conversations.validators import validate_chi_number, validate_nhs_number
from hubs.models import Locality, Partnership


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


def _date(label: str, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label, initial=timezone.localdate, widget=DateInput, input_formats=DATE_FORMATS,
        **kwargs,
    )  # fmt: skip


class IntakeForm(PlainErrorsMixin, NewPersonFields):
    """Someone new (or found) who got in touch by phone, email, a visit or the duty desk."""

    required_words = {
        **PERSON_REQUIRED_WORDS,
        "channel": "Choose how they got in touch",
        "contacted_on": "Enter the date they got in touch",
    }
    email = forms.EmailField(required=False, max_length=254, label="Email")
    channel = forms.ChoiceField(
        label="How they got in touch",
        choices=[(c.value, c.label) for c in INTAKE_CHANNELS if c != Episode.Channel.REFERRAL],
        widget=forms.RadioSelect,
    )
    source = forms.ChoiceField(
        required=False,
        label="Who got in touch",
        choices=Episode.Source.choices,
        initial=Episode.Source.SELF,
    )
    contacted_on = _date("When they got in touch")
    field_order = [*PERSON_FIELD_ORDER[:6], "email", *PERSON_FIELD_ORDER[6:], "channel"]
    referral = False
    # The page's sections (legend, field names), in order.
    sections = (
        ("About them", (*PERSON_FIELD_ORDER[:6], "email", *PERSON_FIELD_ORDER[6:])),
        ("How they got in touch", ("channel", "source", "contacted_on")),
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setup_person_fields(partnership=partnership, default_locality="Your locality")

    def grouped(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(legend, [self[name] for name in names]) for legend, names in self.sections]

    def intake_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "channel": data["channel"],
            "source": data.get("source") or Episode.Source.SELF,
            "contacted_on": data["contacted_on"],
        }


class ReferralIntakeForm(IntakeForm):
    """Someone referred by a GP, hospital or community organisation: who referred and why."""

    required_words = {
        **PERSON_REQUIRED_WORDS,
        "referred_on": "Enter the date of the referral",
        "referrer_organisation": "Enter the organisation that referred them",
        "reason_for_referral": "Say why they were referred",
    }
    channel = None  # type: ignore[assignment]  # always "referral"
    contacted_on = None  # type: ignore[assignment]  # the referral date is the first contact
    source = forms.ChoiceField(
        required=False,
        label="Who referred them",
        choices=[c for c in Episode.Source.choices if c[0] != Episode.Source.SELF],
        initial=Episode.Source.GP,
    )
    referred_on = _date("Date of the referral", help_text="The wait is counted from this day.")
    referrer_organisation = forms.CharField(max_length=150, label="Organisation")
    referrer_name = forms.CharField(required=False, max_length=120, label="Their name")
    referrer_role = forms.CharField(required=False, max_length=80, label="Their role")
    referrer_contact = forms.CharField(
        required=False, max_length=200, label="How to contact them", help_text="Phone or email."
    )
    reason_for_referral = forms.CharField(
        max_length=4000, label="Why they were referred", widget=forms.Textarea(attrs={"rows": 3})
    )
    field_order = [
        "referred_on", "source", "referrer_organisation", "referrer_name", "referrer_role",
        "referrer_contact", "reason_for_referral", *IntakeForm.field_order[:-1],
    ]  # fmt: skip
    referral = True
    sections = (
        ("Who referred them", (
            "referred_on", "source", "referrer_organisation", "referrer_name", "referrer_role",
            "referrer_contact", "reason_for_referral",
        )),
        IntakeForm.sections[0],
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A referral is someone else's call: they have not been asked yet.
        self.fields["consent"].initial = Person.Consent.NOT_ASKED

    def intake_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "channel": Episode.Channel.REFERRAL,
            "source": data.get("source") or Episode.Source.OTHER_PROFESSIONAL,
            "contacted_on": data["referred_on"],
            "referral": ReferralDetails(
                referred_on=data["referred_on"],
                organisation=data["referrer_organisation"],
                name=data.get("referrer_name") or "",
                role=data.get("referrer_role") or "",
                contact=data.get("referrer_contact") or "",
                reason=data["reason_for_referral"],
            ),
        }


class PersonDetailsForm(PlainErrorsMixin, forms.Form):
    """A person's details, every one optional but the first name."""

    required_words = {"first_name": "Enter their first name"}
    first_name = forms.CharField(max_length=80, label="First name")
    last_name = forms.CharField(required=False, max_length=80, label="Last name")
    preferred_name = forms.CharField(
        required=False, max_length=80, label="Name they like to be called"
    )
    pronouns = forms.CharField(
        required=False, max_length=30, label="Pronouns", help_text="e.g. she/her, they/them"
    )
    date_of_birth = forms.DateField(
        required=False, label="Date of birth", help_text="For example 17/05/1950.",
        input_formats=DATE_FORMATS, widget=forms.DateInput(format="%d/%m/%Y"),
    )  # fmt: skip
    postcode = forms.CharField(required=False, max_length=10, label="Postcode")
    locality = forms.ModelChoiceField(queryset=None, label="Where they live", empty_label=None)
    phone = forms.CharField(required=False, max_length=30, label="Phone")
    email = forms.EmailField(required=False, max_length=254, label="Email")
    health_number = forms.CharField(required=False, max_length=14, label="CHI number")
    language = forms.CharField(
        required=False, max_length=60, label="Language they prefer", help_text="If not English."
    )
    communication_needs = forms.CharField(
        required=False, max_length=250, label="Communication needs",
        help_text="e.g. BSL interpreter, large print, hearing loop",
    )  # fmt: skip

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        kwargs.setdefault("initial", _initial(person))
        super().__init__(*args, **kwargs)
        partnership = person.partnership
        self.scotland = partnership.nation == Partnership.Nation.SCOTLAND
        self.fields["health_number"].label = partnership.health_number_label
        self.fields["locality"].queryset = Locality.objects.in_partnership(partnership.pk)

    def clean_health_number(self) -> str:
        from conversations.validators import normalise_health_number

        value = normalise_health_number(self.cleaned_data.get("health_number") or "")
        if value:
            (validate_chi_number if self.scotland else validate_nhs_number)(value)
        return value

    def changes(self) -> dict[str, Any]:
        """Only what was changed, so the audit says exactly that."""
        return {name: self.cleaned_data[name] for name in self.changed_data}


def _initial(person: Person) -> dict[str, Any]:
    names = [
        "first_name", "last_name", "preferred_name", "pronouns", "date_of_birth", "postcode",
        "phone", "email", "language", "communication_needs",
    ]  # fmt: skip
    initial = {name: getattr(person, name) for name in names}
    initial["locality"] = person.locality_id
    initial["health_number"] = person.chi_number or person.nhs_number
    return initial


class ConsentForm(PlainErrorsMixin, forms.Form):
    required_words = {
        "kind": "Choose what they were asked",
        "agreed": "Choose their answer",
        "how": "Choose how they gave their answer",
        "given_on": "Enter the date they gave their answer",
    }
    kind = forms.ChoiceField(
        label="What they were asked", choices=ConsentRecord.Kind.choices, widget=forms.RadioSelect
    )
    partner_organisation = forms.CharField(
        required=False, max_length=150, label="Partner organisation",
        help_text="For sharing: the organisation, by name.",
    )  # fmt: skip
    agreed = forms.TypedChoiceField(
        label="Their answer",
        choices=[("yes", "Agreed"), ("no", "Did not agree, or no longer agrees")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    how = forms.ChoiceField(label="How they gave it", choices=ConsentRecord.How.choices)
    given_by = forms.ChoiceField(
        label="Who gave it",
        choices=ConsentRecord.GivenBy.choices,
        initial=ConsentRecord.GivenBy.THEMSELVES,
    )
    given_on = _date("When")
