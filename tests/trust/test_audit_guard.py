"""The guard on the bulk paths: update(), delete(), bulk_create() and bulk_update() on every
model linked to a person leave audit rows (who, what, before/after), in the actor's name."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db.models import F
from django.test import RequestFactory

from cls_portal.audit.context import (
    AuditContextMiddleware,
    acting,
    audit_explicit,
    audit_summarised,
    current_via,
)
from cls_portal.audit.models import AuditEntry
from cls_portal.audit.personal import person_linked_models
from cls_portal.permissions import Role
from conversations.models import Conversation, Episode, Person, PersonalOutcome, WellbeingScore
from tests.factories import PersonFactory
from tests.trust.cases import build_case

# For each person-linked model: a field to change in bulk, and the new value.
BULK_CHANGES = {
    "conversations.Person": ("postcode", "ZZ9 9ZZ"),
    "conversations.Episode": ("source", "gp"),
    "conversations.Conversation": ("next_step", "Ring on Friday"),
    "conversations.CrisisPlan": ("rag", "red"),
    "conversations.SupportPlan": ("paid_support", "None needed"),
    "conversations.Signpost": ("difference_made", "Goes every week"),
    "conversations.PersonalOutcome": ("statement", "To see friends"),
    "conversations.OutcomeReview": ("note", "Met now"),
    "conversations.WellbeingScore": ("happiness", 9),
    "conversations.WaitingListEntry": ("reason", "Assessment"),
    "peer_forum.FundingRequest": ("proposed_paid_support", "None"),
    "peer_forum.Decision": ("rationale", "Agreed again"),
    "peer_forum.EscalationDecision": ("rationale", "Agreed again"),
    "peer_forum.PackageReview": ("notes", "Reviewed again"),
    # ---- intake ----
    "conversations.Referral": ("reason_for_referral", "Discharged home"),
    "conversations.ConsentRecord": ("how", "writing"),
    # ---- records ----
    "conversations.PersonMerge": ("reason", "Same phone number"),
    "conversations.Amendment": ("reason", "Misheard"),
    "conversations.CarerLink": ("relationship", "friend"),
    "conversations.HubBooking": ("status", "did_not_attend"),
}
MODELS = person_linked_models()


def test_every_person_linked_model_has_a_bulk_change_here():
    assert {model._meta.label for model in MODELS} == set(BULK_CHANGES)


def _rows(model, action):
    return AuditEntry.objects.filter(model=model._meta.label_lower, action=action)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_a_bulk_update_records_before_and_after_for_each_row(model, world, make_user):
    case = build_case(world.locality)
    record = case.record_of(model)
    name, value = BULK_CHANGES[model._meta.label]
    attname = model._meta.get_field(name).attname
    old = getattr(record, attname)
    admin = make_user(Role.ADMIN)
    with acting(via="web", actor=admin):
        model.objects.filter(pk=record.pk).update(**{name: value})
    entry = _rows(model, "update").get()
    assert entry.changes == {attname: [old, value]}
    assert entry.object_id == str(record.pk)
    assert entry.person_id == case.person.pk
    assert entry.partnership_id == world.partnership.pk
    assert (entry.actor, entry.via) == (admin, "web")


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_a_bulk_update_records_each_affected_row(model, world):
    first, second = build_case(world.locality), build_case(world.locality, first_name="Ishbel")
    records = [first.record_of(model), second.record_of(model)]
    name, value = BULK_CHANGES[model._meta.label]
    model.objects.filter(pk__in=[r.pk for r in records]).update(**{name: value})
    entries = _rows(model, "update")
    assert sorted(entries.values_list("object_id", flat=True)) == sorted(str(r.pk) for r in records)
    assert set(entries.values_list("person_id", flat=True)) == {
        first.person.pk,
        second.person.pk,
    }
    assert set(entries.values_list("via", flat=True)) == {"system"}
    assert set(entries.values_list("actor", flat=True)) == {None}


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_a_bulk_update_records_each_row_changed(model, world):
    case = build_case(world.locality)
    record = case.record_of(model)
    name, value = BULK_CHANGES[model._meta.label]
    setattr(record, name, value)
    model.objects.bulk_update([record], [name])
    entry = _rows(model, "update").get()
    assert list(entry.changes) == [model._meta.get_field(name).attname]
    assert entry.changes[model._meta.get_field(name).attname][1] == value


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_a_bulk_delete_records_every_row_it_removes_cascades_included(model, world):
    case = build_case(world.locality)
    record = case.record_of(model)
    model.objects.filter(pk=record.pk).delete()
    assert _rows(model, "delete").filter(object_id=str(record.pk)).exists()
    deleted = AuditEntry.objects.filter(action="delete")
    assert set(deleted.values_list("person_id", flat=True)) == {case.person.pk}


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_deleting_one_instance_is_recorded_too(model, world):
    case = build_case(world.locality)
    record, person_pk = case.record_of(model), case.person.pk
    pk = record.pk
    record.delete()
    entry = _rows(model, "delete").get(object_id=str(pk))
    assert entry.person_id == person_pk
    assert entry.changes == {}  # the fact only


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_a_bulk_create_records_each_new_row_with_its_values(model, world):
    case = build_case(world.locality)
    record = case.record_of(model)
    pk = record.pk
    with audit_explicit():  # take it away quietly, then put it back through bulk_create
        model.objects.filter(pk=pk).delete()
    record.pk = pk
    model.objects.bulk_create([record])
    entry = _rows(model, "create").get()
    assert entry.object_id == str(pk)
    assert entry.person_id == case.person.pk
    assert entry.partnership_id == world.partnership.pk
    name, _ = BULK_CHANGES[model._meta.label]
    attname = model._meta.get_field(name).attname
    assert entry.changes[attname][0] is None


def test_deleting_a_person_records_every_linked_row_that_goes(world):
    case = build_case(world.locality)
    linked = {
        model._meta.label_lower: model._base_manager.filter(
            **{model.AUDIT_PERSON: case.person.pk}
        ).count()
        for model in MODELS
    }
    Person.objects.filter(pk=case.person.pk).delete()
    recorded = {
        label: AuditEntry.objects.filter(model=label, action="delete").count() for label in linked
    }
    assert recorded == linked
    assert all(count >= 1 for count in linked.values())


def test_a_link_set_to_null_by_a_delete_is_recorded_as_a_change(world):
    """Deleting a conversation keeps the outcome and score recorded in it, unlinked."""
    case = build_case(world.locality)
    Conversation.objects.filter(pk=case.conversation.pk).delete()
    outcome_change = _rows(PersonalOutcome, "update").get()
    assert outcome_change.changes == {"conversation_id": [case.conversation.pk, None]}
    score_change = _rows(WellbeingScore, "update").get()
    assert score_change.object_id == str(case.wellbeing.pk)


def test_an_expression_update_records_the_values_it_produced(world):
    case = build_case(world.locality)
    before = case.episode.first_contact_on
    Episode.objects.filter(pk=case.episode.pk).update(
        first_contact_on=F("first_contact_on") - datetime.timedelta(days=1)
    )
    entry = _rows(Episode, "update").get()
    assert entry.changes == {
        "first_contact_on": [
            before.isoformat(),
            (before - datetime.timedelta(days=1)).isoformat(),
        ]
    }


def test_an_update_that_changes_nothing_writes_nothing(world):
    person = PersonFactory(locality=world.locality, postcode="EH1 1AA")
    Person.objects.filter(pk=person.pk).update(postcode="EH1 1AA")
    assert not AuditEntry.objects.exists()


def test_money_is_recorded_exactly(world):
    case = build_case(world.locality)
    case.decision.__class__.objects.filter(pk=case.decision.pk).update(
        approved_weekly_amount=Decimal("99.95")
    )
    entry = AuditEntry.objects.get(action="update")
    assert entry.changes == {"approved_weekly_amount": ["120.00", "99.95"]}


def test_inside_an_explicit_block_the_guard_stays_quiet(world):
    person = PersonFactory(locality=world.locality)
    with audit_explicit():
        Person.objects.filter(pk=person.pk).update(postcode="ZZ1 1ZZ")
        Person.objects.filter(pk=person.pk).delete()
    assert not AuditEntry.objects.exists()


def test_summary_mode_writes_one_row_per_batch_with_the_ids(world):
    people = [
        Person(partnership=world.partnership, locality=world.locality, first_name=f"P{n}")
        for n in range(5)
    ]
    with audit_summarised():
        created = Person.objects.bulk_create(people, batch_size=2)
        Person.objects.filter(pk__in=[p.pk for p in created]).update(postcode="AB1 2CD")
    creates = list(_rows(Person, "create").order_by("pk"))
    assert [entry.changes["rows"] for entry in creates] == [2, 2, 1]
    ids = [pk for entry in creates for pk in entry.changes["ids"]]
    assert ids == [str(p.pk) for p in created]
    assert all(entry.person_id is None for entry in creates)
    update = _rows(Person, "update").get()
    assert update.changes["rows"] == 5 and update.changes["fields"] == ["postcode"]
    assert "P0" not in str(update.changes) + update.object_label


def test_the_middleware_makes_the_signed_in_user_the_actor(world, make_user):
    worker = make_user(Role.HUB_WORKER)
    person = PersonFactory(locality=world.locality)

    def view(request):
        assert current_via() == "web"
        Person.objects.filter(pk=person.pk).update(phone="0131 000 0000")
        return None

    request = RequestFactory().get("/people/")
    request.user = worker
    AuditContextMiddleware(view)(request)
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.via) == (worker, "web")
    assert current_via() == "system"  # the context ends with the request


def test_api_requests_are_recorded_as_api(world, make_user):
    seen = []
    request = RequestFactory().get("/api/v1/people/")
    request.user = make_user(Role.HUB_WORKER)
    AuditContextMiddleware(lambda r: seen.append(current_via()))(request)
    assert seen == ["api"]


def test_a_celery_task_runs_as_the_system_under_its_name(world):
    from celery.signals import task_postrun, task_prerun

    person = PersonFactory(locality=world.locality)

    class Task:
        name = "outcomes.generate_report"

    task_prerun.send(sender=Task, task_id="t-1", task=Task)
    Person.objects.filter(pk=person.pk).update(phone="0131 000 0000")
    task_postrun.send(sender=Task, task_id="t-1", task=Task)
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.via) == (None, "task:outcomes.generate_report")
    assert current_via() == "system"


def test_labels_of_guard_rows_never_hold_a_name(world):
    case = build_case(world.locality)
    Person.objects.filter(pk=case.person.pk).delete()
    labels = " ".join(AuditEntry.objects.values_list("object_label", flat=True))
    assert case.person.first_name not in labels and "Abernethy" not in labels
