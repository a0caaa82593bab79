"""Reading "which month, which place" from a query string (the CSV download and the API)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from outcomes.periods import Month, Scope
from outcomes.selectors.scopes import scope_for

if TYPE_CHECKING:
    from cls_portal.accounts.models import User


def month_scope_from_query(*, user: User, query: Any) -> tuple[Month, Scope, Month | None]:
    """``period=YYYY-MM`` (default: the last full month), ``locality=<id>`` or ``hub=<id>``
    (default: the whole partnership), ``baseline=YYYY-MM`` (optional). A badly written month is a
    ValidationError (400); a place outside the user's partnership is a 404."""
    period = (query.get("period") or "").strip()
    month = Month.parse(period) if period else Month.last_full(timezone.localdate())
    baseline_text = (query.get("baseline") or "").strip()
    baseline = Month.parse(baseline_text) if baseline_text else None
    if baseline is not None and baseline >= month:
        raise ValidationError({"baseline": "The baseline must be a month before the period."})
    if month > Month.of(timezone.localdate()):
        raise ValidationError({"period": "Choose this month or an earlier one."})
    scope = scope_for(user=user, locality=query.get("locality"), hub=query.get("hub"))
    return month, scope, baseline
