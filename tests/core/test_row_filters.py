"""The long tables' own filters give exactly what Django's ``{% url %}`` and ``|date:"j M Y"``
give (cls_portal/templatetags/rows.py): only faster, never different."""

from __future__ import annotations

import datetime

import pytest
from django.template import engines
from django.template.defaultfilters import date as date_filter
from django.urls import reverse, set_script_prefix

from cls_portal.templatetags.rows import day, fixed_url, route

ROUTES = [
    "conversations:person_detail",
    "conversations:crisis_plan_update",
    "peer_forum:request_detail",
    "peer_forum:request_decide",
    "peer_forum:meeting_detail",
    "hubs:session_detail",
]


@pytest.mark.parametrize("name", ROUTES)
@pytest.mark.parametrize("pk", [1, 7, 42, 2_147_483_646, "315"])
def test_route_is_reverse(name, pk):
    assert route(pk, name) == reverse(name, args=[pk])


def test_route_follows_the_script_prefix_of_a_deployment_under_a_path():
    try:
        set_script_prefix("/cls/")
        assert route(5, "conversations:person_detail") == "/cls/people/5/"
        assert route(5, "conversations:person_detail") == reverse(
            "conversations:person_detail", args=[5]
        )
    finally:
        set_script_prefix("/")
    assert route(5, "conversations:person_detail") == "/people/5/"


@pytest.mark.parametrize("kind", [1, 2, 3])
@pytest.mark.parametrize("pk", [1, 42])
def test_route_with_fixed_arguments_after_the_id_is_reverse(pk, kind):
    name = "conversations:conversation_create"
    assert route(pk, name, kind) == reverse(name, args=[pk, kind])


@pytest.mark.parametrize(
    "name", ["home", "conversations:crisis_board", "peer_forum:reviews_due", "hubs:hub_list"]
)
def test_fixed_url_is_reverse_and_follows_the_script_prefix(name):
    assert fixed_url(name) == reverse(name)
    try:
        set_script_prefix("/cls/")
        assert fixed_url(name) == reverse(name)
        assert fixed_url(name).startswith("/cls/")
    finally:
        set_script_prefix("/")
    assert fixed_url(name) == reverse(name)


def test_route_refuses_what_is_not_an_id():
    with pytest.raises(ValueError):
        route("5/../admin", "conversations:person_detail")


def test_day_is_the_date_filter_on_every_day_of_a_year():
    first = datetime.date(2024, 1, 1)  # a leap year
    for offset in range(366):
        value = first + datetime.timedelta(days=offset)
        assert day(value) == date_filter(value, "j M Y")


def test_day_of_a_moment_is_its_local_day():
    # 23:30 UTC on 30 June is already 1 July in London (British Summer Time).
    moment = datetime.datetime(2026, 6, 30, 23, 30, tzinfo=datetime.UTC)
    assert day(moment) == "1 Jul 2026"
    template = engines["django"].from_string('{{ value|date:"j M Y" }}')
    assert template.render({"value": moment}) == "1 Jul 2026"


def test_day_of_no_date_is_empty_and_a_template_can_default_it():
    assert day(None) == ""
    template = engines["django"].from_string('{{ value|day|default:"—" }}')
    assert template.render({"value": None}) == "—"
    assert template.render({"value": datetime.date(2026, 12, 7)}) == "7 Dec 2026"


def test_the_filters_need_no_load_in_a_template():
    template = engines["django"].from_string("{{ pk|route:'conversations:person_detail' }}")
    assert template.render({"pk": 3}) == "/people/3/"
