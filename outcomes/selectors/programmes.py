"""Reading a programme: which programme a lead leads, which partnerships share with it now, its
annual reports, and (for a partnership's administrator) the sharing choices.

A programme lead belongs to no partnership, so every partnership-scoped query (``visible_to``)
finds nothing for them; what they may see is only what is reached from here.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404

from cls_portal.permissions import acting_partnership_id, require
from hubs.models import Partnership
from outcomes.models import Programme, ProgrammeSharing, Report
from outcomes.periods import Month, MonthRange

if TYPE_CHECKING:
    from cls_portal.accounts.models import User


def programme_of_lead(*, user: User) -> Programme:
    """The programme this lead leads: 403 for any other role, 404 if they lead none."""
    require(user, "programme.view")
    programme = Programme.objects.filter(leads=user).order_by("pk").first()
    if programme is None:
        raise Http404("You lead no programme.")
    return programme


def sharing_partnerships(*, programme: Programme) -> list[Partnership]:
    """The partnerships sharing with the programme now (one query): turning sharing off takes a
    partnership out of every programme page, download and report made after that moment."""
    shared = ProgrammeSharing.objects.filter(programme=programme, sharing=True)
    return list(
        Partnership.objects.filter(pk__in=shared.values("partnership_id"))
        .only("pk", "name", "slug")
        .order_by("name", "pk")
    )


def programme_report_list(*, programme: Programme) -> QuerySet[Report]:
    return Report.objects.filter(programme=programme).select_related("programme")


def programme_report_get(*, user: User, pk: int | str) -> Report:
    """One annual report of a programme the user leads: 404 for anyone else (every partnership
    user included), so a report's existence is not given away."""
    try:
        report = Report.objects.select_related("programme").get(
            pk=pk, programme__leads=user, kind=Report.Kind.PROGRAMME_YEAR
        )
    except (Report.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such report.") from exc
    require(user, "programme.view")
    return report


def sharing_choices(*, user: User) -> list[tuple[Programme, bool]]:
    """Every programme with whether the administrator's partnership shares with it (two
    queries)."""
    require(user, "programme.share")
    partnership_id = acting_partnership_id(user)
    sharing = set(
        ProgrammeSharing.objects.filter(partnership_id=partnership_id, sharing=True).values_list(
            "programme_id", flat=True
        )
    )
    return [(programme, programme.pk in sharing) for programme in Programme.objects.all()]


def programme_choice(*, pk: int | str) -> Programme:
    """A programme named in a form (programmes are not secret: any admin may see the list)."""
    try:
        return Programme.objects.get(pk=pk)
    except (Programme.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such programme.") from exc


def financial_year_months(year: int, *, today: datetime.date) -> tuple[Month, Month]:
    """The months of the financial year starting 1 April ``year``, up to the last full month
    (or the year's first month, while that is still under way)."""
    first = Month(year, 4)
    last = min(first.shift(11), Month.last_full(today))
    return first, max(first, last)


MAX_DOWNLOAD_MONTHS = 12
FINANCIAL_YEAR_HELP = (
    "Give the year the financial year starts in, for example 2025 for April 2025 to March 2026."
)


def programme_months_from_query(*, query: Any, today: datetime.date) -> MonthRange:
    """Which months a programme download covers: ``financial_year=2025`` (April 2025 to March
    2026, to the last full month), or ``start=YYYY-MM&end=YYYY-MM`` (up to 12 months), or
    ``period=YYYY-MM`` (one month); default the last full month. Bad input is a
    ValidationError (400) in plain words."""
    year = (query.get("financial_year") or "").strip()
    if year:
        if not year.isdigit() or not 2000 <= int(year) <= 9998:
            raise ValidationError({"financial_year": FINANCIAL_YEAR_HELP})
        if Month(int(year), 4) > Month.of(today):
            raise ValidationError({"financial_year": "That financial year has not started."})
        return MonthRange(*financial_year_months(int(year), today=today))
    start_text = (query.get("start") or query.get("period") or "").strip()
    end_text = (query.get("end") or query.get("period") or "").strip()
    if not start_text and not end_text:
        return MonthRange.single(Month.last_full(today))
    start = Month.parse(start_text or end_text)
    end = Month.parse(end_text or start_text)
    if start > end:
        raise ValidationError({"start": "The first month must not be after the last."})
    if end > Month.of(today):
        raise ValidationError({"end": "Choose this month or an earlier one."})
    months = MonthRange(start, end)
    if len(months) > MAX_DOWNLOAD_MONTHS:
        raise ValidationError({"end": "Choose at most 12 months (a financial year)."})
    return months
