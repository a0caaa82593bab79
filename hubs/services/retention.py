"""A partnership's retention period (administrators)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from cls_portal.audit.services import audit_snapshot, audit_update
from hubs.models import Partnership

if TYPE_CHECKING:
    from cls_portal.accounts.models import User


@transaction.atomic
def partnership_retention_set(
    *, actor: User, partnership: Partnership, years: int | None
) -> Partnership:
    """How many years records are kept after a person's last episode closes (None: the
    default from settings)."""
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    before = audit_snapshot(partnership)
    partnership.retention_years = years
    partnership.full_clean()
    partnership.save(update_fields=["retention_years"])
    audit_update(actor=actor, obj=partnership, before=before)
    return partnership
