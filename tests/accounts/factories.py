"""Factories for accounts models beyond the shared ones (tests/factories.py)."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from cls_portal.accounts.invitations import token_digest
from cls_portal.accounts.models import Invitation
from tests.factories import UserFactory


class InvitationFactory(factory.django.DjangoModelFactory):
    """An invitation whose link's token is ``token`` (kept on the object for tests only)."""

    class Meta:
        model = Invitation
        exclude = ["token"]

    user = factory.SubFactory(UserFactory)
    token = factory.Sequence(lambda n: f"test-token-{n:04d}-abcdefghijklmnop")
    token_hash = factory.LazyAttribute(lambda o: token_digest(o.token))
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
