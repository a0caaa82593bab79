"""Writing a partnership's directory as an Open Referral HSDS 3.0 exchange file.

Mapping (CommunitySolution → HSDS):
- the entry → a ``service`` (name, description, url ← website, email, status ← still running,
  fees_description ← cost to the person, assured_date ← last checked, last_modified,
  phones[0], contacts[0], schedules[0] ← "when", service_areas ← its localities, attributes ←
  its category as a taxonomy term);
- "run by" → an ``organization`` (one per distinct organisation id);
- address, town and postcode → a ``location`` with one physical address (state_province is the
  partnership's council area, as the HSDS UK note asks), linked by a ``service_at_location``;
- the category list → one ``taxonomy`` and its ``taxonomy_terms``.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from hubs.models import CommunitySolution, Locality, Partnership, SolutionCategory

HSDS_VERSION = "3.0"
# The portal's category list as an HSDS taxonomy: one fixed id on every installation.
TAXONOMY_ID = uuid.uuid5(uuid.NAMESPACE_URL, "cls-portal/taxonomy/community-solution-categories")
TAXONOMY_NAME = "CLS Portal community solution categories"
LINK_TYPE_CATEGORY = "category"
COUNTRY = "GB"


def child_id(parent: uuid.UUID, what: str) -> str:
    """A stable id for a small record that hangs off a stable one (a phone of a service…)."""
    return str(uuid.uuid5(parent, what))


def taxonomy_record() -> dict[str, Any]:
    return {
        "id": str(TAXONOMY_ID),
        "name": TAXONOMY_NAME,
        "description": "Kinds of local community solution people are connected to in "
        "Community-Led Support (befriending, men's sheds, carers' support, …).",
        "version": "1",
    }


def taxonomy_term_record(category: SolutionCategory) -> dict[str, Any]:
    return {
        "id": str(category.hsds_id),
        "code": category.slug,
        "name": category.name,
        "description": category.name,
        "taxonomy": TAXONOMY_NAME,
        "taxonomy_id": str(TAXONOMY_ID),
    }


def service_record(solution: CommunitySolution) -> dict[str, Any]:
    sid = solution.hsds_service_id
    record: dict[str, Any] = {
        "id": str(sid),
        "organization_id": str(solution.hsds_organization_id),
        "name": solution.name,
        "description": solution.description,
        "status": "active" if solution.is_active else "inactive",
    }
    if solution.website:
        record["url"] = solution.website
    if solution.email:
        record["email"] = solution.email
    if solution.cost_to_person:
        record["fees_description"] = solution.cost_to_person
    if solution.last_verified:
        record["assured_date"] = solution.last_verified.isoformat()
    if solution.updated_at:
        record["last_modified"] = solution.updated_at.astimezone(datetime.UTC).isoformat()
    if solution.phone:
        record["phones"] = [
            {"id": child_id(sid, "phone"), "service_id": str(sid), "number": solution.phone}
        ]
    if solution.contact_name:
        record["contacts"] = [
            {"id": child_id(sid, "contact"), "service_id": str(sid), "name": solution.contact_name}
        ]
    if solution.schedule:
        record["schedules"] = [
            {
                "id": child_id(sid, "schedule"),
                "service_id": str(sid),
                "description": solution.schedule,
            }
        ]
    record["service_areas"] = [
        {
            "id": child_id(sid, f"service_area:{locality.slug}"),
            "service_id": str(sid),
            "name": locality.name,
        }
        for locality in solution.localities.all()
    ]
    record["attributes"] = [
        {
            "id": child_id(sid, f"attribute:{solution.category.hsds_id}"),
            "link_id": str(sid),
            "link_type": LINK_TYPE_CATEGORY,
            "link_entity": "service",
            "taxonomy_term_id": str(solution.category.hsds_id),
            "taxonomy_term": taxonomy_term_record(solution.category),
        }
    ]
    return record


def has_location(solution: CommunitySolution) -> bool:
    return bool(solution.address or solution.town or solution.postcode)


def location_record(solution: CommunitySolution, partnership: Partnership) -> dict[str, Any]:
    lid = solution.hsds_location_id
    return {
        "id": str(lid),
        "location_type": "physical",
        "organization_id": str(solution.hsds_organization_id),
        "name": solution.name,
        "addresses": [
            {
                "id": child_id(lid, "address"),
                "location_id": str(lid),
                "address_1": solution.address,
                "city": solution.town,
                "state_province": partnership.council_area or partnership.name,
                "postal_code": solution.postcode,
                "country": COUNTRY,
                "address_type": "physical",
            }
        ],
    }


def service_at_location_record(solution: CommunitySolution) -> dict[str, Any]:
    sid, lid = solution.hsds_service_id, solution.hsds_location_id
    return {
        "id": child_id(sid, f"service_at_location:{lid}"),
        "service_id": str(sid),
        "location_id": str(lid),
    }


def organization_record(
    organization_id: uuid.UUID, name: str, partnership: Partnership
) -> dict[str, Any]:
    return {
        "id": str(organization_id),
        "name": name,
        "description": f"Runs community solutions listed in the {partnership.name} directory.",
    }


def export_queryset(partnership: Partnership) -> QuerySet[CommunitySolution]:
    """Every entry of the partnership (still running or not), with what the export reads."""
    return (
        CommunitySolution.objects.in_partnership(partnership.pk)
        .select_related("category")
        .prefetch_related(Prefetch("localities", queryset=Locality.objects.order_by("name")))
        .order_by("name", "pk")
    )


def hsds_document(
    *, partnership: Partnership, solutions: Iterable[CommunitySolution] | None = None
) -> dict[str, Any]:
    """The exchange file for a partnership's directory (a fixed number of queries)."""
    solutions = list(export_queryset(partnership) if solutions is None else solutions)
    organizations: dict[uuid.UUID, dict[str, Any]] = {}
    for solution in solutions:
        organizations.setdefault(
            solution.hsds_organization_id,
            organization_record(solution.hsds_organization_id, solution.organisation, partnership),
        )
    located = [solution for solution in solutions if has_location(solution)]
    return {
        "version": HSDS_VERSION,
        "publisher": partnership.name,
        "generated_at": timezone.now().astimezone(datetime.UTC).isoformat(),
        "organizations": list(organizations.values()),
        "services": [service_record(solution) for solution in solutions],
        "locations": [location_record(solution, partnership) for solution in located],
        "service_at_locations": [service_at_location_record(solution) for solution in located],
        "taxonomies": [taxonomy_record()],
        "taxonomy_terms": [
            taxonomy_term_record(category) for category in SolutionCategory.objects.order_by("name")
        ],
    }
