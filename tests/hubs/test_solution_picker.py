"""The one control for choosing community solutions: grouped checkboxes with each one's place
and days, and a filter box that appears only with the page script (so without it the list is a
plain grouped checkbox list that still works)."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cls_portal.widgets import CheckboxPicker, PickerOption
from hubs.forms import SolutionChoiceField
from hubs.models import CommunitySolution
from tests.factories import CommunitySolutionFactory, PartnershipFactory, SolutionCategoryFactory


class _Form(forms.Form):
    solutions = SolutionChoiceField(label="Community solutions")


def test_the_widget_draws_labelled_checkboxes_grouped_with_a_hidden_filter():
    widget = CheckboxPicker()
    widget.choices = [
        ("Befriending", [(1, PickerOption("Lunch <Club>", "Dunoon · Tuesdays")), (2, "Chat")]),
        ("Walking", [(3, PickerOption("Walk", ""))]),
    ]
    html = widget.render("solutions", [2], attrs={"id": "id_solutions"})

    assert '<div class="picker-filter" data-picker-filter-row hidden>' in html
    assert '<label for="id_solutions_filter">Filter the solutions</label>' in html
    assert 'aria-live="polite"' in html
    assert re.findall(r"<legend>([^<]+)</legend>", html) == ["Befriending", "Walking"]
    assert re.findall(r'<input type="checkbox" name="solutions" value="(\d)" id="(\w+)"', html) == [
        ("1", "id_solutions_0"),
        ("2", "id_solutions_1"),
        ("3", "id_solutions_2"),
    ]
    assert '<label for="id_solutions_0"><span class="picker-name">Lunch &lt;Club&gt;</span>' in html
    assert '<span class="picker-detail">Dunoon · Tuesdays</span>' in html
    assert 'value="2" id="id_solutions_1" checked>' in html
    assert 'value="1" id="id_solutions_0">' in html  # not chosen


def test_an_empty_list_says_so():
    html = CheckboxPicker().render("solutions", None, attrs={"id": "id_solutions"})
    assert "There are no solutions to choose from." in html


@pytest.mark.django_db
def test_the_field_groups_by_category_with_place_and_days_from_plain_rows():
    partnership = PartnershipFactory()
    walking = SolutionCategoryFactory(slug="walking", name="Walking and exercise")
    befriending = SolutionCategoryFactory(slug="befriending", name="Befriending")
    walk = CommunitySolutionFactory(
        partnership=partnership, category=walking, name="Shore Walk", town="Rothesay", schedule=""
    )
    lunch = CommunitySolutionFactory(
        partnership=partnership,
        category=befriending,
        name="Lunch Club",
        town="Dunoon",
        schedule="Tuesdays 12–2",
    )
    form = _Form(data={"solutions": [str(walk.pk), str(lunch.pk)]})
    form.fields["solutions"].queryset = CommunitySolution.objects.order_by("name")
    assert form.is_valid()
    assert set(form.cleaned_data["solutions"]) == {walk, lunch}

    with CaptureQueriesContext(connection) as drawn:
        html = str(form["solutions"])
    assert len(drawn) == 1  # one query, plain rows, however many entries
    assert re.findall(r"<legend>([^<]+)</legend>", html) == ["Befriending", "Walking and exercise"]
    assert "Dunoon · Tuesdays 12–2" in html
    assert '<span class="picker-detail">Rothesay</span>' in html
    assert form["solutions"].widget_type == "checkboxpicker"
