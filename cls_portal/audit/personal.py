"""Which models hold a person's data, found by walking the app registry.

A model is *linked to a person* when it declares ``AUDIT_PERSON`` (the lookup path from it to
the person's id, ``"pk"`` on the person model itself) and ``PERSONAL_FIELDS`` (its fields
holding personal data: names, contact details, identifiers, free-text notes). The audit guard,
subject access, erasure and purge all walk this list, so a new model is covered as soon as it
declares both (``tests/trust/test_audit_coverage.py`` fails until it does)."""

from __future__ import annotations

from django.apps import apps
from django.db import models


def person_linked_models() -> list[type[models.Model]]:
    """Every model linked to a person, the person model first, then by dependency order."""
    found = [m for m in apps.get_models() if getattr(m, "AUDIT_PERSON", None)]
    return sorted(found, key=lambda m: (m.AUDIT_PERSON != "pk", m.AUDIT_PERSON.count("__")))


def person_model() -> type[models.Model]:
    return next(m for m in person_linked_models() if m.AUDIT_PERSON == "pk")


def personal_fields_by_model() -> dict[str, frozenset[str]]:
    """``app_label.model_name`` → its personal field names (attnames), for scrubbing."""
    return {
        model._meta.label_lower: frozenset(
            model._meta.get_field(name).attname for name in model.PERSONAL_FIELDS
        )
        for model in person_linked_models()
    }


def records_of_person(model: type[models.Model], person_id: int) -> models.QuerySet:
    """All rows of ``model`` that belong to one person (any scope: callers check access)."""
    return model._base_manager.filter(**{model.AUDIT_PERSON: person_id})
