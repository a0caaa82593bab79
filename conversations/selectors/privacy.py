"""Reading for the trust pages: a person's audit history, everything held about them (subject
access), and who is past their partnership's retention period.

Subject access walks every model linked to a person (``cls_portal.audit.personal``), so records
of apps above this one (peer-forum requests and decisions) are included without this module
importing them; a new person-linked model is exported as soon as it declares ``AUDIT_PERSON``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone

from cls_portal.audit.models import AuditEntry
from cls_portal.audit.personal import person_linked_models, records_of_person
from cls_portal.audit.services import NOT_AUDITED, plain
from conversations.models import Episode, Person
from conversations.selectors.people import person_get
from hubs.models import Partnership

if TYPE_CHECKING:
    from cls_portal.accounts.models import User

HISTORY_PER_PAGE = 50
REVIEW_PER_PAGE = 50


def person_for_trust(*, user: User, pk: int, action: str) -> Person:
    """The person an admin is looking after (audit, export, erasure): 404 outside the admin's
    partnership, 403 for other roles."""
    return person_get(user=user, pk=pk, action=action)


# ---- the audit history ----------------------------------------------------------------------


def sentence_case(text: Any) -> str:
    """Capitalise the first letter only ("CHI number" stays as it is)."""
    text = str(text)
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class Change:
    label: str
    before: Any
    after: Any


@cache
def _model(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _field(model: type[models.Model] | None, attname: str) -> models.Field | None:
    if model is None:
        return None
    for candidate in model._meta.concrete_fields:
        if candidate.attname == attname:
            return candidate
    try:
        found = model._meta.get_field(attname)
    except FieldDoesNotExist:
        return None
    # A reverse relation has no label or choices of its own: the caller falls back to the name.
    return found if isinstance(found, models.Field) else None


def _shown(model_field: models.Field | None, value: Any) -> Any:
    """A stored value as a reader would say it: choices by their label, dates as "23 Oct 2026",
    an empty text as "(empty)", and counts per kind of record ("Episodes: 2; People: 1")."""
    if value == "":
        return "(empty)"
    if isinstance(value, dict):
        return "; ".join(f"{_kind(label)}: {count}" for label, count in value.items()) or "none"
    if model_field is not None and model_field.choices and value is not None:
        return dict(model_field.flatchoices).get(value, value)
    if isinstance(model_field, models.DateField) and isinstance(value, str):
        try:
            parsed = datetime.datetime.fromisoformat(value)
        except ValueError:
            return value
        if type(model_field) is models.DateField:
            return f"{parsed:%-d %b %Y}"
        return (
            f"{timezone.localtime(parsed) if timezone.is_aware(parsed) else parsed:%-d %b %Y %H:%M}"
        )
    return value


def _kind(label: str) -> str:
    """A model's plural name from its label ("conversations.episode" → "Episodes")."""
    model = _model(label)
    return sentence_case(model._meta.verbose_name_plural) if model else label


def entry_changes(entry: AuditEntry) -> list[Change]:
    """An entry's before/after pairs with field labels (summary rows: how many rows)."""
    model = _model(entry.model)
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    if "rows" in changes and "ids" in changes:
        return [Change("Rows", None, changes["rows"])]
    out = []
    for name, pair in changes.items():
        model_field = _field(model, name)
        label = sentence_case(model_field.verbose_name if model_field else name.replace("_", " "))
        before, after = pair if isinstance(pair, list) and len(pair) == 2 else (None, pair)
        out.append(Change(label, _shown(model_field, before), _shown(model_field, after)))
    return out


def person_audit_history(*, person: Person) -> QuerySet[AuditEntry]:
    """Every audit row about a person, newest first (uses the person/time index)."""
    return (
        AuditEntry.objects.filter(person_id=person.pk)
        .select_related("actor")
        .order_by("-at", "-pk")
    )


def person_records_count(*, person: Person) -> dict[str, int]:
    """How many records of each kind are linked to a person (shown before an erasure)."""
    counts = {}
    for model in person_linked_models():
        count = records_of_person(model, person.pk).count()
        if count:
            counts[sentence_case(model._meta.verbose_name_plural)] = count
    return counts


# ---- subject access -------------------------------------------------------------------------


@dataclass
class AccessSection:
    model: str  # app_label.model_name
    title: str
    record_title: str  # "Episode", for "Episode #12"
    labels: dict[str, str]  # field name -> label, in the model's order
    records: list[dict[str, Any]] = field(default_factory=list)


