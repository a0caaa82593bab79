"""The administrator's set-up page: the steps in order, each with what is there already."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cls_portal.accounts import setup
from cls_portal.accounts.setup import SetUpStep, setup_step_register, setup_steps
from cls_portal.permissions import Role
from tests.factories import HubFactory


def test_the_steps_come_in_order_with_their_counts(world, users, login):
    HubFactory(locality=world.locality)
    page = login(users[Role.ADMIN]).get(reverse("accounts:setup")).content.decode()
    page = page[page.index('class="setup-steps"') :]  # not the navigation bar
    titles = ["Localities", "Hubs", "Staff", "Peer forums", "Settings"]
    positions = [page.index(f">{title}</a>") for title in titles]
    assert positions == sorted(positions)
    steps = {s["step"].title: s["count"] for s in setup_steps(partnership_id=world.partnership.pk)}
    assert steps["Localities"] == 2 and steps["Hubs"] == 1 and steps["Peer forums"] == 0
    assert steps["Staff"] == 5  # the five users of partnership A


def test_a_step_whose_page_is_not_installed_shows_without_a_link(world, users, login, monkeypatch):
    monkeypatch.setattr(setup, "_STEPS", dict(setup._STEPS))  # registered for this test only
    setup_step_register(SetUpStep(50, "Import records", "imports:not_here", "Bring records in."))
    page = login(users[Role.ADMIN]).get(reverse("accounts:setup")).content.decode()
    assert "Import records" in page and "imports:not_here" not in page


@pytest.mark.parametrize("role", [Role.HUB_WORKER, Role.PRACTITIONER, Role.FORUM_MANAGER,
                                  Role.HSCP_LEAD])  # fmt: skip
def test_only_administrators_see_the_set_up_page(role, users, login):
    assert login(users[role]).get(reverse("accounts:setup")).status_code == 403


def test_counts_are_of_the_admins_own_partnership(world, users, login):
    HubFactory(locality=world.outsider_locality)
    steps = {s["step"].title: s["count"] for s in setup_steps(partnership_id=world.partnership.pk)}
    assert steps["Hubs"] == 0
