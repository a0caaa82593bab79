"""The audit trail is append-only, holds no secrets, and services write one entry per change
(the bulk-path guard adds nothing inside them)."""

from __future__ import annotations

import pytest
from django.contrib import admin

from cls_portal.accounts.services import user_create
from cls_portal.audit.context import audit_explicit
from cls_portal.audit.models import AuditEntry, AuditTrailIsAppendOnly
from cls_portal.audit.services import audit_view
from cls_portal.permissions import Role
from conversations.models import Conversation
from conversations.services.dropins import NewPerson, dropin_log
from tests.factories import CommunitySolutionFactory, HubFactory, HubSessionFactory, PersonFactory


@pytest.fixture
def entry(world, make_user):
    return audit_view(actor=make_user(), obj=PersonFactory(locality=world.locality))


def test_a_saved_audit_row_cannot_be_changed(entry):
    entry.object_label = "Something else"
    with pytest.raises(AuditTrailIsAppendOnly):
        entry.save()
    assert AuditEntry.objects.get().object_label != "Something else"


def test_an_audit_row_cannot_be_deleted(entry):
    with pytest.raises(AuditTrailIsAppendOnly):
        entry.delete()
    assert AuditEntry.objects.count() == 1


@pytest.mark.parametrize(
    "attempt",
    [
        lambda qs: qs.update(action="delete"),
        lambda qs: qs.delete(),
        lambda qs: qs.bulk_update(list(qs), ["action"]),
    ],
    ids=["update", "delete", "bulk_update"],
)
def test_the_audit_queryset_refuses_changes(entry, attempt):
    with pytest.raises(AuditTrailIsAppendOnly):
        attempt(AuditEntry.objects.all())
    assert AuditEntry.objects.get().action == "view"


def test_the_admin_shows_audit_rows_read_only(rf, make_user):
    model_admin = admin.site._registry[AuditEntry]
    request = rf.get("/")
    request.user = make_user(Role.ADMIN)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_creating_a_user_never_puts_the_password_in_the_trail(world, make_user):
    user_create(
        actor=make_user(Role.ADMIN),
        partnership_id=world.partnership.pk,
        username="newworker",
        first_name="New",
        last_name="Worker",
        email="new@example.org",
        role=Role.HUB_WORKER,
        localities=[world.locality],
        password="correct-horse-battery-staple",
    )
    entry = AuditEntry.objects.get(model="accounts.user")
    assert "password" not in entry.changes
    assert "correct-horse" not in str(entry.changes)


def _log_a_dropin(world, actor, first_name):
    session = HubSessionFactory(hub=HubFactory(locality=world.locality))
    solution = CommunitySolutionFactory(partnership=world.partnership)
    dropin_log(
        actor=actor,
        session=session,
        new_person=NewPerson(first_name=first_name, last_name="Souter"),
        confirm_new=True,
        what_matters="Getting to the shops",
        what_happened=Conversation.WhatHappened.RESOLVED,
        solutions=[solution],
    )


def test_a_service_writes_the_same_entries_whether_or_not_the_guard_watches(world, make_user):
    """Inside services the explicit entries are the record: the guard adds nothing (it only
    watches the bulk paths, which services do not use for what they record themselves)."""
    worker = make_user(Role.HUB_WORKER)
    _log_a_dropin(world, worker, "Elspeth")
    watched = list(AuditEntry.objects.order_by("pk").values_list("model", "action"))
    AuditEntry.objects.all()._raw_delete(AuditEntry.objects.db)  # a clean slate for the test
    with audit_explicit():
        _log_a_dropin(world, worker, "Morven")
    quiet = list(AuditEntry.objects.order_by("pk").values_list("model", "action"))
    assert watched == quiet
    assert ("conversations.person", "create") in watched
    assert ("conversations.episode", "update") in watched  # closed: resolved at first contact
    creates = AuditEntry.objects.filter(action="create").values_list("model", "object_id")
    assert len(creates) == len(set(creates))  # every record created once, recorded once
