"""The directory services: organisation ids shared by an organisation's entries (so the HSDS
export has one organisation each), quiet no-op updates, and scope checks."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from cls_portal.audit.models import AuditEntry
from cls_portal.permissions import Role
from hubs.models import SolutionCategory
from hubs.services.directory import solution_create, solution_update


@pytest.fixture
def befriending(db):
    return SolutionCategory.objects.get(slug="befriending")


@pytest.fixture
def admin(users):
    return users[Role.ADMIN]


def test_entries_of_one_organisation_share_its_hsds_organisation_id(world, admin, befriending):
    first = solution_create(
        actor=admin, partnership=world.partnership, name="Phone friends",
        organisation="Befriending Network", category=befriending,
    )  # fmt: skip
    second = solution_create(
        actor=admin, partnership=world.partnership, name="Walk and talk",
        organisation="befriending network ", category=befriending,
    )  # fmt: skip
    other = solution_create(
        actor=admin, partnership=world.partnership, name="Tea dance",
        organisation="Age Scotland", category=befriending,
    )  # fmt: skip
    assert first.hsds_organization_id == second.hsds_organization_id
    assert other.hsds_organization_id != first.hsds_organization_id
    assert second.organisation == "befriending network"  # trimmed


def test_moving_an_entry_to_a_new_organisation_gives_it_its_own_organisation_id(
    world, admin, befriending
):
    first = solution_create(
        actor=admin,
        partnership=world.partnership,
        name="A",
        organisation="Org",
        category=befriending,
    )
    second = solution_create(
        actor=admin,
        partnership=world.partnership,
        name="B",
        organisation="Org",
        category=befriending,
    )
    moved = solution_update(actor=admin, solution=second, organisation="New Org")
    assert moved.hsds_organization_id != first.hsds_organization_id
    renamed = solution_update(actor=admin, solution=moved, organisation="New Org Ltd")
    assert renamed.hsds_organization_id == moved.hsds_organization_id  # sole entry: a rename


def test_an_update_that_changes_nothing_writes_no_audit_entry_and_keeps_the_timestamp(
    world, admin, befriending
):
    entry = solution_create(
        actor=admin, partnership=world.partnership, name="A", organisation="Org",
        category=befriending, localities=[world.locality],
    )  # fmt: skip
    stamp = entry.updated_at
    same = solution_update(
        actor=admin, solution=entry, name="A", organisation="Org", category=befriending,
        localities=[world.locality],
    )  # fmt: skip
    assert same.updated_at == stamp
    assert not AuditEntry.objects.filter(action="update").exists()


def test_localities_of_another_partnership_are_refused(world, admin, befriending):
    with pytest.raises(ValidationError) as error:
        solution_create(
            actor=admin, partnership=world.partnership, name="A", organisation="Org",
            category=befriending, localities=[world.outsider_locality],
        )  # fmt: skip
    assert "localities" in error.value.message_dict


def test_a_changed_locality_list_is_audited(world, admin, befriending):
    entry = solution_create(
        actor=admin, partnership=world.partnership, name="A", organisation="Org",
        category=befriending, localities=[world.locality],
    )  # fmt: skip
    solution_update(actor=admin, solution=entry, localities=[world.other_locality])
    change = AuditEntry.objects.get(action="update").changes["localities"]
    assert change == [[world.locality.pk], [world.other_locality.pk]]
