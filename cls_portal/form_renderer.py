"""Django's form renderer, with the widget templates every form uses written in Python.

Django draws a text box with three templates (``text.html`` includes ``input.html``, which
includes ``attrs.html``), a radio button with four, and a select with one more per option. The
intake and drop-in forms have sixteen fields: a hundred template renders, most of the pages'
drawing time. ``QuickRenderer`` writes the same HTML as Django's own templates straight from the
widget's context (``tests/core/test_form_renderer.py`` renders every widget of the project's
forms both ways and compares). A widget template overridden in the project's or an app's
templates is drawn by that template, as before.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import django.forms
from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape, format_html

from cls_portal.widgets import attrs_html, select_html

DJANGO_WIDGETS = Path(django.forms.__file__).parent / "templates" / "django" / "forms" / "widgets"


def _input(widget: dict[str, Any]) -> str:
    """``input.html``."""
    html = format_html('<input type="{}" name="{}"', widget["type"], widget["name"])
    if widget["value"] is not None:
        html += format_html(' value="{}"', str(widget["value"]))
    return html + attrs_html(widget["attrs"]) + ">"


def _input_option(widget: dict[str, Any]) -> str:
    """``input_option.html``: a radio button or checkbox, in its label when it wraps it."""
    if not widget.get("wrap_label"):
        return _input(widget)
    label_id = widget["attrs"].get("id")
    opening = format_html('<label for="{}">', label_id) if label_id else "<label>"
    return f"{opening}{_input(widget)}\n {conditional_escape(widget['label'])}</label>"


def _textarea(widget: dict[str, Any]) -> str:
    """``textarea.html``."""
    value = conditional_escape(widget["value"]) if widget["value"] else ""
    name = format_html('<textarea name="{}"', widget["name"])
    return f"{name}{attrs_html(widget['attrs'])}>\n{value}</textarea>"


def _select(widget: dict[str, Any]) -> str | None:
    """``select.html`` with ``select_option.html`` per option (None: an option drawn by
    another template, left to the templates)."""
    groups = []
    for group_name, options, _index in widget["optgroups"]:
        if any(o["template_name"] != "django/forms/widgets/select_option.html" for o in options):
            return None
        groups.append((group_name, [(o["value"], o["label"], o["attrs"]) for o in options]))
    return select_html(widget["name"], widget["attrs"], groups)


# The widget templates that are only ``{% include "django/forms/widgets/input.html" %}``.
_INPUTS = "checkbox color date datetime email hidden number password search tel text time url"
QUICK: dict[str, Callable[[dict[str, Any]], str | None]] = {
    **{f"django/forms/widgets/{name}.html": _input for name in _INPUTS.split()},
    "django/forms/widgets/radio_option.html": _input_option,
    "django/forms/widgets/checkbox_option.html": _input_option,
    "django/forms/widgets/textarea.html": _textarea,
    "django/forms/widgets/select.html": _select,
}


class QuickRenderer(DjangoTemplates):
    """``DjangoTemplates`` (Django's default), with ``QUICK``'s widgets written in Python
    when the template found for them is Django's own."""

    def __init__(self) -> None:
        super().__init__()
        self._django_own: dict[str, bool] = {}

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        quick = QUICK.get(template_name)
        if quick is not None and self._is_djangos_own(template_name):
            html = quick(context["widget"])
            if html is not None:
                return html
        return super().render(template_name, context, request)

    def _is_djangos_own(self, template_name: str) -> bool:
        if template_name not in self._django_own:
            origin = Path(self.get_template(template_name).template.origin.name)
            self._django_own[template_name] = origin.parent == DJANGO_WIDGETS
        return self._django_own[template_name]
