"""The set-up steps accounts knows: localities, hubs, staff, and the partnership's settings
(peer_forum registers its forums between staff and importing)."""

from __future__ import annotations

from cls_portal.accounts.models import User
from cls_portal.accounts.setup import SetUpStep
from hubs.models import Hub, Locality


def _localities(partnership_id: int) -> int:
    return Locality.objects.filter(partnership_id=partnership_id, is_active=True).count()


def _hubs(partnership_id: int) -> int:
    return Hub.objects.filter(partnership_id=partnership_id, is_active=True).count()


def _staff(partnership_id: int) -> int:
    return User.objects.filter(partnership_id=partnership_id, is_active=True).count()


STEPS = [
    SetUpStep(
        10,
        "Localities",
        "hubs:locality_list",
        "The parts of your area. Staff work in localities; each person's record belongs to one.",
        _localities,
    ),
    SetUpStep(
        20,
        "Hubs",
        "hubs:hub_list",
        "Where people drop in: the address, postcode and usual days of each.",
        _hubs,
    ),
    SetUpStep(
        30,
        "Staff",
        "accounts:user_list",
        "Invite each member of staff by e-mail, with their role and localities.",
        _staff,
        "can sign in",
    ),
    SetUpStep(
        90,
        "Settings",
        "hubs:partnership_settings",
        "How long records are kept, the SWEMWBS licence and when reports are made.",
    ),
]
