"""The administrator's going-live work on the home page: staff invited who have not set a
password, and imports in progress — counted on hand-built data, scoped to the partnership."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cls_portal.accounts.invitations import invitation_send
from cls_portal.accounts.models import Invitation
from cls_portal.permissions import Role
from imports.models import ImportJob
from today.sections import sections_for

pytestmark = pytest.mark.django_db
SITE = "http://testserver"


def _job(partnership, status, name="caseload.csv"):
    return ImportJob.objects.create(
        partnership=partnership, kind=ImportJob.Kind.PEOPLE, file_name=name, status=status
    )


def test_invitations_and_imports_in_progress_show_and_clear(world, make_user, today, mailoutbox):
    admin = make_user(Role.ADMIN)
    invited = [make_user(Role.HUB_WORKER, email=f"new{n}@example.org") for n in range(3)]
    for user in invited:
        user.set_unusable_password()
        user.save()
        invitation_send(actor=admin, user=user, site_url=SITE)
    # used, expired and another partnership's: not pending
    Invitation.objects.filter(user=invited[0]).update(used_at=timezone.now())
    Invitation.objects.filter(user=invited[1]).update(
        expires_at=timezone.now() - datetime.timedelta(hours=1)
    )
    outsider = make_user(Role.HUB_WORKER, outsider=True, email="out@example.org")
    outsider.set_unusable_password()
    outsider.save()
    invitation_send(actor=None, user=outsider, site_url=SITE)
    waiting = _job(world.partnership, ImportJob.Status.CHECKED)
    _job(world.partnership, ImportJob.Status.DONE)
    _job(world.partnership, ImportJob.Status.FAILED)
    _job(world.outsider_partnership, ImportJob.Status.APPLYING)

    sections = {section.key: section for section in sections_for(admin, today)}
    assert sections["invitations"].count == 1
    assert sections["invitations"].rows[0].url == reverse(
        "accounts:user_edit", args=[invited[2].pk]
    )
    assert sections["imports"].count == 1
    row = sections["imports"].rows[0]
    assert (row.url, row.action) == (
        reverse("imports:job_detail", args=[waiting.pk]),
        "Confirm the import",
    )
    # Clearing them: the invitation used, the import done.
    Invitation.objects.filter(user=invited[2]).update(used_at=timezone.now())
    ImportJob.objects.filter(pk=waiting.pk).update(status=ImportJob.Status.DONE)
    sections = {section.key: section for section in sections_for(admin, today)}
    assert (sections["invitations"].count, sections["imports"].count) == (0, 0)


def test_other_roles_do_not_get_the_administrators_sections(world, make_user, today):
    for role in (Role.HUB_WORKER, Role.PRACTITIONER, Role.FORUM_MANAGER, Role.HSCP_LEAD):
        keys = {section.key for section in sections_for(make_user(role), today)}
        assert not keys & {"invitations", "imports"}
