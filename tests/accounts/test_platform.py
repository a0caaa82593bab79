"""The installation's operator: setting up partnerships in the browser and by command."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from cls_portal.accounts.models import Invitation, User
from cls_portal.audit.models import AuditEntry
from cls_portal.permissions import Role
from hubs.models import Partnership
from tests.accounts.conftest import LINK, last_link
from tests.factories import PartnershipFactory, UserFactory

FORM = {
    "name": "Glen Valley HSCP",
    "slug": "glen",
    "nation": Partnership.Nation.ENGLAND,
    "retention_years": "",
    "admin_first_name": "Ada",
    "admin_last_name": "Lovelace",
    "admin_email": "ada@example.org",
}


def test_the_operator_sees_the_partnerships_and_sets_one_up(operator, login, world):
    client = login(operator)
    page = client.get(reverse("platform:partnership_list")).content.decode()
    assert "Riverside HSCP" in page and "Hillside HSCP" in page
    answer = client.post(reverse("platform:partnership_create"), FORM)
    assert answer.status_code == 302
    partnership = Partnership.objects.get(slug="glen")
    assert partnership.nation == Partnership.Nation.ENGLAND
    assert partnership.retention_years is None and not partnership.swemwbs_licensed
    admin = User.objects.get(partnership=partnership)
    assert admin.role == Role.ADMIN and admin.email == "ada@example.org"
    assert not admin.has_usable_password()
    assert mail.outbox[-1].to == ["ada@example.org"]
    entry = AuditEntry.objects.get(model="hubs.partnership", object_id=str(partnership.pk))
    assert entry.actor == operator and entry.action == "create"


def test_the_operator_page_lists_partnerships_in_bounded_queries(
    operator, login, django_assert_max_num_queries
):
    for n in range(12):
        partnership = PartnershipFactory()
        UserFactory(partnership=partnership, role=Role.ADMIN, email=f"a{n}@example.org")
    client = login(operator)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("platform:partnership_list")).status_code == 200


def test_a_duplicate_partnership_is_refused_and_nothing_is_made(operator, login, world):
    answer = login(operator).post(
        reverse("platform:partnership_create"),
        FORM | {"name": "riverside hscp", "slug": "riverside-test"},
    )
    assert answer.status_code == 200
    page = answer.content.decode()
    assert "There is already a partnership with this name." in page
    assert not User.objects.filter(email="ada@example.org").exists()
    assert not mail.outbox


def test_an_administrator_email_already_in_use_is_refused_and_nothing_is_made(
    operator, login, world
):
    UserFactory(username="ada@example.org", partnership=world.partnership)
    answer = login(operator).post(reverse("platform:partnership_create"), FORM)
    assert answer.status_code == 200
    assert "That username is already taken." in answer.content.decode()
    assert not Partnership.objects.filter(slug="glen").exists()


def test_bad_input_says_what_to_do(operator, login):
    answer = login(operator).post(reverse("platform:partnership_create"), {"nation": "mars"})
    page = answer.content.decode()
    assert "Enter the partnership&#x27;s name" in page or "Enter the partnership's name" in page
    assert "Enter the administrator" in page
    assert not Partnership.objects.exists()


def test_the_operator_sends_an_administrator_a_new_link(operator, login):
    call_command("create_partnership", "--name", "Glen", "--admin-email", "ada@example.org",
                 "--admin-first-name", "Ada", "--admin-last-name", "L", stdout=io.StringIO())  # fmt: skip
    first = last_link()
    admin = User.objects.get(username="ada@example.org")
    answer = login(operator).post(reverse("platform:admin_send_link", args=[admin.pk]))
    assert answer.status_code == 302
    assert last_link() != first
    assert Client().get(first).status_code == 410


@pytest.mark.parametrize("role", list(Role))
def test_no_role_of_a_partnership_may_use_the_platform_pages(role, users, login):
    client = login(users[role])
    assert client.get(reverse("platform:partnership_list")).status_code == 403
    assert client.post(reverse("platform:partnership_create"), FORM).status_code == 403
    assert not Partnership.objects.filter(slug="glen").exists()


def test_an_admin_asking_the_platform_for_another_partnerships_user_gets_404(users, login):
    other_admin = users[f"outsider_{Role.ADMIN.value}"]
    client = login(users[Role.ADMIN])
    answer = client.post(reverse("platform:admin_send_link", args=[other_admin.pk]))
    assert answer.status_code == 404
    own = client.post(reverse("platform:admin_send_link", args=[users[Role.ADMIN].pk]))
    assert own.status_code == 403


def test_a_superuser_without_a_partnership_has_a_working_home_page(operator, login):
    page = login(operator).get(reverse("home")).content.decode()
    assert "Operator of this installation" in page
    assert reverse("platform:partnership_list") in page


def test_the_operator_sees_no_case_records(operator, login):
    client = login(operator)
    assert client.get(reverse("conversations:person_list")).status_code == 403


def test_create_partnership_command_sets_up_and_prints_the_link(db, settings):
    settings.SITE_URL = "https://cls.example.org"
    out = io.StringIO()
    call_command(
        "create_partnership", "--name", "Glen Valley HSCP", "--nation", "wales",
        "--retention-years", "12", "--swemwbs", "--admin-email", "ada@example.org",
        "--admin-first-name", "Ada", "--admin-last-name", "Lovelace", stdout=out,
    )  # fmt: skip
    printed = out.getvalue()
    partnership = Partnership.objects.get(slug="glen-valley-hscp")
    assert partnership.nation == "wales" and partnership.retention_years == 12
    assert partnership.swemwbs_licensed
    found = LINK.search(printed)
    assert found and printed.count("https://cls.example.org/accounts/set-password/") == 1
    assert found.group(1) in mail.outbox[-1].body
    assert Invitation.objects.get().user.role == Role.ADMIN
    entry = AuditEntry.objects.get(model="hubs.partnership")
    assert entry.actor is None  # the command acts as the system (via: the command)


def test_create_partnership_command_refuses_a_duplicate_clearly(world):
    with pytest.raises(CommandError, match="already a partnership"):
        call_command("create_partnership", "--name", "Riverside HSCP", "--admin-email",
                     "b@example.org", "--admin-first-name", "B", "--admin-last-name", "C",
                     stdout=io.StringIO())  # fmt: skip
    assert not User.objects.filter(email="b@example.org").exists()
