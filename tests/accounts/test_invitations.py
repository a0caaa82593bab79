"""A set-password link works once, expires, is revoked by a newer one or by the administrator,
is stored only as a hash, and its e-mail carries nothing personal but the recipient's own."""

from __future__ import annotations

import datetime
import smtplib

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cls_portal.accounts.invitations import invitation_find, invitation_revoke, invitation_send
from cls_portal.accounts.models import Invitation, User
from cls_portal.accounts.services import user_invite, user_set_password_with_link
from cls_portal.audit.models import AuditEntry
from cls_portal.permissions import Role
from tests.accounts.conftest import last_link
from tests.accounts.factories import InvitationFactory

SITE = "https://cls.example.org"
GOOD = "amber-willow-tractor-19"  # nosec B105: a test password


@pytest.fixture
def invited(world, make_user):
    admin = make_user(Role.ADMIN)
    user, link = user_invite(
        actor=admin,
        partnership_id=world.partnership.pk,
        email="nina.ross@example.org",
        first_name="Nina",
        last_name="Ross",
        role=Role.PRACTITIONER,
        localities=[world.locality],
        site_url=SITE,
    )
    return user, link.removeprefix(SITE)


def _use(path: str, password: str = GOOD) -> int:
    return Client().post(path, {"password": password, "password_again": password}).status_code


def test_the_link_sets_the_password_once(invited):
    user, path = invited
    assert not user.has_usable_password()
    assert _use(path) == 302
    user.refresh_from_db()
    assert user.check_password(GOOD)
    # The second time it no longer works, and changes nothing.
    assert Client().get(path).status_code == 410
    assert _use(path, "another-long-passphrase-8") == 410
    user.refresh_from_db()
    assert user.check_password(GOOD)


def test_two_uses_of_one_link_at_once_set_one_password(invited):
    """Both requests found the link unused; the conditional claim lets one through."""
    user, path = invited
    first, second = (invitation_find(path.split("/")[-2]) for _ in range(2))
    user_set_password_with_link(invitation=first, password=GOOD)
    with pytest.raises(ValidationError, match="already been used"):
        user_set_password_with_link(invitation=second, password="another-long-passphrase-8")
    user.refresh_from_db()
    assert user.check_password(GOOD)


def test_the_link_expires(invited, settings):
    user, path = invited
    invitation = Invitation.objects.get(user=user)
    expected = timezone.now() + datetime.timedelta(days=settings.INVITATION_DAYS)
    assert abs((invitation.expires_at - expected).total_seconds()) < 60
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    answer = Client().get(path)
    assert answer.status_code == 410 and "It has expired." in answer.content.decode()
    assert _use(path) == 410
    user.refresh_from_db()
    assert not user.has_usable_password()


def test_the_link_works_until_just_before_it_expires(invited):
    user, path = invited
    Invitation.objects.filter(user=user).update(
        expires_at=timezone.now() + datetime.timedelta(minutes=1)
    )
    assert _use(path) == 302


def test_a_weak_password_is_refused_and_the_link_still_works(invited):
    _user, path = invited
    weak = "nina.ross@example.org"  # her username
    answer = Client().post(path, {"password": weak, "password_again": weak})
    assert answer.status_code == 200
    assert "too similar" in answer.content.decode()
    assert _use(path) == 302


def test_two_different_passwords_are_refused(invited):
    _user, path = invited
    answer = Client().post(path, {"password": GOOD, "password_again": GOOD + "x"})
    assert "The two passwords are not the same." in answer.content.decode()


def test_a_made_up_link_is_not_found(db):
    assert Client().get(reverse("accounts:set_password", args=["nope"])).status_code == 404


def test_only_a_hash_of_the_token_is_stored(invited):
    user, path = invited
    token = path.split("/")[-2]
    invitation = Invitation.objects.get(user=user)
    assert token not in invitation.token_hash and len(invitation.token_hash) == 64
    for entry in AuditEntry.objects.filter(model="accounts.invitation"):
        assert token not in str(entry.changes) and "token_hash" not in entry.changes


def test_sending_a_new_link_revokes_the_old_one(invited, make_user):
    user, old_path = invited
    new_link = invitation_send(actor=make_user(Role.ADMIN), user=user, site_url=SITE)
    assert _use(old_path) == 410
    assert _use(new_link.removeprefix(SITE)) == 302


def test_the_database_holds_one_open_link_per_user(invited):
    user, _path = invited
    with pytest.raises(IntegrityError), transaction.atomic():
        InvitationFactory(user=user)


