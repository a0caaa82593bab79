"""Template helpers for the peer-forum pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

register = template.Library()


@register.filter
def money(value: Any) -> str:
    """£1,234.50, or −£10.00 for a negative saving; an em dash when there is no amount."""
    if value is None or value == "":
        return "—"
    amount = Decimal(value)
    text = f"£{abs(amount):,.2f}"
    return f"−{text}" if amount < 0 else text


@register.filter
def days(value: Any) -> str:
    if value is None:
        return "—"
    return f"{value} day" if value == 1 else f"{value} days"
