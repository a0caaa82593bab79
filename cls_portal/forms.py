"""Form plumbing shared by every app's pages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: each message beside the field it names
    where the form has that field, everything else at the top, so nothing a service says is
    lost."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


# ------------------------------------------------------------ errors that say what to do
# GOV.UK style: an error says what to do ("Enter their first name", "Choose what happened"),
# never "This field is required." A form names its own words for each required field
# (``required_words``); a field it does not name still gets "Enter …" / "Choose …" from its label.

_DJANGO_DEFAULTS = {
    "required": str(forms.Field.default_error_messages["required"]),
    "invalid_date": str(forms.DateField.default_error_messages["invalid"]),
    "invalid_choice": str(forms.ChoiceField.default_error_messages["invalid_choice"]),
    "invalid_model_choice": str(forms.ModelChoiceField.default_error_messages["invalid_choice"]),
    "invalid_list": str(forms.ModelMultipleChoiceField.default_error_messages["invalid_choice"]),
    "invalid_number": str(forms.IntegerField.default_error_messages["invalid"]),
}
_CHOOSING = (forms.RadioSelect, forms.Select, forms.CheckboxSelectMultiple, forms.SelectMultiple)


def _lower_first(label: str) -> str:
    # "First name" → "first name", but "CHI number" and "I feel …" stay as they are.
    if len(label) > 1 and (label[1].isupper() or label[:2] == "I "):
        return label
    return label[:1].lower() + label[1:]


def what_to_do(field: forms.Field, name: str) -> str:
    """The words for a required field left empty, from its label and kind."""
    label = _lower_first(str(field.label or name.replace("_", " ")))
    if label.endswith("?"):  # a question: answer it
        return f"Answer “{field.label}”"
    if isinstance(field.widget, forms.CheckboxInput):
        return f"Tick “{field.label}” to go on"
    if isinstance(field.widget, _CHOOSING):
        return f"Choose {label}"
    return f"Enter {label}"


def say_what_to_do(form: forms.BaseForm, words: Mapping[str, str] | None = None) -> None:
    """Set each field's error messages GOV.UK style: ``words[name]`` for a required field left
    empty, else the field's own message if it declared one, else "Enter …" / "Choose …" from its
    label; Django's generic messages for a bad date, number or choice say what to do too."""
    words = words or {}
    for name, field in form.fields.items():
        messages = field.error_messages
        if name in words:
            messages["required"] = words[name]
        elif str(messages.get("required", "")) == _DJANGO_DEFAULTS["required"]:
            messages["required"] = what_to_do(field, name)
        label = _lower_first(str(field.label or name.replace("_", " ")))
        choose = "one of the answers given" if label.endswith("?") else f"{label} from the list"
        plain = {
            "invalid_date": ("invalid", f"Enter {label} as a real date, for example 17/05/2026"),
            "invalid_number": ("invalid", f"Enter {label} as a whole number"),
            "invalid_choice": ("invalid_choice", f"Choose {choose}"),
            "invalid_model_choice": ("invalid_choice", f"Choose {choose}"),
            "invalid_list": ("invalid_choice", f"Choose {choose}"),
        }
        for default, (key, message) in plain.items():
            if str(messages.get(key, "")) == _DJANGO_DEFAULTS[default]:
                messages[key] = message


class PlainErrorsMixin:
    """Put first in a form's bases: before the form validates, ``say_what_to_do`` with the
    form's ``required_words`` (so fields its ``__init__`` adds are covered too)."""

    required_words: ClassVar[Mapping[str, str]] = {}

    def full_clean(self) -> None:
        say_what_to_do(self, self.required_words)  # type: ignore[arg-type]
        super().full_clean()  # type: ignore[misc]


class SignInForm(PlainErrorsMixin, AuthenticationForm):
    """Django's sign-in form, saying what to enter when a box is left empty."""

    required_words: ClassVar[Mapping[str, str]] = {
        "username": "Enter your username",
        "password": "Enter your password",  # nosec B105: an error message, not a password
    }
