"""Adding and changing hubs (administrators)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction

from cls_portal.audit.services import audit_create, audit_snapshot, audit_update
from hubs.models import Hub, Locality, Partnership
from hubs.postcodes import normalise_postcode

if TYPE_CHECKING:
    from cls_portal.accounts.models import User

HUB_FIELDS = (
    "name",
    "venue_type",
    "address",
    "postcode",
    "usual_days",
    "accessibility_notes",
    "is_active",
)


def _check(
    partnership_id: int,
    locality: Locality,
    name: str,
    exclude_pk: int | None,
    current_locality_id: int | None = None,
) -> None:
    if locality.partnership_id != partnership_id:
        raise ValidationError({"locality": "Choose a locality of your own partnership."})
    if not locality.is_active and locality.pk != current_locality_id:
        raise ValidationError({"locality": f"{locality.name} is no longer in use: choose another."})
    same = Hub.objects.filter(partnership_id=partnership_id, name__iexact=name.strip())
    if exclude_pk is not None:
        same = same.exclude(pk=exclude_pk)
    if same.exists():
        raise ValidationError({"name": "There is already a hub with this name."})


@transaction.atomic
def hub_create(
    *, actor: User, partnership: Partnership, locality: Locality, name: str, **values: Any
) -> Hub:
    _check(partnership.pk, locality, name, None)
    hub = Hub(partnership=partnership, locality=locality, name=name.strip(), **values)
    hub.postcode = normalise_postcode(hub.postcode)
    hub.full_clean()
    hub.save()
    audit_create(actor=actor, obj=hub)
    return hub


@transaction.atomic
def hub_update(*, actor: User, hub: Hub, locality: Locality, name: str, **values: Any) -> Hub:
    unknown = set(values) - set(HUB_FIELDS)
    if unknown:
        raise TypeError(f"Unknown hub fields: {sorted(unknown)}")
    hub = Hub.objects.select_for_update().get(pk=hub.pk)
    _check(hub.partnership_id, locality, name, hub.pk, hub.locality_id)
    before = audit_snapshot(hub)
    hub.locality, hub.name = locality, name.strip()
    for field, value in values.items():
        setattr(hub, field, value)
    hub.postcode = normalise_postcode(hub.postcode)
    hub.full_clean()
    hub.save()
    audit_update(actor=actor, obj=hub, before=before)
    return hub
