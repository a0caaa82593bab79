from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from conversations.validators import (
    is_valid_health_number,
    validate_chi_number,
    validate_nhs_number,
)


@pytest.mark.parametrize("number", ["9434765919", "943 476 5919", "4010232137", "1234560003"])
def test_valid_numbers_pass_the_mod_11_check(number):
    # 943 476 5919 is the NHS's own published example; the others are worked by hand:
    # 401023213: 4*10+0*9+1*8+0*7+2*6+3*5+2*4+1*3+3*2 = 92, 92 % 11 = 4, 11-4 = 7.
    # 123456000: 10+18+24+28+30+30 = 140, 140 % 11 = 8, 11-8 = 3.
    assert is_valid_health_number(number)


@pytest.mark.parametrize("number", ["9434765918", "4010232138", "123", "94347659ab", ""])
def test_invalid_numbers_fail(number):
    assert not is_valid_health_number(number)


def test_chi_with_the_wrong_check_digit_gets_a_clear_message():
    with pytest.raises(ValidationError) as caught:
        validate_chi_number("4010232138")
    assert "not a valid CHI number" in caught.value.messages[0]


def test_nhs_with_the_wrong_length_says_so():
    with pytest.raises(ValidationError) as caught:
        validate_nhs_number("12345")
    assert "exactly 10 digits" in caught.value.messages[0]
