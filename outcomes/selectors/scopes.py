"""Turning "which place?" from a request into a checked ``Scope``, and the choices to offer.

Localities and hubs are looked up through ``visible_to(user)``, so a locality or hub of another
partnership is simply not found: 404, as for any outsider.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import Http404

from hubs.models import Hub, Locality, Partnership
from outcomes.periods import Scope

if TYPE_CHECKING:
    from cls_portal.accounts.models import User


def _as_id(value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise Http404("No such place.") from exc


def scope_for(*, user: User, locality: Any = None, hub: Any = None) -> Scope:
    """The user's partnership, or one of its localities or hubs (404 for anything else).
    A hub scope also carries the hub's locality (figures kept per locality, such as the staff
    pulse, use it)."""
    partnership = Partnership.objects.visible_to(user).first()
    if partnership is None:
        raise Http404("No partnership.")
    hub_id, locality_id = _as_id(hub), _as_id(locality)
    if hub_id:
        found = (
            Hub.objects.visible_to(user)
            .filter(pk=hub_id)
            .values("pk", "name", "locality_id")
            .first()
        )
        if found is None:
            raise Http404("No such hub.")
        return Scope(
            partnership_id=partnership.pk,
            locality_id=found["locality_id"],
            hub_id=found["pk"],
            name=found["name"],
            partnership_name=partnership.name,
        )
    if locality_id:
        locality = Locality.objects.visible_to(user).filter(pk=locality_id)
        name = locality.values_list("name", flat=True).first()
        if name is None:
            raise Http404("No such locality.")
        return Scope(
            partnership_id=partnership.pk,
            locality_id=locality_id,
            name=name,
            partnership_name=partnership.name,
        )
    return Scope(
        partnership_id=partnership.pk, name=partnership.name, partnership_name=partnership.name
    )


def scope_for_partnership(
    *, partnership: Partnership, locality: Locality | None = None, hub: Hub | None = None
) -> Scope:
    """A scope for work done on nobody's behalf (scheduled reports, the management command):
    the caller has already chosen a partnership and checked the place belongs to it."""
    if hub is not None:
        return Scope(
            partnership_id=partnership.pk,
            locality_id=hub.locality_id,
            hub_id=hub.pk,
            name=hub.name,
            partnership_name=partnership.name,
        )
    if locality is not None:
        return Scope(
            partnership_id=partnership.pk,
            locality_id=locality.pk,
            name=locality.name,
            partnership_name=partnership.name,
        )
    return Scope(
        partnership_id=partnership.pk, name=partnership.name, partnership_name=partnership.name
    )


def scope_choices(*, user: User) -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped choices for a place picker: the partnership, its localities, its hubs.
    Values are query strings ("", "locality=3", "hub=7"). Two queries."""
    localities = list(Locality.objects.visible_to(user).order_by("name").values_list("pk", "name"))
    hubs = list(
        Hub.objects.visible_to(user)
        .order_by("locality__name", "name")
        .values_list("pk", "name", "locality__name")
    )
    return [
        ("Partnership", [("", "Whole partnership")]),
        ("Localities", [(f"locality={pk}", name) for pk, name in localities]),
        ("Hubs", [(f"hub={pk}", f"{name} ({locality})") for pk, name, locality in hubs]),
    ]
