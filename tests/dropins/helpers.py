"""Helpers for the drop-in tests."""

from __future__ import annotations

from conversations.validators import mod11_check_digit


def valid_health_number(first_nine: str) -> str:
    """Complete nine digits with their mod-11 check digit (the nine must allow one)."""
    check = mod11_check_digit(first_nine)
    assert check is not None, "these nine digits have no valid check digit"
    return f"{first_nine}{check}"
