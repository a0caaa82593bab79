"""CHI (Scotland) and NHS (England and Wales) numbers: ten digits, the last a modulus-11 check."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

_SPACES = re.compile(r"[\s-]+")


def normalise_health_number(value: str) -> str:
    return _SPACES.sub("", value or "")


def mod11_check_digit(first_nine: str) -> int | None:
    """The check digit for nine digits, or None when no valid number can end them (remainder 10)."""
    total = sum(
        int(digit) * weight for digit, weight in zip(first_nine, range(10, 1, -1), strict=True)
    )
    check = 11 - (total % 11)
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def is_valid_health_number(value: str) -> bool:
    number = normalise_health_number(value)
    if len(number) != 10 or not number.isdigit():
        return False
    return mod11_check_digit(number[:9]) == int(number[9])


def _validate(value: str, label: str) -> None:
    number = normalise_health_number(value)
    if len(number) != 10 or not number.isdigit():
        raise ValidationError(
            f"A {label} number has exactly 10 digits (you entered {len(number)} characters).",
            code="health_number_length",
        )
    if not is_valid_health_number(number):
        raise ValidationError(
            f"This is not a valid {label} number: the last digit does not match. "
            "Please check it against a letter or card.",
            code="health_number_check_digit",
        )


def validate_chi_number(value: str) -> None:
    _validate(value, "CHI")


def validate_nhs_number(value: str) -> None:
    _validate(value, "NHS")
