from __future__ import annotations

import re

import pytest
from django.core import mail

from tests.factories import UserFactory

LINK = re.compile(r"https?://[^/\s]+(/accounts/set-password/[^/\s]+/)")


def link_in(message) -> str:
    """The path of the set-password link in an e-mail."""
    found = LINK.search(message.body)
    assert found, message.body
    return found.group(1)


def last_link() -> str:
    return link_in(mail.outbox[-1])


@pytest.fixture
def operator(db):
    """The installation's operator: a superuser of no partnership."""
    return UserFactory(
        username="operator", is_superuser=True, is_staff=True, partnership=None, first_name="Op"
    )
