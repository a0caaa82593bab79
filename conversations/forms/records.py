"""Forms for merging two records, correcting a record and linking a carer (input only: the
rules are the services')."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.models import fields_for_model, model_to_dict

from cls_portal.forms import PlainErrorsMixin
from conversations.forms.pathway import DateInput
from conversations.models import CarerLink, Person
from conversations.services.amendments import Amendable


def person_choice_label(person: Person) -> str:
    """How a search result is offered: enough to tell two people apart, and the record number."""
    born = (
        f"born {person.date_of_birth:%-d %b %Y}" if person.date_of_birth else "birth date not known"
    )
    where = ", ".join(part for part in (person.postcode, str(person.locality)) if part)
    return f"{person.full_name}, {born}, {where} (record #{person.pk})"


class PeopleChoiceMixin:
    """A radio list of people found by a search (the view searches; the form offers them)."""

    person_field = ""

    def set_people(self, people: list[Person]) -> None:
        field = self.fields[self.person_field]  # type: ignore[attr-defined]
        field.choices = [(p.pk, person_choice_label(p)) for p in people]


class MergeProposeForm(PeopleChoiceMixin, PlainErrorsMixin, forms.Form):
    required_words = {
        "kept": "Search for the record to keep, then choose it",
        "reason": "Say why these are the same person",
    }
    person_field = "kept"
    kept = forms.TypedChoiceField(
        label="The record to keep", coerce=int, choices=[], widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label="Why they are the same person",
        max_length=250,
        help_text="For example: same name, date of birth and address; added twice at the hub.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MergeDecideForm(PlainErrorsMixin, forms.Form):
    required_words = {"decision": "Choose whether to merge the records"}
    decision = forms.ChoiceField(
        label="Are they the same person?",
        choices=[
            ("confirm", "Yes: merge them into the kept record"),
            ("decline", "No: keep both records"),
        ],
        widget=forms.RadioSelect,
    )


class AmendForm(PlainErrorsMixin, forms.Form):
    """The correctable fields of one kind of record (from its model), and a required reason."""

    # Not "reason": a waiting-list entry has a field of that name (why they wait).
    required_words = {"correction_reason": "Say why the record is being corrected"}

    def __init__(self, *args: Any, kind: Amendable, record: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", model_to_dict(record, fields=list(kind.fields)))
        super().__init__(*args, **kwargs)
        self.kind = kind
        for name, field in fields_for_model(kind.model, fields=list(kind.fields)).items():
            if isinstance(field, forms.DateField):
                field.widget = DateInput()
            self.fields[name] = field
        self.fields["correction_reason"] = forms.CharField(
            label="Why you are correcting it",
            max_length=250,
            help_text="For example: typed in a hurry; the wrong date was entered.",
            widget=forms.Textarea(attrs={"rows": 2}),
        )

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in self.kind.fields}


class CarerLinkForm(PeopleChoiceMixin, PlainErrorsMixin, forms.Form):
    required_words = {
        "other": "Search for the other person, then choose them",
        "direction": "Choose who is the carer",
        "relationship": "Choose how the carer is related to them",
        "started_on": "Enter the day they started caring (roughly is fine)",
    }
    person_field = "other"
    other = forms.TypedChoiceField(
        label="The other person", coerce=int, choices=[], widget=forms.RadioSelect
    )
    direction = forms.ChoiceField(
        label="Who is the carer?",
        choices=[
            ("is_carer", "This person cares for them"),
            ("has_carer", "They care for this person"),
        ],
        widget=forms.RadioSelect,
    )
    relationship = forms.ChoiceField(
        label="The carer is their",
        choices=[("", "Choose one"), *CarerLink.Relationship.choices],
    )
    started_on = forms.DateField(label="Caring since", widget=DateInput)


class CarerLinkEndForm(PlainErrorsMixin, forms.Form):
    required_words = {"ended_on": "Enter the day they stopped caring"}
    ended_on = forms.DateField(label="Stopped caring on", widget=DateInput)
