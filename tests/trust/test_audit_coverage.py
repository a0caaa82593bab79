"""Every model with a path to a person is covered by the audit guard, says which person, and
declares its personal fields — found by walking the app registry, so a new model is covered
(or this fails) without anyone remembering to add it here."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import models

from cls_portal.audit.guard import AuditedModel, AuditedQuerySet
from cls_portal.audit.personal import person_linked_models, person_model
from conversations.models import Person
from tests.trust.cases import build_case


def _has_path_to_person(model: type[models.Model], seen: frozenset = frozenset()) -> bool:
    """Follow forward foreign keys and one-to-ones (not many-to-many) until Person."""
    if model is Person:
        return True
    for field in model._meta.concrete_fields:
        target = field.related_model if field.is_relation and field.many_to_one else None
        if field.is_relation and field.one_to_one:
            target = field.related_model
        if (
            target is not None
            and target not in seen
            and target is not model
            and _has_path_to_person(target, seen | {model})
        ):
            return True
    return False


LINKED = [model for model in apps.get_models() if _has_path_to_person(model)]
TEXT_FIELDS = (models.CharField, models.TextField, models.EmailField)


def test_the_walk_finds_the_case_records():
    names = {model.__name__ for model in LINKED}
    assert {"Person", "Episode", "Conversation", "FundingRequest", "Decision"} <= names
    assert "OutcomeReview" in names and "WellbeingScore" in names
    assert "HubSession" not in names and "AuditEntry" not in names


def test_the_registry_walk_and_the_path_walk_agree():
    assert set(person_linked_models()) == set(LINKED)
    assert person_model() is Person


@pytest.mark.parametrize("model", LINKED, ids=lambda m: m._meta.label)
def test_each_person_linked_model_uses_the_guard(model):
    assert issubclass(model, AuditedModel), f"{model.__name__} must extend AuditedModel"
    queryset = model._default_manager.get_queryset()
    assert isinstance(queryset, AuditedQuerySet), f"{model.__name__}.objects is not guarded"


@pytest.mark.parametrize("model", LINKED, ids=lambda m: m._meta.label)
def test_each_person_linked_model_says_whose_record_it_is(model, world):
    case = build_case(world.locality)
    record = case.record_of(model)
    assert record.audit_person_id == case.person.pk
    via_path = model._base_manager.filter(pk=record.pk).values_list(model.AUDIT_PERSON, flat=True)
    assert list(via_path) == [case.person.pk]


@pytest.mark.parametrize("model", LINKED, ids=lambda m: m._meta.label)
def test_each_free_text_field_of_a_person_linked_model_is_declared_personal(model):
    """Names, contact details, identifiers and notes are blanked on erasure and scrubbed from
    the audit trail: a new free-text field must be declared (choices are kept)."""
    declared = set(model.PERSONAL_FIELDS)
    text = {
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, TEXT_FIELDS) and not field.choices
    }
    assert text <= declared, f"{model.__name__}: declare {sorted(text - declared)} personal"
    for name in declared:
        model._meta.get_field(name)  # a typo fails here
