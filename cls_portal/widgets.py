"""Form widgets that draw themselves in Python.

Django draws a ``<select>`` with one template per option. For the community directory's few
hundred entries on the drop-in form that took longer than everything else on the page (about
40 ms of a hub worker's wait on the large demo data); these write the same HTML directly, as
does ``CheckboxPicker``, the filterable grouped checkboxes wherever community solutions are
chosen. ``QuickSelect`` draws the outcomes pages' month and place pickers (three years of
months twice, and every locality and hub: half the dashboard's drawing time).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from django import forms
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe


def attrs_html(attrs: dict[str, Any]) -> str:
    """As ``django/forms/widgets/attrs.html``: ``name="value"``, a bare name for True, nothing
    for False."""
    return "".join(
        format_html(" {}", name) if value is True else format_html(' {}="{}"', name, str(value))
        for name, value in attrs.items()
        if value is not False
    )


def select_html(
    name: str, attrs: dict[str, Any], groups: Iterable[tuple[Any, Iterable]]
) -> SafeString:
    """As Django's ``select.html`` with ``select_option.html`` for each option. ``groups``:
    ``(group name or None, [(value, label, option attrs)])``; values and labels are escaped."""
    parts = [format_html('<select name="{}"', name), attrs_html(attrs), ">"]
    for group_name, options in groups:
        if group_name:
            parts.append(format_html('\n  <optgroup label="{}">', group_name))
        for value, label, option_attrs in options:  # f-strings: a few hundred options a page
            marks = attrs_html(option_attrs) if option_attrs else ""
            parts.append(
                f'\n  <option value="{conditional_escape(str(value))}"{marks}>'
                f"{conditional_escape(label)}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    # Every value and label above was escaped; the rest is markup.
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703


class QuickSelectMixin:
    """A select written straight from the choices (``select_html``): Django's ``optgroups``
    builds a dictionary per option first."""

    def render(self, name: str, value: Any, attrs: dict | None = None, renderer=None) -> SafeString:
        select_attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            select_attrs["multiple"] = True
        chosen = set(self.format_value(value))
        any_selected = False

        def options(choices: Iterable) -> list[tuple[str, Any, dict]]:
            nonlocal any_selected
            found = []
            for option_value, label in choices:
                text = "" if option_value is None else str(option_value)
                # As Django: a single select marks only the first match.
                selected = text in chosen and (self.allow_multiple_selected or not any_selected)
                any_selected |= selected
                found.append((text, label, {"selected": True} if selected else {}))
            return found

        groups = []
        for group_value, group_label in self.choices:
            if isinstance(group_label, (list, tuple)):
                groups.append((group_value, options(group_label)))
            else:
                groups.append((None, options([(group_value, group_label)])))
        return select_html(name, select_attrs, groups)


class QuickSelect(QuickSelectMixin, forms.Select):
    pass


class QuickSelectMultiple(QuickSelectMixin, forms.SelectMultiple):
    pass


class PickerOption(NamedTuple):
    """One choice in a ``CheckboxPicker``: its name and a line of detail (place and days)."""

    name: str
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.name} ({self.detail})" if self.detail else self.name


class CheckboxPicker(forms.CheckboxSelectMultiple):
    """A long list of choices as checkboxes grouped by category (a fieldset with a legend per
    group, a real ``<label>`` per box, each with its line of detail), and a box that filters them
    as you type (``static/js/picker.js``, which also says how many match, aloud). Without the
    script it is a plain grouped checkbox list: the filter box stays ``hidden``.

    Written straight into HTML from the choices, like ``QuickSelect`` (no template per option):
    a partnership's directory has hundreds of entries. Choices are ``(group, [(value, label)])``;
    a label may be a ``PickerOption`` for its detail line. ``partials/_field.html`` puts the whole
    control in a fieldset whose legend is the field's label."""

    noun = "solutions"

    def __init__(self, attrs: dict | None = None, *, noun: str = "solutions") -> None:
        super().__init__(attrs)
        self.noun = noun

    def render(self, name: str, value: Any, attrs: dict | None = None, renderer=None) -> SafeString:
        base = self.build_attrs(self.attrs, attrs)
        field_id = str(base.pop("id", "") or f"id_{name}")
        # The fieldset around the control carries the hint and error; a box says it is invalid.
        box_attrs = {k: v for k, v in base.items() if k == "aria-invalid"}
        chosen = set(self.format_value(value))
        esc = conditional_escape
        parts = [
            f'<div class="picker" data-picker data-noun="{esc(self.noun)}">'
            f'\n  <div class="picker-filter" data-picker-filter-row hidden>'
            f'\n    <label for="{esc(field_id)}_filter">Filter the {esc(self.noun)}</label>'
            f'\n    <p class="hint" id="{esc(field_id)}_filterhint">Type part of a name, place or'
            " day. Ticked ones stay in view.</p>"
            f'\n    <input type="search" id="{esc(field_id)}_filter" data-picker-filter'
            f' autocomplete="off" aria-describedby="{esc(field_id)}_filterhint'
            f' {esc(field_id)}_count" aria-controls="{esc(field_id)}_options">'
            f'\n    <p class="picker-count" id="{esc(field_id)}_count" data-picker-count'
            ' aria-live="polite" aria-atomic="true"></p>'
            "\n  </div>"
            f'\n  <div class="picker-options" id="{esc(field_id)}_options">'
        ]
        index = 0
        for group_value, group_label in self.choices:
            if isinstance(group_label, (list, tuple)) and not isinstance(group_label, PickerOption):
                group_name, options = group_value, group_label
            else:
                group_name, options = None, [(group_value, group_label)]
            if group_name:
                parts.append(
                    f'\n  <fieldset class="picker-group" data-picker-group>'
                    f"<legend>{esc(group_name)}</legend>"
                )
            parts.append('\n  <ul class="choices">')
            for option_value, label in options:
                text = "" if option_value is None else str(option_value)
                box_id = f"{field_id}_{index}"
                index += 1
                mark = " checked" if text in chosen else ""
                if isinstance(label, PickerOption):
                    name_html, detail = esc(label.name), label.detail
                else:
                    name_html, detail = esc(label), ""
                detail_html = f' <span class="picker-detail">{esc(detail)}</span>' if detail else ""
                parts.append(
                    f'\n    <li data-picker-option><input type="checkbox" name="{esc(name)}"'
                    f' value="{esc(text)}" id="{esc(box_id)}"{attrs_html(box_attrs)}{mark}>'
                    f' <label for="{esc(box_id)}"><span class="picker-name">{name_html}</span>'
                    f"{detail_html}</label></li>"
                )
            parts.append("\n  </ul>")
            if group_name:
                parts.append("</fieldset>")
        if not index:
            parts.append(f'\n  <p class="muted">There are no {esc(self.noun)} to choose from.</p>')
        parts.append(
            f'\n  <p class="picker-none" data-picker-none hidden>No {esc(self.noun)} match.'
            " Clear the filter to see them all.</p>\n  </div>\n</div>"
        )
        # Every value and label above was escaped; the rest is markup.
        return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703
