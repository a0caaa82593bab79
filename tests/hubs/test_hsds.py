"""Open Referral HSDS 3.0 exchange of the directory: every exported object validates against
the published schemas; ids are stable; export then import round-trips; a bad file is
rejected with a report of every problem and changes nothing."""

from __future__ import annotations

import copy
import datetime
import gzip
import hashlib
import json
import uuid
from pathlib import Path

import jsonschema
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cls_portal.audit.models import AuditEntry
from cls_portal.permissions import Role
from hubs.hsds.export import hsds_document
from hubs.hsds.validation import FORMAT_CHECKER, SCHEMA_PATH, make_strict, record_problems
from hubs.models import CommunitySolution, SolutionCategory
from hubs.services.hsds import hsds_directory_import
from tests.factories import CommunitySolutionFactory

# The published HSDS 3.0 files, copied unchanged (see its README).
PUBLISHED = Path(__file__).resolve().parent / "hsds_published"
# SHA-256 of the published schema/compiled/service_with_definitions.json at that commit.
SERVICE_WITH_DEFINITIONS_SHA256 = "17df4020073468832621c81fb028e097aaa306ab88db8c77f859c271f32de130"


def _published(name: str) -> dict:
    with gzip.open(PUBLISHED / "schema" / f"{name}.json.gz", "rt", encoding="utf-8") as file:
        return json.load(file)


def published_validators() -> dict[str, jsonschema.Draft202012Validator]:
    """Validators built from the published, self-contained schemas, for each list of the file.
    Strict like the upstream checker (no undefined properties) and with formats checked."""
    service, organization = _published("service"), _published("organization")
    service_at_location = _published("service_at_location")
    term = service["properties"]["attributes"]["items"]["properties"]["taxonomy_term"]
    schemas = {
        "organizations": organization,
        "services": service,
        "service_at_locations": service_at_location,
        "locations": service_at_location["properties"]["location"],
        "taxonomy_terms": term,
        "taxonomies": term["properties"]["taxonomy_detail"],
    }
    return {
        name: jsonschema.Draft202012Validator(make_strict(schema), format_checker=FORMAT_CHECKER)
        for name, schema in schemas.items()
    }


@pytest.fixture
def directory(world):
    """Three entries of partnership A (two run by one organisation) and one of B."""
    lunch = SolutionCategory.objects.get(slug="lunch-clubs")
    sheds = SolutionCategory.objects.get(slug="mens-sheds")
    world.partnership.council_area = "Riverside Council"
    world.partnership.save()
    club = CommunitySolutionFactory(
        partnership=world.partnership, name="Tuesday Lunch Club", organisation="Age Scotland",
        category=lunch, description="Hot lunch and company.", contact_name="Jean",
        phone="01234 567890", email="lunch@example.org", website="https://example.org/lunch",
        address="1 Kirk Street", town="Riverside", postcode="RV1 2AB", schedule="Tuesdays 12–2",
        cost_to_person="£3.50 a meal", last_verified=datetime.date(2026, 3, 1),
    )  # fmt: skip
    club.localities.set([world.locality, world.other_locality])
    lunch_two = CommunitySolutionFactory(
        partnership=world.partnership, name="Friday Lunch", organisation="Age Scotland",
        category=lunch, hsds_organization_id=club.hsds_organization_id, last_verified=None,
    )  # fmt: skip
    shed = CommunitySolutionFactory(
        partnership=world.partnership, name="Riverside Shed", organisation="Shed Trust",
        category=sheds, is_active=False, town="Riverside",
    )  # fmt: skip
    CommunitySolutionFactory(partnership=world.outsider_partnership, name="Hill Walkers")
    return [club, lunch_two, shed]


def _without_times(document: dict) -> dict:
    document = copy.deepcopy(document)
    document.pop("generated_at")
    for service in document["services"]:
        service.pop("last_modified", None)
    return document


def _fingerprint(partnership) -> list[tuple]:
    """Everything the file carries about each entry (an entry with no address has no HSDS
    location, so its unused location id is not part of the exchange)."""
    return [
        (
            entry.hsds_service_id,
            entry.hsds_organization_id,
            entry.hsds_location_id if (entry.address or entry.town or entry.postcode) else None,
            entry.name,
            entry.organisation,
            entry.description,
            entry.category.slug,
            entry.contact_name,
            entry.phone,
            entry.email,
            entry.website,
            entry.address,
            entry.town,
            entry.postcode,
            entry.schedule,
            entry.cost_to_person,
            entry.last_verified,
            entry.is_active,
            tuple(entry.localities.order_by("pk").values_list("pk", flat=True)),
        )
        for entry in CommunitySolution.objects.filter(partnership=partnership).order_by("name")
    ]