def test_a_revoked_link_no_longer_works(invited, make_user):
    user, path = invited
    invitation_revoke(actor=make_user(Role.ADMIN), user=user)
    assert _use(path) == 410
    with pytest.raises(ValidationError, match="no link waiting"):
        invitation_revoke(actor=make_user(Role.ADMIN), user=user)


def test_deactivating_the_user_stops_their_link(invited, make_user, world):
    from cls_portal.accounts.services import user_update

    user, path = invited
    user_update(
        actor=make_user(Role.ADMIN), user=user, first_name="Nina", last_name="Ross",
        email=user.email, role=user.role, is_active=False, localities=[world.locality],
    )  # fmt: skip
    assert _use(path) == 410


def test_the_email_names_only_the_recipient(invited, world):
    _user, path = invited
    message = mail.outbox[-1]
    assert message.to == ["nina.ross@example.org"]
    assert path in message.body and "Hello Nina," in message.body
    assert world.partnership.name in message.body
    assert "Ross" not in message.body.replace("nina.ross@", "")  # the surname is not needed
    assert "Sam" not in message.body  # nor the administrator who sent it (UserFactory's name)


def test_a_link_cannot_be_sent_to_someone_without_an_email(world, make_user):
    worker = make_user(Role.HUB_WORKER)
    with pytest.raises(ValidationError, match="no e-mail address"):
        invitation_send(actor=make_user(Role.ADMIN), user=worker, site_url=SITE)
    assert not Invitation.objects.exists()


def test_when_the_mail_server_refuses_nothing_is_kept(world, make_user, monkeypatch):
    def refuse(*args, **kwargs):
        raise smtplib.SMTPException("no")

    monkeypatch.setattr("cls_portal.accounts.invitations.send_mail", refuse)
    with pytest.raises(ValidationError, match="could not be sent"):
        user_invite(
            actor=make_user(Role.ADMIN), partnership_id=world.partnership.pk,
            email="x@example.org", first_name="X", last_name="Y", role=Role.HSCP_LEAD,
            localities=[], site_url=SITE,
        )  # fmt: skip
    assert not User.objects.filter(email="x@example.org").exists()
    assert not Invitation.objects.exists()


def test_using_the_link_is_audited_and_ends_other_sessions(invited, world):
    user, path = invited
    old = Client()
    old.force_login(user)
    assert old.get(reverse("home")).status_code == 200
    assert _use(path) == 302
    assert old.get(reverse("home")).status_code == 302
    entry = AuditEntry.objects.get(model="accounts.user", object_id=str(user.pk), action="update")
    assert entry.actor == user and GOOD not in str(entry.changes)
    assert AuditEntry.objects.filter(
        model="accounts.invitation", action="update", changes__has_key="used_at"
    ).exists()


def test_the_admin_page_sends_a_reset_link_for_a_user_with_a_password(users, login, world):
    worker = users[Role.HUB_WORKER]
    worker.email = "sam@example.org"
    worker.save()
    answer = login(users[Role.ADMIN]).post(reverse("accounts:user_send_link", args=[worker.pk]))
    assert answer.status_code == 302
    assert Invitation.objects.get(user=worker).purpose == Invitation.Purpose.RESET
    assert "Set a new password" in mail.outbox[-1].subject
    assert _use(last_link(), GOOD) == 302
    worker.refresh_from_db()
    assert worker.check_password(GOOD)


def test_the_admin_page_revokes_a_link(invited, users, login):
    user, path = invited
    answer = login(users[Role.ADMIN]).post(reverse("accounts:user_revoke_link", args=[user.pk]))
    assert answer.status_code == 302
    assert _use(path) == 410


def test_another_partnerships_admin_cannot_send_or_revoke_links(invited, users, login):
    user, path = invited
    outsider = login(users[f"outsider_{Role.ADMIN.value}"])
    assert outsider.post(reverse("accounts:user_send_link", args=[user.pk])).status_code == 404
    assert outsider.post(reverse("accounts:user_revoke_link", args=[user.pk])).status_code == 404
    assert _use(path) == 302


def test_other_roles_cannot_send_links(invited, users, login):
    user, _path = invited
    for role in (Role.HUB_WORKER, Role.PRACTITIONER, Role.FORUM_MANAGER, Role.HSCP_LEAD):
        answer = login(users[role]).post(reverse("accounts:user_send_link", args=[user.pk]))
        assert answer.status_code == 403
    assert Invitation.objects.filter(user=user).count() == 1
