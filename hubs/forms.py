"""Input validation for hubs, sessions and the directory (no saving here: services save)."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.choices import BaseChoiceIterator

from cls_portal.forms import PlainErrorsMixin
from cls_portal.widgets import CheckboxPicker, PickerOption
from hubs.models import (
    CommunitySolution,
    Hub,
    HubSchedule,
    HubSession,
    Locality,
    Partnership,
    SolutionCategory,
)


class AccessibleErrorsMixin:
    """Point each invalid field at its error message (``aria-describedby``) and mark it
    ``aria-invalid``, so a screen reader reads the error with the field. The message itself
    is rendered with the id ``<field id>_error`` (as ``partials/_form.html`` does)."""

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:  # type: ignore[attr-defined]
            if name not in self.fields:  # type: ignore[attr-defined]
                continue
            bound = self[name]  # type: ignore[index]
            attrs = bound.field.widget.attrs
            described = [f"{bound.auto_id}_error"]
            if bound.field.help_text:
                described.append(f"{bound.auto_id}_helptext")
            attrs["aria-describedby"] = " ".join(described)
            attrs["aria-invalid"] = "true"


def solution_detail(town: str, schedule: str) -> str:
    """The line under a solution's name where it is chosen: where and when."""
    return " · ".join(part for part in (town, schedule) if part)


class SolutionChoiceField(forms.ModelMultipleChoiceField):
    """Community solutions to tick, grouped by category with each one's place and days, in the
    filterable ``CheckboxPicker``: the one control wherever solutions are chosen (a drop-in,
    a support plan, a funding request's proposal)."""

    widget = CheckboxPicker

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", CommunitySolution.objects.none())
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def label_from_instance(self, obj: Any) -> str:
        return str(PickerOption(obj.name, solution_detail(obj.town, obj.schedule)))

    def _get_choices(self):  # type: ignore[override]
        return _GroupedSolutions(self)

    choices = property(_get_choices, forms.ChoiceField.choices.fset)


class _GroupedSolutions(BaseChoiceIterator):
    """Read from the database only when the control is drawn, as plain rows (no model per entry:
    hundreds at a large partnership); a saved form validates the chosen ids alone. Groups in
    category order, entries in the queryset's order within each."""

    def __init__(self, field: SolutionChoiceField) -> None:
        self.field = field

    def __iter__(self):
        if self.field.queryset is None:
            return iter([])
        groups: dict[str, list[tuple[int, PickerOption]]] = {}
        rows = self.field.queryset.values_list("pk", "name", "town", "schedule", "category__name")
        for pk, name, town, schedule, category in rows:
            groups.setdefault(category, []).append(
                (pk, PickerOption(name, solution_detail(town, schedule)))
            )
        return iter(sorted(groups.items(), key=lambda group: group[0].casefold()))


