"""Reading an HSDS 3.0 exchange file into a plan: every problem found, or every change to make.

The whole file is checked before anything is written (``hubs.services.hsds`` applies a plan
only when it has no problems). Checks, in order:
1. the file is a JSON object whose lists are the HSDS collections (``validation.COLLECTIONS``);
2. every record validates against its HSDS 3.0 schema (strictly);
3. references hold: a service's organization, a service_at_location's service and location,
   no id used twice;
4. each service has a category the portal knows (by taxonomy term id, or a term whose code or
   name is one of our categories);
5. the values fit the directory (lengths, e-mail and web addresses, a past "assured" date).

Services are matched by id to entries of this partnership's directory only (ids are each
partnership's own): nothing an import says or does depends on other partnerships' directories.
Coverage (service_areas) naming a locality the partnership does not have is left out, with a
note. Entries not in the file are left as they are: an import adds and updates, never deletes.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from hubs.hsds.validation import COLLECTIONS, FieldProblem, record_problems
from hubs.models import CommunitySolution, Locality, Partnership, SolutionCategory

MAX_SERVICES = 5000

# Directory field → where it comes from in HSDS, to say which field a problem is in.
HSDS_FIELD_FOR = {
    "name": "name",
    "organisation": "organization.name",
    "description": "description",
    "website": "url",
    "email": "email",
    "cost_to_person": "fees_description",
    "last_verified": "assured_date",
    "phone": "phones[0].number",
    "contact_name": "contacts[0].name",
    "schedule": "schedules[0].description",
    "address": "location.addresses[0].address_1",
    "town": "location.addresses[0].city",
    "postcode": "location.addresses[0].postal_code",
}


@dataclass(frozen=True)
class Problem:
    record: str  # e.g. "services[3] “Lunch club” (id 1f0c…)"
    field: str
    message: str


@dataclass
class PlannedEntry:
    record: str
    service_id: uuid.UUID
    organization_id: uuid.UUID
    location_id: uuid.UUID | None
    category: SolutionCategory
    localities: list[Locality]
    values: dict[str, Any]
    existing: CommunitySolution | None = None


@dataclass
class ImportPlan:
    entries: list[PlannedEntry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _label(collection: str, index: int, record: Any) -> str:
    if not isinstance(record, dict):
        return f"{collection}[{index}]"
    name = record.get("name")
    label = f"{collection}[{index}]"
    if isinstance(name, str) and name:
        label += f" “{name[:60]}”"
    if isinstance(record.get("id"), str):
        label += f" (id {record['id']})"
    return label


def _as_uuid(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return None


def _records(document: dict[str, Any]) -> Iterator[tuple[str, str, int, dict[str, Any] | Any]]:
    """(collection, label, index, record) for every record, services nested in organizations
    included (as HSDS ``organization_full`` files carry them)."""
    for collection in COLLECTIONS:
        for index, record in enumerate(document.get(collection) or []):
            yield collection, _label(collection, index, record), index, record
            if collection == "organizations" and isinstance(record, dict):
                for inner, service in enumerate(record.get("services") or []):
                    if isinstance(service, dict):
                        label = _label(f"organizations[{index}].services", inner, service)
                        yield "nested_services", label, inner, (record, service)


def _check_shape(document: Any, plan: ImportPlan) -> bool:
    if not isinstance(document, dict):
        plan.problems.append(
            Problem("the file", "", "should be one JSON object with lists such as “services”.")
        )
        return False
    lists = [name for name in COLLECTIONS if name in document]
    if "services" not in document and "organizations" not in document:
        plan.problems.append(
            Problem("the file", "services", "is missing: there are no services to import.")
        )
    for name in lists:
        if not isinstance(document[name], list):
            plan.problems.append(Problem("the file", name, "should be a list of records."))
    return not plan.problems


class _Categories:
    """Our categories, found by HSDS term id, or by a term's code or name."""

    def __init__(self, terms_in_file: dict[uuid.UUID, dict[str, Any]]) -> None:
        categories = list(SolutionCategory.objects.all())
        self.by_id = {category.hsds_id: category for category in categories}
        self.by_word = {}
        for category in categories:
            self.by_word[category.slug.lower()] = category
            self.by_word[category.name.lower()] = category
        self.terms_in_file = terms_in_file
        self.names = ", ".join(sorted(category.name for category in categories))

    def find(
        self, term_id: uuid.UUID | None, term: dict[str, Any] | None
    ) -> SolutionCategory | None:
        if term_id in self.by_id:
            return self.by_id[term_id]
        term = term or self.terms_in_file.get(term_id) or {}
        for key in ("code", "name"):
            word = term.get(key)
            if isinstance(word, str) and word.strip().lower() in self.by_word:
                return self.by_word[word.strip().lower()]
        return None


