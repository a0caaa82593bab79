"""The quick select widgets write exactly the HTML Django's own templates would."""

from __future__ import annotations

import pytest
from django import forms

from cls_portal.widgets import QuickSelect, QuickSelectMultiple

CHOICES = [
    ("Befriending <and> more", [(1, "Walk & talk"), (2, 'Tea "and" a blether')]),
    ("", [(3, "Lunch club")]),
    (4, "Men's shed"),
]


@pytest.mark.parametrize(
    ("quick", "django_widget", "value"),
    [
        (QuickSelectMultiple, forms.SelectMultiple, [2]),
        (QuickSelectMultiple, forms.SelectMultiple, [1, 4]),
        (QuickSelectMultiple, forms.SelectMultiple, None),
        (QuickSelect, forms.Select, "3"),
        (QuickSelect, forms.Select, None),
    ],
)
def test_a_quick_select_renders_as_djangos_own(quick, django_widget, value):
    attrs = {"size": 8, "aria-describedby": "hint", "disabled": True, "required": False}
    ours, theirs = quick(attrs=attrs), django_widget(attrs=attrs)
    ours.choices = theirs.choices = CHOICES
    rendered = ours.render("solutions", value, {"id": "id_solutions"})
    assert rendered == theirs.render("solutions", value, {"id": "id_solutions"})
    assert "&lt;and&gt;" in rendered and "Walk &amp; talk" in rendered  # escaped