def _fields(model: type[models.Model]) -> list[models.Field]:
    return [
        f for f in model._meta.concrete_fields if f.attname not in NOT_AUDITED and not f.primary_key
    ]


def _value(obj: models.Model, model_field: models.Field) -> Any:
    if model_field.is_relation:
        if getattr(obj, model_field.attname) is None:
            return None
        if getattr(model_field.related_model, "AUDIT_PERSON", None):
            return getattr(obj, model_field.attname)  # another of their records: its number
        return str(getattr(obj, model_field.name))
    return plain(_shown(model_field, getattr(obj, model_field.attname)))


def _section(model: type[models.Model], person_id: int) -> AccessSection:
    meta = model._meta
    fields = _fields(model)
    many = list(meta.many_to_many)
    related = [
        f.name
        for f in fields
        if f.is_relation and not getattr(f.related_model, "AUDIT_PERSON", None)
    ]
    rows = records_of_person(model, person_id).select_related(*related).order_by("pk")
    if many:
        rows = rows.prefetch_related(*(f.name for f in many))
    labels = {"id": "Number"} | {f.name: sentence_case(f.verbose_name) for f in fields}
    labels |= {f.name: sentence_case(f.verbose_name) for f in many}
    section = AccessSection(
        model=meta.label_lower,
        title=sentence_case(meta.verbose_name_plural),
        record_title=sentence_case(meta.verbose_name),
        labels=labels,
    )
    for obj in rows:
        record = {"id": obj.pk} | {f.name: _value(obj, f) for f in fields}
        for f in many:
            record[f.name] = [str(linked) for linked in getattr(obj, f.name).all()]
        section.records.append(record)
    return section


@dataclass
class SubjectAccess:
    person: Person
    generated_at: datetime.datetime
    sections: list[AccessSection]
    history: list[AuditEntry]
    notes: list[str]

    def as_json(self) -> dict[str, Any]:
        return {
            "subject_access_request": {
                "person": self.person.pk,
                "partnership": self.person.partnership.name,
                "generated_at": self.generated_at.isoformat(),
                "notes": self.notes,
            },
            "records": {
                section.model: {
                    "title": section.title,
                    "fields": section.labels,
                    "records": section.records,
                }
                for section in self.sections
            },
            "access_and_change_log": [
                {
                    "at": entry.at.isoformat(),
                    "by": entry.actor_label,
                    "action": entry.get_action_display(),
                    "record": entry.object_label,
                }
                for entry in self.history
            ],
        }


NOTES = [
    "This is everything CLS Portal holds about the person: their details and every record of "
    "their journey, then a log of who viewed or changed their records and when.",
    "Change stories are written without names and are not linked to any person, so none are "
    "included.",
    "Staff are named where they recorded or decided something about the person.",
]


def subject_access(*, person: Person) -> SubjectAccess:
    """Everything held about one person, record by record, and their access log."""
    sections = [_section(model, person.pk) for model in person_linked_models()]
    return SubjectAccess(
        person=person,
        generated_at=timezone.now(),
        sections=sections,
        history=list(person_audit_history(person=person)),
        notes=NOTES,
    )


# ---- retention ------------------------------------------------------------------------------


def years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


def retention_cutoff(partnership: Partnership, today: datetime.date | None = None) -> datetime.date:
    """Records whose last episode closed before this day are past retention."""
    return years_before(today or timezone.localdate(), partnership.retention_period_years)


def people_past_retention(
    *, partnership: Partnership, today: datetime.date | None = None
) -> QuerySet[Person]:
    """People of a partnership with no episode open or closed on or after the cutoff, who
    either had episodes (all closed before it) or were added before it and never had one."""
    cutoff = retention_cutoff(partnership, today)
    recent = Episode.objects.filter(person=OuterRef("pk")).filter(
        ~Q(state=Episode.State.CLOSED) | Q(closed_on__gte=cutoff)
    )
    any_episode = Episode.objects.filter(person=OuterRef("pk"))
    return (
        Person.objects.filter(partnership=partnership)
        .filter(~Exists(recent))
        .filter(Exists(any_episode) | Q(created_at__date__lt=cutoff))
    )


def retention_review(*, user: User, today: datetime.date | None = None) -> QuerySet[Person]:
    """The admin's review list: people of their partnership past retention, oldest first,
    with the day their last episode closed."""
    partnership = user.partnership
    if partnership is None:  # a superuser with no partnership reviews nobody
        return Person.objects.none()
    return (
        people_past_retention(partnership=partnership, today=today)
        .select_related("locality")
        .annotate(last_closed_on=Max("episodes__closed_on"))
        .order_by("last_closed_on", "pk")
    )
