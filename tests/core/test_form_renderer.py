"""``QuickRenderer`` writes the widgets' HTML in Python: it must be exactly what Django's own
templates write, widget by widget (values and labels that need escaping, attributes on and
off, groups, several chosen) and on the project's form pages."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from cls_portal.form_renderer import QUICK, QuickRenderer
from cls_portal.permissions import Role
from hubs.services.sessions import hub_session_open
from tests.factories import CommunitySolutionFactory, HubFactory

TRICKY = 'Tom & "Jerry" <b>O\'Neil</b>'
ATTRS = {"id": "id_x", "class": "wide", "required": True, "disabled": False, "data-x": TRICKY}
CHOICES = [("", "Choose one"), ("a", "Apple & pear"), ("b", TRICKY), (3, "Three")]
GROUPED = [("", "---"), ("Fruit", [("a", "Apple"), ("b", "Banana")]), ("c", "Carrot")]

WIDGETS = [
    (forms.TextInput(), "Morag"),
    (forms.TextInput(attrs=ATTRS), TRICKY),
    (forms.TextInput(), None),
    (forms.TextInput(), ""),
    (forms.TextInput(), mark_safe("<i>kept</i>")),  # a safe value is not escaped again
    (forms.EmailInput(attrs={"autocomplete": "email"}), "a@b.example"),
    (forms.DateInput(attrs={"type": "date"}), "2026-12-07"),
    (forms.NumberInput(attrs={"min": 0, "step": 1}), 12),
    (forms.PasswordInput(render_value=False), "secret"),
    (forms.HiddenInput(), 42),
    (forms.URLInput(), "https://example.org/?a=1&b=2"),
    (forms.TelInput(), "0131 496 0000"),
    (forms.SearchInput(), "Smith"),
    (forms.TimeInput(attrs={"type": "time"}), "09:30"),
    (forms.CheckboxInput(), True),
    (forms.CheckboxInput(attrs=ATTRS), False),
    (forms.Textarea(), "Line one\nLine two & <three>"),
    (forms.Textarea(attrs={"rows": 3}), ""),
    (forms.Textarea(), None),
    (forms.Select(choices=CHOICES), "b"),
    (forms.Select(choices=CHOICES, attrs=ATTRS), None),
    (forms.Select(choices=CHOICES), 3),
    (forms.Select(choices=GROUPED), "b"),
    (forms.Select(choices=[("x", gettext_lazy("Yes"))]), "x"),
    (forms.SelectMultiple(choices=CHOICES), ["a", 3]),
    (forms.SelectMultiple(choices=GROUPED), []),
    (forms.NullBooleanSelect(), None),
]


@pytest.mark.parametrize(("widget", "value"), WIDGETS, ids=lambda x: type(x).__name__)
def test_each_widget_draws_as_djangos_templates_do(widget, value):
    quick, templates = QuickRenderer(), DjangoTemplates()
    assert widget.template_name in QUICK
    assert widget.render("field", value, {"aria-describedby": "h"}, quick) == widget.render(
        "field", value, {"aria-describedby": "h"}, templates
    )


@pytest.mark.parametrize("multiple", [False, True])
@pytest.mark.parametrize("wrap_label", [False, True])
def test_radio_buttons_and_checkboxes_draw_as_djangos_templates_do(multiple, wrap_label):
    """The pages draw each choice with ``choice.tag`` (``radio_option.html`` and
    ``checkbox_option.html``), a label beside it or around it."""
    field = forms.MultipleChoiceField if multiple else forms.ChoiceField
    widget = forms.CheckboxSelectMultiple if multiple else forms.RadioSelect

    def drawn(renderer) -> list[str]:
        class Form(forms.Form):
            choice = field(choices=CHOICES[1:], widget=widget)

        form = Form(data={"choice": ["b"] if multiple else "b"}, renderer=renderer)
        return [str(choice.tag(wrap_label=wrap_label)) for choice in form["choice"]]

    assert drawn(QuickRenderer()) == drawn(DjangoTemplates())


def test_an_option_drawn_by_another_template_is_left_to_the_templates():
    class Custom(forms.Select):
        option_template_name = "django/forms/widgets/select_option.html"

    widget = Custom(choices=CHOICES)
    widget.option_template_name = "django/forms/widgets/input_option.html"  # drawn by templates
    assert widget.render("f", "a", renderer=QuickRenderer()) == widget.render(
        "f", "a", renderer=DjangoTemplates()
    )


def _page(client, url: str) -> str:
    """The page without what changes on every request (the CSRF token, the CSP nonce, a form's
    one-time submission key)."""
    response = client.get(url)
    assert response.status_code == 200, url
    page = response.content.decode()
    page = re.sub(r'(name="csrfmiddlewaretoken" value=")[^"]+', r"\1", page)
    page = re.sub(r"(X-CSRFToken&quot;: &quot;|X-CSRFToken\": \")[^&\"]+", r"\1", page)
    page = re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "(key)", page)
    return re.sub(r'nonce="[^"]+"', 'nonce=""', page)


def test_the_form_pages_are_the_same_drawn_either_way(settings, world, make_user, login, users):
    worker = make_user(Role.HUB_WORKER)
    hub = HubFactory(locality=world.locality, name="North Library")
    CommunitySolutionFactory(partnership=world.partnership, name="Tuesday Lunch Club")
    session, _ = hub_session_open(actor=worker, hub=hub)
    pages = [
        (worker, reverse("conversations:dropin", args=[session.pk])),
        (users[Role.PRACTITIONER], reverse("conversations:person_intake")),
        (worker, reverse("hubs:session_open", args=[hub.pk])),
        (users[Role.PRACTITIONER], reverse("conversations:referral_intake")),
        (users[Role.PRACTITIONER], reverse("today:settings")),
        (users[Role.ADMIN], reverse("accounts:user_create")),
        (users[Role.ADMIN], reverse("hubs:solution_create")),
        (users[Role.ADMIN], reverse("hubs:hub_create")),
    ]
    clients = {user: login(user) for user, _url in pages}
    quick = [_page(clients[user], url) for user, url in pages]
    settings.FORM_RENDERER = "django.forms.renderers.DjangoTemplates"
    drawn_by_templates = [_page(clients[user], url) for user, url in pages]
    for url_quick, url_templates, (_user, url) in zip(
        quick, drawn_by_templates, pages, strict=True
    ):
        assert url_quick == url_templates, url
