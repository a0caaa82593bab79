from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse

from cls_portal.accounts.models import User
from cls_portal.permissions import Role
from conversations.models import Conversation, Episode, Person
from hubs.models import CommunitySolution, Hub, HubSession

TODAY = "2026-11-01"


def fingerprint() -> dict:
    """Everything the seed makes, without primary keys or password hashes."""
    return {
        "hubs": list(
            Hub.objects.order_by("name").values_list("name", "postcode", "locality__name")
        ),
        "people": list(
            Person.objects.order_by("pk").values_list(
                "first_name", "last_name", "date_of_birth", "postcode", "locality__name"
            )
        ),
        "episodes": list(
            Episode.objects.order_by("pk").values_list(
                "state", "first_contact_on", "closed_on", "close_reason"
            )
        ),
        "conversations": list(
            Conversation.objects.order_by("pk").values_list(
                "held_on", "what_matters", "what_happened"
            )
        ),
        "sessions": HubSession.objects.count(),
        "solutions": list(
            CommunitySolution.objects.order_by("name", "pk").values_list("name", "last_verified")
        ),
        "users": list(User.objects.order_by("username").values_list("username", "role")),
    }


def reseed(seed: int) -> dict:
    """Seed inside a savepoint, take the fingerprint, and roll the seed back."""
    with transaction.atomic():
        call_command(
            "seed_demo",
            seed=seed,
            today=datetime.date.fromisoformat(TODAY),
            stdout=io.StringIO(),
        )
        found = fingerprint()
        transaction.set_rollback(True)
    return found


@pytest.mark.django_db
def test_seed_demo_is_deterministic_for_a_given_seed():
    first = reseed(7)
    second = reseed(7)
    assert first == second
    assert len(first["people"]) > 100
    assert reseed(8)["people"] != first["people"]


@pytest.mark.django_db
def test_seed_demo_makes_one_user_per_role_who_can_sign_in(client):
    call_command("seed_demo", stdout=io.StringIO())
    roles = set(User.objects.values_list("role", flat=True))
    assert roles == {r.value for r in Role}
    from demo.context import DEMO_PASSWORD

    for username in ("hubworker", "practitioner", "manager", "lead", "admin"):
        response = client.post(reverse("login"), {"username": username, "password": DEMO_PASSWORD})
        assert response.status_code == 302, username
        assert client.get(reverse("home")).status_code == 200
        client.post(reverse("logout"))


@pytest.mark.django_db
def test_seed_demo_refuses_to_run_twice_unless_asked_to_skip():
    call_command("seed_demo", stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("seed_demo", stdout=io.StringIO())
    out = io.StringIO()
    call_command("seed_demo", if_empty=True, stdout=out)
    assert "already there" in out.getvalue()


@pytest.mark.postgres
@pytest.mark.django_db
def test_seed_checks_every_foreign_key_at_the_end_on_postgres():
    """The seed skips PostgreSQL's row-by-row key checks; the check at the end still refuses a
    row whose parent is missing."""
    from django.db import connection

    from demo.foreign_keys import BrokenForeignKey, checked_at_the_end
    from hubs.models import Locality

    with (
        pytest.raises(BrokenForeignKey, match=r"hubs_locality\.partnership_id"),
        transaction.atomic(),
        checked_at_the_end() as checking,
        connection.cursor() as cursor,
    ):
        assert checking
        cursor.execute(
            "INSERT INTO hubs_locality (partnership_id, name, slug, is_active) "
            "VALUES (-1, 'x', 'x', true)"
        )
    assert not Locality.objects.filter(slug="x").exists()
