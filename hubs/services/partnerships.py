"""Setting up a partnership (the installation's operator) and its settings (its administrators)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from cls_portal.audit.services import audit_create, audit_snapshot, audit_update
from hubs.models import Partnership

if TYPE_CHECKING:
    from cls_portal.accounts.models import User

SETTINGS_FIELDS = ("retention_years", "swemwbs_licensed", "report_schedule")


def _check_name_and_slug(name: str, slug: str, exclude_pk: int | None = None) -> None:
    others = Partnership.objects.exclude(pk=exclude_pk) if exclude_pk else Partnership.objects
    errors = {}
    if others.filter(name__iexact=name).exists():
        errors["name"] = "There is already a partnership with this name."
    if others.filter(slug=slug).exists():
        errors["slug"] = "There is already a partnership with this short name."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def partnership_create(
    *,
    actor: User | None,
    name: str,
    slug: str = "",
    nation: str = Partnership.Nation.SCOTLAND,
    retention_years: int | None = None,
    swemwbs_licensed: bool = False,
    report_schedule: str = Partnership.ReportSchedule.MONTHLY,
) -> Partnership:
    """A new, empty partnership. Its first administrator is added by
    ``cls_portal.accounts.services.partnership_set_up``, which calls this."""
    name = name.strip()
    slug = slugify(slug.strip() or name)
    if not name:
        raise ValidationError({"name": "Enter the partnership's name."})
    _check_name_and_slug(name, slug)
    partnership = Partnership(
        name=name,
        slug=slug,
        nation=nation,
        retention_years=retention_years,
        swemwbs_licensed=swemwbs_licensed,
        report_schedule=report_schedule,
    )
    partnership.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            partnership.save()
    except IntegrityError:  # the same name or slug added a moment ago by someone else
        raise ValidationError({"name": "There is already a partnership with this name."}) from None
    audit_create(actor=actor, obj=partnership)
    return partnership


@transaction.atomic
def partnership_settings_update(
    *,
    actor: User,
    partnership: Partnership,
    retention_years: int | None,
    swemwbs_licensed: bool,
    report_schedule: str,
) -> Partnership:
    """What a partnership's administrator may change: how long records are kept, the SWEMWBS
    licence and when reports are made. (Small-number suppression is fixed: DESIGN §4.)"""
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    before = audit_snapshot(partnership)
    partnership.retention_years = retention_years
    partnership.swemwbs_licensed = swemwbs_licensed
    partnership.report_schedule = report_schedule
    partnership.full_clean(validate_unique=False)
    partnership.save(update_fields=list(SETTINGS_FIELDS))
    audit_update(actor=actor, obj=partnership, before=before)
    return partnership