def _category(service: dict[str, Any], categories: _Categories) -> SolutionCategory | None:
    for attribute in service.get("attributes") or []:
        term = attribute.get("taxonomy_term")
        term_id = _as_uuid(attribute.get("taxonomy_term_id") or (term or {}).get("id"))
        found = categories.find(term_id, term)
        if found is not None:
            return found
    return None


def _first(service: dict[str, Any], key: str, attribute: str, label: str, plan: ImportPlan) -> str:
    items = service.get(key) or []
    if len(items) > 1:
        plan.notes.append(f"{label}: only the first of its {key} is kept.")
    return str(items[0].get(attribute) or "").strip() if items else ""


def _assured_date(value: Any) -> datetime.date | str | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        return "bad"


def hsds_import_plan(*, partnership: Partnership, document: Any) -> ImportPlan:
    """Check a whole exchange file and work out what importing it would do. Writes nothing."""
    plan = ImportPlan()
    if not _check_shape(document, plan):
        return plan

    organizations: dict[uuid.UUID, dict[str, Any]] = {}
    locations: dict[uuid.UUID, dict[str, Any]] = {}
    terms: dict[uuid.UUID, dict[str, Any]] = {}
    services: list[tuple[str, dict[str, Any], uuid.UUID | None]] = []  # label, record, org id
    links: list[tuple[str, dict[str, Any]]] = []
    seen: dict[tuple[str, uuid.UUID], str] = {}
    ids_in_file: set[tuple[str, uuid.UUID]] = set()  # valid records or not

    for collection, label, _index, record in _records(document):
        kind = "service" if collection == "nested_services" else COLLECTIONS[collection]
        owner = None
        if collection == "nested_services":
            owner, record = record
        if isinstance(record, dict) and _as_uuid(record.get("id")):
            ids_in_file.add((kind, _as_uuid(record.get("id"))))
        problems = record_problems(kind, record)
        plan.problems.extend(Problem(label, p.field, p.message) for p in problems)
        if problems:
            continue
        record_id = uuid.UUID(record["id"])
        key = ("service" if kind == "service" else kind, record_id)
        if key in seen:
            plan.problems.append(
                Problem(label, "id", f"is used twice: {seen[key]} has the same id.")
            )
            continue
        seen[key] = label
        if kind == "organization":
            organizations[record_id] = record
        elif kind == "location":
            locations[record_id] = record
        elif kind == "taxonomy_term":
            terms[record_id] = record
        elif kind == "service":
            owner_id = _as_uuid(owner["id"]) if owner else None
            services.append((label, record, owner_id))
        elif kind == "service_at_location":
            links.append((label, record))

    if len(services) > MAX_SERVICES:
        plan.problems.append(
            Problem("the file", "services", f"has more than {MAX_SERVICES} services: split it.")
        )
        return plan
    # Records that failed their schema were left out above; the others are checked further,
    # so one upload reports every problem in the file.

    service_ids = {uuid.UUID(record["id"]) for _label, record, _owner in services}
    location_of: dict[uuid.UUID, uuid.UUID] = {}
    for label, link in links:
        service_id, location_id = (
            _as_uuid(link.get("service_id")),
            _as_uuid(link.get("location_id")),
        )
        if ("service", service_id) not in ids_in_file:
            plan.problems.append(
                Problem(label, "service_id", "does not match any service in the file.")
            )
        if ("location", location_id) not in ids_in_file:
            plan.problems.append(
                Problem(label, "location_id", "does not match any location in the file.")
            )
        if service_id in service_ids and location_id in locations:
            if service_id in location_of:
                plan.notes.append(f"{label}: the service already has a location; kept the first.")
            else:
                location_of[service_id] = location_id

    categories = _Categories(terms)
    localities = {loc.name.lower(): loc for loc in Locality.objects.in_partnership(partnership.pk)}
    existing = _existing(partnership, service_ids)
    for label, service, owner_id in services:
        _plan_service(
            plan, partnership, label, service, owner_id, organizations, locations,
            location_of, categories, localities, existing, ids_in_file,
        )  # fmt: skip
    if plan.problems:
        plan.entries = []
    return plan


