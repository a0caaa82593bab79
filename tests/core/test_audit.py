from __future__ import annotations

from cls_portal.audit.models import AuditEntry
from cls_portal.audit.services import audit_create, audit_snapshot, audit_update, audit_view
from tests.factories import PersonFactory


def test_create_records_who_what_and_the_fields(make_user, world):
    actor = make_user()
    person = PersonFactory(locality=world.locality)
    entry = audit_create(actor=actor, obj=person)
    assert entry.actor == actor
    assert entry.partnership_id == world.partnership.pk
    assert entry.person_id == person.pk
    assert entry.object_label == f"Person #{person.pk}"
    assert entry.changes["postcode"] == [None, "EH1 1AA"]


def test_update_records_only_changed_fields_before_and_after(make_user, world):
    person = PersonFactory(locality=world.locality, postcode="EH1 1AA")
    before = audit_snapshot(person)
    person.postcode = "EH2 2BB"
    person.save()
    entry = audit_update(actor=make_user(), obj=person, before=before)
    assert entry.changes == {"postcode": ["EH1 1AA", "EH2 2BB"]}


def test_an_update_that_changes_nothing_writes_nothing(make_user, world):
    person = PersonFactory(locality=world.locality)
    assert audit_update(actor=make_user(), obj=person, before=audit_snapshot(person)) is None
    assert not AuditEntry.objects.exists()


def test_the_label_never_contains_the_persons_name(make_user, world):
    person = PersonFactory(locality=world.locality, first_name="Morag")
    entry = audit_view(actor=make_user(), obj=person)
    assert "Morag" not in entry.object_label
    assert entry.action == "view"
