"""Input validation for the board's pages: the fidelity self-assessment and targets."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms

from cls_portal.forms import PlainErrorsMixin
from outcomes.models import FIDELITY_ELEMENTS, FidelityRating
from outcomes.reference import TARGET_FIGURES
from outcomes.services.board import EVIDENCE_MAX


class FidelityForm(PlainErrorsMixin, forms.Form):
    """A rating and a short evidence note for each of the eight elements."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for element, label in FIDELITY_ELEMENTS:
            self.fields[f"{element}_rating"] = forms.TypedChoiceField(
                label="Rating",
                choices=[("", "Choose a rating"), *FidelityRating.Rating.choices],
                coerce=int,
                error_messages={"required": f"Rate “{label}” from 1 to 4."},
            )
            self.fields[f"{element}_evidence"] = forms.CharField(
                label="Evidence",
                required=False,
                max_length=EVIDENCE_MAX,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def ratings(self) -> dict[str, tuple[int, str]]:
        data = self.cleaned_data
        return {
            element: (data[f"{element}_rating"], data[f"{element}_evidence"])
            for element, _ in FIDELITY_ELEMENTS
        }

    def pairs(self) -> list[tuple[str, str, Any, Any]]:
        """(element, label, rating field, evidence field) for the template."""
        return [
            (element, label, self[f"{element}_rating"], self[f"{element}_evidence"])
            for element, label in FIDELITY_ELEMENTS
        ]


class TargetForm(PlainErrorsMixin, forms.Form):
    code = forms.ChoiceField(
        label="Figure", choices=[(code, label) for code, (label, _) in TARGET_FIGURES.items()]
    )
    value = forms.DecimalField(label="Target", max_digits=12, decimal_places=2)
    higher_is_better = forms.TypedChoiceField(
        label="Better when the figure is",
        choices=[("yes", "At or above the target"), ("no", "At or below the target")],
        coerce=lambda value: value == "yes",
    )
    amber_margin = forms.DecimalField(
        label="Amber when within (%)", max_digits=5, decimal_places=1, min_value=0, initial=10
    )


def quarter_from(value: str | None, *, default: datetime.date) -> datetime.date | None:
    """A day in the quarter from ``YYYY-MM-DD`` (``default`` when not given; None when not a
    date)."""
    try:
        return datetime.date.fromisoformat(value) if value else default
    except ValueError:
        return None
