"""Two filters for the rows of long tables, where Django's own cost most of a page's drawing.

``{% url 'conversations:person_detail' row.person_id %}`` and ``{{ day|date:"j M Y" }}`` each
take about 75 µs: on the crisis board (fifty rows, two links and two or three dates each) that
was a third of the page. These give the same text in a few µs; tests/core/test_row_filters.py
holds them to Django's output.

- ``{{ row.pk|route:"peer_forum:request_detail" }}``: the URL of a route whose one argument is an
  integer id (the route is reversed once per process, then only the id changes).
- ``fixed_url(name)`` (Python): the URL of a route with no arguments, the same way.
- ``{{ day|day }}``: "7 Dec 2026", as ``|date:"j M Y"`` (British English only, as the site is);
  a date and time shows the day it is in the site's time zone.
"""

from __future__ import annotations

import datetime
import functools

from django import template
from django.template.defaultfilters import date as date_filter
from django.urls import get_script_prefix, reverse
from django.utils.timezone import template_localtime

register = template.Library()

_MARKER = 2_147_483_647  # an id no route is reversed with


@functools.lru_cache(maxsize=512)
def _pattern(prefix: str, name: str, rest: tuple) -> tuple[str, str]:
    # ``prefix`` is part of the key: a deployment under a path (SCRIPT_NAME) reverses with it.
    before, _, after = reverse(name, args=[_MARKER, *rest]).partition(str(_MARKER))
    return before, after


def route(pk: int, name: str, *rest: str | int) -> str:
    """``reverse(name, args=[pk, *rest])`` for a route whose first argument is an integer id
    (``rest``, fixed arguments after it, e.g. a conversation's kind: from Python only)."""
    before, after = _pattern(get_script_prefix(), name, rest)
    return f"{before}{int(pk)}{after}"


@functools.lru_cache(maxsize=256)
def _fixed(prefix: str, name: str) -> str:
    return reverse(name)


def fixed_url(name: str) -> str:
    """``reverse(name)`` for a route with no arguments, reversed once per process (a page's
    navigation, quick links and section links were a dozen reversals each time)."""
    return _fixed(get_script_prefix(), name)


def day(value: datetime.date | None) -> str:
    """ "7 Dec 2026" (``|date:"j M Y"``); empty for no date."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime):  # a moment: the day it is here
        return date_filter(template_localtime(value), "j M Y")
    return f"{value.day} {value:%b} {value.year}"


register.filter("route", route)
register.filter("day", day)