# ---------------------------------------------------------------- export


def test_the_vendored_schema_is_the_published_one():
    assert hashlib.sha256(SCHEMA_PATH.read_bytes()).hexdigest() == SERVICE_WITH_DEFINITIONS_SHA256


def test_every_exported_object_validates_against_the_published_schemas(world, directory):
    document = hsds_document(partnership=world.partnership)
    validators = published_validators()
    checked = 0
    for name, validator in validators.items():
        assert document[name], f"the export has no {name}"
        for record in document[name]:
            errors = [f"{name}: {error.message}" for error in validator.iter_errors(record)]
            assert errors == []
            assert record_problems(
                {"organizations": "organization", "services": "service",
                 "service_at_locations": "service_at_location", "locations": "location",
                 "taxonomy_terms": "taxonomy_term", "taxonomies": "taxonomy"}[name],
                record,
            ) == []  # fmt: skip
            checked += 1
    assert checked >= 3 + 2 + 2 + 2 + 20 + 1


def test_the_strict_published_check_would_catch_a_misspelt_field(world, directory):
    record = hsds_document(partnership=world.partnership)["services"][0] | {"nmae": "x"}
    assert list(published_validators()["services"].iter_errors(record))


def test_the_export_has_one_organisation_per_organisation_and_nothing_of_other_partnerships(
    world, directory
):
    document = hsds_document(partnership=world.partnership)
    assert sorted(o["name"] for o in document["organizations"]) == ["Age Scotland", "Shed Trust"]
    assert "Hill Walkers" not in json.dumps(document)
    club = next(s for s in document["services"] if s["name"] == "Tuesday Lunch Club")
    assert club["organization_id"] == str(directory[0].hsds_organization_id)
    assert club["phones"][0]["number"] == "01234 567890"
    assert [area["name"] for area in club["service_areas"]] == ["North", "South"]
    assert club["attributes"][0]["taxonomy_term"]["code"] == "lunch-clubs"
    address = next(
        loc for loc in document["locations"] if loc["id"] == str(directory[0].hsds_location_id)
    )["addresses"][0]
    assert (address["postal_code"], address["state_province"], address["country"]) == (
        "RV1 2AB", "Riverside Council", "GB",
    )  # fmt: skip
    shed = next(s for s in document["services"] if s["name"] == "Riverside Shed")
    assert shed["status"] == "inactive"


def test_ids_are_the_models_uuids_and_stay_the_same_from_one_export_to_the_next(world, directory):
    first = hsds_document(partnership=world.partnership)
    second = hsds_document(partnership=world.partnership)
    assert _without_times(first) == _without_times(second)
    assert {s["id"] for s in first["services"]} == {str(e.hsds_service_id) for e in directory}
    for service in first["services"]:
        for child in service.get("phones", []) + service["service_areas"] + service["attributes"]:
            assert uuid.UUID(child["id"]).version == 5  # derived from the service's id


# ---------------------------------------------------------------- import


def test_export_then_import_round_trips(world, users, directory):
    before = _fingerprint(world.partnership)
    document = json.loads(json.dumps(hsds_document(partnership=world.partnership)))
    CommunitySolution.objects.filter(partnership=world.partnership).delete()

    result = hsds_directory_import(
        actor=users[Role.ADMIN], partnership=world.partnership, document=document
    )

    assert result.ok and result.created == 3
    assert _fingerprint(world.partnership) == before
    again = hsds_document(partnership=world.partnership)
    assert _without_times(again) == _without_times(document)


def test_importing_the_same_file_again_changes_nothing(world, users, directory):
    document = json.loads(json.dumps(hsds_document(partnership=world.partnership)))
    stamps = list(CommunitySolution.objects.order_by("pk").values_list("updated_at", flat=True))
    result = hsds_directory_import(
        actor=users[Role.ADMIN], partnership=world.partnership, document=document
    )
    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
    assert (
        list(CommunitySolution.objects.order_by("pk").values_list("updated_at", flat=True))
        == stamps
    )
    assert not AuditEntry.objects.exists()


