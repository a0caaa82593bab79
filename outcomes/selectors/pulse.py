"""Reading the staff pulse: a person's own answers for a month."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.utils import timezone

from outcomes.models import StaffPulseResponse
from outcomes.periods import Month

if TYPE_CHECKING:
    from cls_portal.accounts.models import User


def staff_pulse_answer_get(
    *, user: User, day: datetime.date | None = None
) -> StaffPulseResponse | None:
    """The user's own answers for the month of ``day`` (this month by default), if any."""
    month = Month.of(day or timezone.localdate())
    return StaffPulseResponse.objects.filter(respondent=user, month=month.start).first()
