"""A partnership's localities (administrators): add, rename, stop using. Never deleted: people,
hubs, forums and staff point at them, and past figures are counted by them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from cls_portal.audit.services import audit_create, audit_snapshot, audit_update
from hubs.models import Locality, Partnership

if TYPE_CHECKING:
    from cls_portal.accounts.models import User


def _clean_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": "Enter the locality's name."})
    return name


def _check_unique(partnership_id: int, name: str, slug: str, exclude_pk: int | None) -> None:
    same = Locality.objects.filter(partnership_id=partnership_id)
    if exclude_pk is not None:
        same = same.exclude(pk=exclude_pk)
    if same.filter(name__iexact=name).exists() or same.filter(slug=slug).exists():
        raise ValidationError({"name": "There is already a locality with this name."})


def _save(locality: Locality) -> None:
    locality.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            locality.save()
    except IntegrityError:  # the same name added a moment ago
        raise ValidationError({"name": "There is already a locality with this name."}) from None


@transaction.atomic
def locality_create(*, actor: User | None, partnership: Partnership, name: str) -> Locality:
    name = _clean_name(name)
    slug = slugify(name)[:60] or "locality"
    _check_unique(partnership.pk, name, slug, None)
    locality = Locality(partnership=partnership, name=name, slug=slug)
    _save(locality)
    audit_create(actor=actor, obj=locality)
    return locality


@transaction.atomic
def locality_update(*, actor: User, locality: Locality, name: str, is_active: bool) -> Locality:
    """Rename it, or stop using it: it is then no longer offered for new people, hubs, forums
    or staff, while the records that have it keep it. Its short name (slug) stays, so links
    and reports made before a rename still find it."""
    locality = Locality.objects.select_for_update().get(pk=locality.pk)
    name = _clean_name(name)
    _check_unique(locality.partnership_id, name, locality.slug, locality.pk)
    before = audit_snapshot(locality)
    locality.name, locality.is_active = name, is_active
    _save(locality)
    audit_update(actor=actor, obj=locality, before=before)
    return locality