class HubSessionOpenForm(PlainErrorsMixin, AccessibleErrorsMixin, forms.Form):
    required_words = {
        "mode": "Choose what kind of session it is",
    }
    mode = forms.ChoiceField(
        choices=HubSession.Mode.choices,
        initial=HubSession.Mode.DROP_IN,
        widget=forms.RadioSelect,
        label="What kind of session",
    )
    staff = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Colleagues working with you",
        help_text="You are included automatically.",
    )
    partner_organisations = forms.CharField(
        max_length=250,
        required=False,
        label="Partner organisations here today",
        help_text="For example: Citizens Advice, Carers Centre.",
    )

    def __init__(self, *args: Any, staff_choices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff_choices
        self.fields["staff"].label_from_instance = lambda user: str(user)


class HubForm(PlainErrorsMixin, AccessibleErrorsMixin, forms.ModelForm):
    """A hub: where it is and how to get in. Only what a person types; services save."""

    required_words = {
        "name": "Enter the name of the hub",
        "locality": "Choose the locality of the hub",
        "venue_type": "Choose what kind of venue it is",
    }

    class Meta:
        model = Hub
        fields = [
            "name",
            "locality",
            "venue_type",
            "address",
            "postcode",
            "usual_days",
            "accessibility_notes",
            "is_active",
        ]
        labels = {
            "usual_days": "Usual days and times",
            "venue_type": "Kind of venue",
            "accessibility_notes": "Getting in and around",
            "is_active": "In use",
        }
        help_texts = {
            "accessibility_notes": "Step-free access, hearing loop, parking, buses…",
            "is_active": "Untick when sessions are no longer held here.",
        }
        widgets = {"accessibility_notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, partnership_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        keep = [self.instance.locality_id] if self.instance.locality_id else []
        self.fields["locality"].queryset = Locality.objects.in_partnership(partnership_id).in_use(
            keep=keep
        )

    def _post_clean(self) -> None:
        pass  # the services run the model's checks when saving


class DirectorySearchForm(PlainErrorsMixin, forms.Form):
    """The directory's filters (a GET form: every field optional)."""

    q = forms.CharField(
        required=False,
        max_length=100,
        label="Search",
        help_text="Words from the name, organisation, description or category.",
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    category = forms.ModelChoiceField(
        queryset=SolutionCategory.objects.order_by("name"),
        required=False,
        empty_label="Any category",
        to_field_name="slug",
    )
    locality = forms.ModelChoiceField(
        queryset=Locality.objects.none(), required=False, empty_label="Anywhere"
    )
    needs_review = forms.BooleanField(required=False, label="Only entries due a check")
    include_inactive = forms.BooleanField(required=False, label="Include entries no longer running")

    def __init__(self, *args: Any, partnership_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["locality"].queryset = Locality.objects.in_partnership(partnership_id)


class SolutionForm(PlainErrorsMixin, AccessibleErrorsMixin, forms.ModelForm):
    """A directory entry. Only what a person types; the services keep ids and dates."""

    required_words = {
        "name": "Enter the name of the solution",
        "organisation": "Enter who runs it",
        "category": "Choose a category",
    }

    localities = forms.ModelMultipleChoiceField(
        queryset=Locality.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Where it is available",
        help_text="Leave all unticked if it is open to people across the partnership.",
    )
    website = forms.URLField(required=False, max_length=200, assume_scheme="https")

    class Meta:
        model = CommunitySolution
        fields = [
            "name",
            "organisation",
            "category",
            "description",
            "localities",
            "schedule",
            "cost_to_person",
            "contact_name",
            "phone",
            "email",
            "website",
            "address",
            "town",
            "postcode",
            "last_verified",
            "is_active",
        ]
        labels = {
            "name": "Name",
            "organisation": "Run by",
            "description": "What it offers",
            "schedule": "When",
            "cost_to_person": "Cost to the person",
            "contact_name": "Contact name",
            "last_verified": "Last checked",
            "is_active": "Still running",
        }
        help_texts = {
            "last_verified": "When someone last checked these details were right.",
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "last_verified": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        }

    def __init__(self, *args: Any, partnership_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["localities"].queryset = Locality.objects.in_partnership(partnership_id)
        self.fields["category"].queryset = SolutionCategory.objects.order_by("name")
        self.fields["category"].empty_label = "Choose a category"
        if not self.instance.pk:
            self.fields["last_verified"].initial = timezone.localdate()

    def clean_last_verified(self) -> datetime.date | None:
        value = self.cleaned_data.get("last_verified")
        if value and value > timezone.localdate():
            raise forms.ValidationError("The date last checked cannot be in the future.")
        return value

    def _post_clean(self) -> None:
        # The services run the model's own checks when saving; the form only validates input.
        pass


class DirectoryImportForm(PlainErrorsMixin, AccessibleErrorsMixin, forms.Form):
    required_words = {
        "file": "Choose an HSDS 3.0 file (JSON) to import",
    }
    MAX_BYTES = 10 * 1024 * 1024

    file = forms.FileField(
        label="HSDS 3.0 file (JSON)",
        help_text="A file exported from this portal or another Open Referral directory.",
        widget=forms.ClearableFileInput(attrs={"accept": "application/json,.json"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError("The file is larger than 10 MB. Split it and try again.")
        return upload


class LocalityForm(PlainErrorsMixin, AccessibleErrorsMixin, forms.Form):
    required_words = {"name": "Enter the locality's name"}
    name = forms.CharField(max_length=120, help_text="e.g. North, or Riverside and Glenbank.")


class LocalityEditForm(LocalityForm):
    is_active = forms.BooleanField(
        required=False,
        label="In use",
        help_text="Untick to stop offering it for new people, hubs, forums and staff. "
        "Records that have it keep it.",
    )


class PartnershipSettingsForm(PlainErrorsMixin, AccessibleErrorsMixin, forms.ModelForm):
    """What a partnership's administrator may change about it."""

    retention_years = forms.IntegerField(
        label="Keep records for this many years after a person's last episode closes",
        required=False,
        min_value=1,
        max_value=100,
        help_text="Leave blank for the installation's default.",
        error_messages={
            "min_value": "Enter a number of years from 1 to 100.",
            "max_value": "Enter a number of years from 1 to 100.",
        },
    )

    class Meta:
        model = Partnership
        fields = ["retention_years", "swemwbs_licensed", "report_schedule"]
        widgets = {"report_schedule": forms.RadioSelect}

    def _post_clean(self) -> None:
        pass  # the service checks and saves


# ---------------------------------------------------------------- the calendar


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", **kwargs)


def _tomorrow() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=1)


class HubScheduleForm(PlainErrorsMixin, AccessibleErrorsMixin, forms.Form):
    required_words = {
        "weekday": "Choose the day of the week",
        "starts_at": "Enter the start time",
        "ends_at": "Enter the end time",
        "mode": "Choose what kind of session it is",
        "valid_from": "Enter the first day",
    }
    weekday = forms.TypedChoiceField(label="Every", choices=HubSchedule.Weekday.choices, coerce=int)
    starts_at = forms.TimeField(label="From", widget=TimeInput())
    ends_at = forms.TimeField(label="To", widget=TimeInput())
    mode = forms.ChoiceField(
        choices=HubSession.Mode.choices,
        initial=HubSession.Mode.DROP_IN,
        widget=forms.RadioSelect,
        label="What kind of session",
    )
    valid_from = forms.DateField(label="Starting", initial=_tomorrow, widget=DateInput())
    valid_until = forms.DateField(
        label="Last day", required=False, widget=DateInput(), help_text="Leave empty: ongoing."
    )


class HubScheduleEndForm(PlainErrorsMixin, AccessibleErrorsMixin, forms.Form):
    required_words = {"last_day": "Enter the last day it runs"}
    last_day = forms.DateField(
        label="Last day it runs",
        initial=timezone.localdate,
        widget=DateInput(),
        help_text="Planned sessions after this day come off the calendar, unless someone is "
        "booked into one.",
    )


class HubSessionPlanForm(PlainErrorsMixin, AccessibleErrorsMixin, forms.Form):
    required_words = {
        "date": "Enter the day",
        "starts_at": "Enter the start time",
        "mode": "Choose what kind of session it is",
    }
    date = forms.DateField(label="Day", initial=_tomorrow, widget=DateInput())
    starts_at = forms.TimeField(label="From", widget=TimeInput())
    ends_at = forms.TimeField(label="To", required=False, widget=TimeInput())
    mode = forms.ChoiceField(
        choices=HubSession.Mode.choices,
        initial=HubSession.Mode.APPOINTMENT,
        widget=forms.RadioSelect,
        label="What kind of session",
    )


class HubSessionOpenPlannedForm(HubSessionOpenForm):
    """Opening a planned session: its kind was planned, so only who is there is asked."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["mode"]