def test_an_import_updates_changed_entries_and_adds_new_ones(world, users, directory):
    document = json.loads(json.dumps(hsds_document(partnership=world.partnership)))
    document["services"][0]["name"] = "Renamed Lunch"
    new_id = str(uuid.uuid4())
    document["organizations"].append(
        {"id": str(uuid.uuid4()), "name": "Dog Walkers", "description": ""}
    )
    document["services"].append(
        {
            "id": new_id, "name": "Dog walking buddies", "status": "active",
            "organization_id": document["organizations"][-1]["id"],
            "attributes": [{"id": str(uuid.uuid4()), "taxonomy_term": {
                "id": str(uuid.uuid4()), "name": "Befriending", "description": "x"}}],
            "service_areas": [{"id": str(uuid.uuid4()), "name": "north"}, {"id": str(uuid.uuid4()), "name": "Atlantis"}],
        }
    )  # fmt: skip
    result = hsds_directory_import(
        actor=users[Role.HUB_WORKER], partnership=world.partnership, document=document
    )
    assert (result.created, result.updated, result.unchanged) == (1, 1, 2)
    added = CommunitySolution.objects.get(hsds_service_id=new_id)
    assert (added.organisation, added.category.slug) == ("Dog Walkers", "befriending")
    assert list(added.localities.all()) == [world.locality]
    assert any("Atlantis" in note for note in result.notes)
    assert CommunitySolution.objects.filter(name="Renamed Lunch").exists()


def test_a_bad_file_is_rejected_with_every_problem_and_changes_nothing(world, users, directory):
    document = json.loads(json.dumps(hsds_document(partnership=world.partnership)))
    before = _fingerprint(world.partnership)
    good_org = document["organizations"][0]["id"]
    document["services"][0]["name"] = "Changed but must not be saved"
    document["services"][1]["nmae"] = document["services"][1].pop("name")  # misspelt
    document["services"][2]["email"] = "not-an-email"
    document["services"].append(
        {"id": "not-a-uuid", "name": "Bad id", "status": "active", "organization_id": good_org}
    )
    document["services"].append(
        {"id": str(uuid.uuid4()), "name": "No such organisation", "status": "active",
         "organization_id": str(uuid.uuid4()),
         "attributes": [{"id": str(uuid.uuid4()), "taxonomy_term_id": str(uuid.uuid4())}]}
    )  # fmt: skip
    document["services"].append(
        {"id": str(uuid.uuid4()), "name": "N" * 151, "status": "active",
         "organization_id": good_org, "assured_date": "2999-01-01",
         "attributes": [{"id": str(uuid.uuid4()), "taxonomy_term": {
             "id": str(uuid.uuid4()), "name": "Men's sheds", "description": "x"}}]}
    )  # fmt: skip
    document["service_at_locations"].append(
        {"id": str(uuid.uuid4()), "service_id": document["services"][0]["id"],
         "location_id": str(uuid.uuid4())}
    )  # fmt: skip
    audit_rows = AuditEntry.objects.count()

    result = hsds_directory_import(
        actor=users[Role.ADMIN], partnership=world.partnership, document=document
    )

    assert not result.ok
    found = {(p.record.split(" ")[0], p.field) for p in result.problems}
    assert ("services[1]", "") in found  # “nmae” is not an HSDS field
    assert ("services[1]", "name") in found  # and name is missing
    assert ("services[2]", "email") in found
    assert ("services[3]", "id") in found
    assert ("services[4]", "organization_id") in found
    assert ("services[4]", "attributes") in found  # no category we know
    assert ("services[5]", "name") in found  # longer than 150 characters
    assert ("services[5]", "assured_date") in found  # in the future
    assert any(p.field == "location_id" for p in result.problems)
    messages = " ".join(p.message for p in result.problems)
    assert "misspelt" in messages and "not a valid email" in messages
    assert "Befriending" in messages  # says which categories exist
    assert _fingerprint(world.partnership) == before
    assert AuditEntry.objects.count() == audit_rows


def test_a_file_that_is_not_an_hsds_document_says_so(world, users):
    for document in ([1, 2], {"services": "lots"}, {"nothing": []}):
        result = hsds_directory_import(
            actor=users[Role.ADMIN], partnership=world.partnership, document=document
        )
        assert not result.ok and result.problems[0].record == "the file"


def test_an_id_of_another_partnerships_entry_is_this_partnerships_own_too(world, users, directory):
    outsider_file = json.loads(json.dumps(hsds_document(partnership=world.outsider_partnership)))
    first = hsds_directory_import(
        actor=users[Role.ADMIN], partnership=world.partnership, document=outsider_file
    )
    again = hsds_directory_import(
        actor=users[Role.ADMIN], partnership=world.partnership, document=outsider_file
    )
    assert (first.created, again.created, again.unchanged) == (1, 0, 1)
    copies = CommunitySolution.objects.filter(partnership=world.partnership, name="Hill Walkers")
    original = CommunitySolution.objects.get(partnership=world.outsider_partnership)
    assert copies.count() == 1 and copies.get().hsds_service_id == original.hsds_service_id
    assert first.notes == [] and original.partnership == world.outsider_partnership