def _existing(partnership: Partnership, ids: set[uuid.UUID]) -> dict[uuid.UUID, CommunitySolution]:
    """This partnership's entries for the file's service ids: by the id, else by the id earlier
    imports gave their copy when another partnership held the id (uuid5 of it and our slug)."""
    legacy = {
        uuid.uuid5(service_id, f"partnership:{partnership.slug}"): service_id for service_id in ids
    }
    entries = CommunitySolution.objects.filter(partnership=partnership)
    found = {}
    for entry in entries.filter(hsds_service_id__in=ids | set(legacy)).order_by("pk"):
        if entry.hsds_service_id in ids:
            found[entry.hsds_service_id] = entry  # its own id wins over a legacy copy
        else:
            found.setdefault(legacy[entry.hsds_service_id], entry)
    return found


def _plan_service(
    plan: ImportPlan,
    partnership: Partnership,
    label: str,
    service: dict[str, Any],
    owner_id: uuid.UUID | None,
    organizations: dict[uuid.UUID, dict[str, Any]],
    locations: dict[uuid.UUID, dict[str, Any]],
    location_of: dict[uuid.UUID, uuid.UUID],
    categories: _Categories,
    localities: dict[str, Locality],
    existing: dict[uuid.UUID, CommunitySolution],
    ids_in_file: set[tuple[str, uuid.UUID]],
) -> None:
    service_id = uuid.UUID(service["id"])
    problems: list[FieldProblem] = []

    organization_id = owner_id or _as_uuid(service.get("organization_id"))
    organization = organizations.get(organization_id) if organization_id else None
    if organization is None and isinstance(service.get("organization"), dict):
        organization = service["organization"]  # carried inside the service
    if organization is None and ("organization", organization_id) in ids_in_file:
        return  # its organization is in the file but has problems of its own, reported there
    if organization is None:
        problems.append(
            FieldProblem(
                "organization_id",
                "does not match any organization in the file: every service needs the "
                "organization that runs it.",
            )
        )
    else:
        organization_id = uuid.UUID(organization["id"])

    category = _category(service, categories)
    if category is None:
        problems.append(
            FieldProblem(
                "attributes",
                "has no category this directory knows. Link the service to a taxonomy term "
                f"whose name or code is one of: {categories.names}.",
            )
        )

    location_id = location_of.get(service_id)
    address = {}
    if location_id is not None:
        address = (locations[location_id].get("addresses") or [{}])[0]

    verified = _assured_date(service.get("assured_date"))
    if verified == "bad":
        problems.append(FieldProblem("assured_date", "should be a date like 2026-03-31."))
        verified = None
    elif verified and verified > timezone.localdate():
        problems.append(FieldProblem("assured_date", "cannot be in the future."))

    values = {
        "name": str(service.get("name") or "").strip(),
        "organisation": str((organization or {}).get("name") or "").strip(),
        "description": str(service.get("description") or "").strip(),
        "website": str(service.get("url") or "").strip(),
        "email": str(service.get("email") or "").strip(),
        "cost_to_person": str(service.get("fees_description") or "").strip(),
        "last_verified": verified,
        "is_active": service.get("status") == "active",
        "phone": _first(service, "phones", "number", label, plan),
        "contact_name": _first(service, "contacts", "name", label, plan),
        "schedule": _first(service, "schedules", "description", label, plan),
        "address": str(address.get("address_1") or "").strip(),
        "town": str(address.get("city") or "").strip(),
        "postcode": str(address.get("postal_code") or "").strip(),
    }
    if category is not None:
        candidate = CommunitySolution(partnership=partnership, category=category, **values)
        try:
            candidate.clean_fields(
                exclude=["hsds_service_id", "hsds_organization_id", "hsds_location_id"]
            )
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                for message in messages:
                    problems.append(FieldProblem(HSDS_FIELD_FOR.get(name, name), message))

    chosen_localities = []
    for area in service.get("service_areas") or []:
        name = str(area.get("name") or "").strip()
        if name.lower() in localities:
            chosen_localities.append(localities[name.lower()])
        elif name:
            plan.notes.append(
                f"{label}: “{name}” is not one of your localities, so it was left out."
            )

    if problems:
        plan.problems.extend(Problem(label, p.field, p.message) for p in problems)
        return

    match = existing.get(service_id)
    plan.entries.append(
        PlannedEntry(
            record=label,
            service_id=service_id,
            organization_id=organization_id,
            location_id=location_id,
            category=category,
            localities=sorted(set(chosen_localities), key=lambda loc: loc.pk),
            values=values,
            existing=match,
        )
    )
