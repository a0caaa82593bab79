"""The administrator's staff pages: invite by e-mail, change role and localities (a
case-working role needs one), deactivate, and a partnership never loses its last admin."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from cls_portal.accounts.models import Invitation, User
from cls_portal.accounts.services import user_update
from cls_portal.audit.models import AuditEntry
from cls_portal.permissions import CASE_ROLES, Role
from tests.factories import LocalityFactory, UserFactory


def _edit(target, **changes):
    data = {
        "first_name": target.first_name,
        "last_name": target.last_name,
        "email": target.email,
        "role": target.role,
        "is_active": "on" if target.is_active else "",
        "localities": [loc.pk for loc in target.localities.all()],
    }
    return data | changes


def test_adding_a_user_without_a_password_invites_them(world, users, login):
    answer = login(users[Role.ADMIN]).post(
        reverse("accounts:user_create"),
        {"first_name": "Nina", "last_name": "Ross", "email": "Nina.Ross@example.org",
         "role": Role.PRACTITIONER, "localities": [world.locality.pk]},
    )  # fmt: skip
    assert answer.status_code == 302
    nina = User.objects.get(email="Nina.Ross@example.org")
    assert nina.username == "nina.ross@example.org" and not nina.has_usable_password()
    assert Invitation.objects.get(user=nina).purpose == Invitation.Purpose.INVITE
    assert mail.outbox[-1].to == ["Nina.Ross@example.org"]


def test_adding_a_user_needs_an_email_or_a_password(world, users, login):
    answer = login(users[Role.ADMIN]).post(
        reverse("accounts:user_create"),
        {"first_name": "Nina", "last_name": "Ross", "role": Role.HSCP_LEAD},
    )
    assert "Enter their e-mail address to send them a link, or set a password." in (
        answer.content.decode()
    )
    assert not User.objects.filter(last_name="Ross").exists()


@pytest.mark.parametrize("role", sorted(CASE_ROLES))
def test_a_case_working_role_needs_a_locality(role, world, users, login):
    answer = login(users[Role.ADMIN]).post(
        reverse("accounts:user_create"),
        {"first_name": "Nina", "last_name": "Ross", "email": "n@example.org", "role": role},
    )
    assert answer.status_code == 200
    assert "Choose at least one locality" in answer.content.decode()
    assert not User.objects.filter(email="n@example.org").exists()
    assert not mail.outbox


def test_an_hscp_lead_or_admin_needs_no_locality(world, users, login):
    for n, role in enumerate((Role.HSCP_LEAD, Role.ADMIN)):
        answer = login(users[Role.ADMIN]).post(
            reverse("accounts:user_create"),
            {"first_name": "N", "last_name": "R", "email": f"{n}@example.org", "role": role},
        )
        assert answer.status_code == 302


def test_changing_a_practitioner_to_have_no_locality_is_refused(world, users, login):
    worker = users[Role.PRACTITIONER]
    answer = login(users[Role.ADMIN]).post(
        reverse("accounts:user_edit", args=[worker.pk]), _edit(worker, localities=[])
    )
    assert "Choose at least one locality" in answer.content.decode()
    assert list(worker.localities.all()) == [world.locality]


def test_changing_role_and_localities_is_audited(world, users, login):
    admin, worker = users[Role.ADMIN], users[Role.HUB_WORKER]
    answer = login(admin).post(
        reverse("accounts:user_edit", args=[worker.pk]),
        _edit(worker, role=Role.PRACTITIONER, localities=[world.other_locality.pk]),
    )
    assert answer.status_code == 302
    worker.refresh_from_db()
    assert worker.role == Role.PRACTITIONER
    entry = AuditEntry.objects.get(model="accounts.user", action="update", actor=admin)
    assert entry.changes["role"] == [Role.HUB_WORKER, Role.PRACTITIONER]
    assert entry.changes["localities"] == [[world.locality.pk], [world.other_locality.pk]]


def test_a_locality_no_longer_in_use_is_not_offered_to_new_staff(world, users, login):
    retired = LocalityFactory(partnership=world.partnership, name="Old Town", is_active=False)
    page = login(users[Role.ADMIN]).get(reverse("accounts:user_create")).content.decode()
    assert "Old Town" not in page and "North" in page
    answer = login(users[Role.ADMIN]).post(
        reverse("accounts:user_create"),
        {"first_name": "N", "last_name": "R", "email": "n@example.org",
         "role": Role.PRACTITIONER, "localities": [retired.pk]},
    )  # fmt: skip
    assert answer.status_code == 200
    assert not User.objects.filter(email="n@example.org").exists()


def test_someone_keeps_a_locality_that_went_out_of_use(world, users, login):
    worker = users[Role.PRACTITIONER]
    world.locality.is_active = False
    world.locality.save()
    client = login(users[Role.ADMIN])
    assert "North" in client.get(reverse("accounts:user_edit", args=[worker.pk])).content.decode()
    answer = client.post(
        reverse("accounts:user_edit", args=[worker.pk]), _edit(worker, first_name="Samuel")
    )
    assert answer.status_code == 302
    assert list(worker.localities.all()) == [world.locality]


def test_the_last_administrator_cannot_be_demoted_or_deactivated(world, users):
    admin = users[Role.ADMIN]
    for change in ({"role": Role.HSCP_LEAD}, {"is_active": False}):
        values = {"first_name": "A", "last_name": "B", "email": "", "role": Role.ADMIN,
                  "is_active": True, "localities": []} | change  # fmt: skip
        with pytest.raises(ValidationError, match="only administrator"):
            user_update(actor=admin, user=admin, **values)
    admin.refresh_from_db()
    assert admin.role == Role.ADMIN and admin.is_active
    # With a second administrator, the first can step down.
    UserFactory(partnership=world.partnership, role=Role.ADMIN)
    user_update(actor=admin, user=admin, first_name="A", last_name="B", email="",
                role=Role.HSCP_LEAD, is_active=True, localities=[])  # fmt: skip
    admin.refresh_from_db()
    assert admin.role == Role.HSCP_LEAD


def test_the_user_list_shows_who_has_not_set_a_password(world, users, login):
    login(users[Role.ADMIN]).post(
        reverse("accounts:user_create"),
        {"first_name": "Nina", "last_name": "Ross", "email": "n@example.org",
         "role": Role.HSCP_LEAD},
    )  # fmt: skip
    page = login(users[Role.ADMIN]).get(reverse("accounts:user_list")).content.decode()
    assert "Link sent" in page


def test_the_user_list_reads_a_bounded_number_of_queries(
    world, users, login, django_assert_max_num_queries
):
    for n in range(25):
        UserFactory(partnership=world.partnership, localities=[world.locality],
                    email=f"{n}@example.org")  # fmt: skip
    client = login(users[Role.ADMIN])
    with django_assert_max_num_queries(12):
        assert client.get(reverse("accounts:user_list")).status_code == 200