def test_services_carried_inside_their_organization_are_imported(world, users):
    org_id = str(uuid.uuid4())
    document = {
        "organizations": [
            {"id": org_id, "name": "Carers Centre", "description": "Support for carers",
             "services": [{"id": str(uuid.uuid4()), "name": "Carers' café", "status": "active",
                           "attributes": [{"id": str(uuid.uuid4()), "taxonomy_term": {
                               "id": str(uuid.uuid4()), "code": "carers-support", "name": "Carers",
                               "description": "x"}}]}]}
        ]
    }  # fmt: skip
    result = hsds_directory_import(
        actor=users[Role.ADMIN], partnership=world.partnership, document=document
    )
    assert result.ok and result.created == 1
    entry = CommunitySolution.objects.get(name="Carers' café")
    assert (entry.organisation, str(entry.hsds_organization_id)) == ("Carers Centre", org_id)


def test_the_published_full_examples_pass_our_validator():
    for kind, name in [("service", "service_full"), ("organization", "organization_full"),
                       ("service_at_location", "service_at_location_full"),
                       ("location", "location"), ("taxonomy_term", "taxonomy_term")]:  # fmt: skip
        example = json.loads((PUBLISHED / "examples" / f"{name}.json").read_text(encoding="utf-8"))
        assert record_problems(kind, example) == []


# ---------------------------------------------------------------- pages and API


@pytest.mark.parametrize("role", [Role.HUB_WORKER, Role.ADMIN])
def test_editors_download_the_export_and_see_the_upload_page(users, login, directory, role):
    client = login(users[role])
    assert client.get(reverse("hubs:directory_exchange")).status_code == 200
    response = client.get(reverse("hubs:directory_export"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="riverside-test-')
    assert len(json.loads(response.content)["services"]) == 3


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.FORUM_MANAGER, Role.HSCP_LEAD])
def test_other_roles_may_not_export_or_import(users, login, role):
    client = login(users[role])
    assert client.get(reverse("hubs:directory_export")).status_code == 403
    assert client.post(reverse("hubs:directory_import")).status_code == 403
    assert client.get(reverse("api_directory_hsds")).status_code == 403


def test_an_outsider_exports_only_their_own_directory(users, login, directory):
    response = login(users["outsider_admin"]).get(reverse("hubs:directory_export"))
    names = [service["name"] for service in json.loads(response.content)["services"]]
    assert names == ["Hill Walkers"]


def test_uploading_a_file_imports_it_and_reports_what_happened(world, users, login, directory):
    document = hsds_document(partnership=world.partnership)
    CommunitySolution.objects.filter(partnership=world.partnership).delete()
    upload = SimpleUploadedFile("directory.json", json.dumps(document).encode(), "application/json")
    response = login(users[Role.HUB_WORKER]).post(
        reverse("hubs:directory_import"), {"file": upload}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "3 new entries" in page
    assert CommunitySolution.objects.filter(partnership=world.partnership).count() == 3


def test_uploading_a_bad_file_lists_the_problems_and_imports_nothing(world, users, login):
    document = {"organizations": [], "services": [{"id": str(uuid.uuid4()), "status": "open"}]}
    upload = SimpleUploadedFile("bad.json", json.dumps(document).encode(), "application/json")
    response = login(users[Role.HUB_WORKER]).post(
        reverse("hubs:directory_import"), {"file": upload}
    )
    page = response.content.decode()
    assert "Nothing was imported" in page
    assert "is missing: HSDS 3.0 requires it." in page and "“open” is not allowed" in page
    assert not CommunitySolution.objects.exists()


def test_uploading_something_that_is_not_json_says_so(users, login):
    upload = SimpleUploadedFile("notes.json", b"\x89PNG not json", "application/json")
    response = login(users[Role.HUB_WORKER]).post(
        reverse("hubs:directory_import"), {"file": upload}
    )
    assert "is not valid JSON" in response.content.decode()


def test_the_api_exports_and_imports_with_the_same_rules(world, users, login, directory):
    client = login(users[Role.HUB_WORKER])
    exported = client.get(reverse("api_directory_hsds"))
    assert exported.status_code == 200
    document = json.loads(exported.content)
    document["services"][0]["status"] = "open"
    bad = client.post(reverse("api_directory_hsds"), document, content_type="application/json")
    assert bad.status_code == 400
    assert bad.json()["problems"][0]["field"] == "status"
    good = client.post(
        reverse("api_directory_hsds"), json.loads(exported.content), content_type="application/json"
    )
    assert good.status_code == 200 and good.json()["unchanged"] == 3
