"""Form widgets that draw themselves in Python.

Django draws a ``<select>`` with one template per option. For the community directory's few
hundred entries on the drop-in form that took longer than everything else on the page (about
40 ms of a hub worker's wait on the large demo data); these write the same HTML directly.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe


def _attrs(attrs: dict[str, Any]) -> str:
    """As ``django/forms/widgets/attrs.html``: ``name="value"``, a bare name for True, nothing
    for False."""
    return "".join(
        format_html(" {}", name) if value is True else format_html(' {}="{}"', name, str(value))
        for name, value in attrs.items()
        if value is not False
    )


class QuickSelectMixin:
    """The HTML of Django's ``select.html`` and ``select_option.html``, written in Python straight
    from the choices (Django's ``optgroups`` builds a dictionary per option first)."""

    def render(self, name: str, value: Any, attrs: dict | None = None, renderer=None) -> SafeString:
        select_attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            select_attrs["multiple"] = True
        chosen = set(self.format_value(value))
        parts = [format_html('<select name="{}"', name), _attrs(select_attrs), ">"]
        any_selected = False
        for group_value, group_label in self.choices:
            if isinstance(group_label, (list, tuple)):
                group_name, options = group_value, group_label
            else:
                group_name, options = None, [(group_value, group_label)]
            if group_name:
                parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            for option_value, label in options:
                text = "" if option_value is None else str(option_value)
                # As Django: a single select marks only the first match.
                selected = text in chosen and (self.allow_multiple_selected or not any_selected)
                any_selected |= selected
                mark = " selected" if selected else ""
                parts.append(
                    f'\n  <option value="{conditional_escape(text)}"{mark}>'
                    f"{conditional_escape(label)}</option>\n"
                )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        # Every value and label above was escaped; the rest is markup.
        return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703


class QuickSelect(QuickSelectMixin, forms.Select):
    pass


class QuickSelectMultiple(QuickSelectMixin, forms.SelectMultiple):
    pass
