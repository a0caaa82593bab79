"""The demo leaves due work of every kind on the practitioner's, hub worker's and forum
manager's home pages."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from cls_portal.accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("seed_demo", stdout=io.StringIO())


def home_counts(username: str) -> dict[str, int]:
    client = Client()
    client.force_login(User.objects.get(username=username))
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return {section.key: section.count for section in response.context["sections"]}


def test_the_demo_gives_every_role_due_work_on_its_home_page(demo):
    practitioner = home_counts("practitioner")
    assert all(practitioner.values()), practitioner  # some of every kind, none empty
    assert set(practitioner) >= {"crisis-referrals", "crises-too-long", "package-reviews"}

    hub_worker = home_counts("hubworker")
    assert hub_worker["sessions-today"] and hub_worker["sessions-next"] and hub_worker["follow-ups"]

    manager = home_counts("manager")
    assert manager["awaiting-decision"] and manager["next-meeting"] and manager["package-reviews"]
