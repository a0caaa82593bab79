"""Sharing with a programme, and asking for a programme's annual report.

A partnership's administrator turns sharing on or off (``programme_sharing_set``, audited). Turning
it off takes the partnership out of every programme output at once: the pages, CSV and API read
who shares at each request, and annual reports already made while it shared are withdrawn (file
removed, marked failed with a plain reason; the lead may ask for them again).

The annual report is a ``Report`` of kind ``PROGRAMME_YEAR`` made by the same machinery as every
report (outbox, Celery task, lease, atomic file; ``outcomes.services.reports``).
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone

from cls_portal.audit.services import audit_create, audit_snapshot, audit_update
from cls_portal.permissions import acting_partnership_id, require
from outcomes.models import Programme, ProgrammeSharing, Report
from outcomes.periods import Month
from outcomes.services.report_outbox import report_is_stalled, report_send_on_commit

if TYPE_CHECKING:
    from cls_portal.accounts.models import User

WITHDRAWN = (
    "Withdrawn: a partnership in it has stopped sharing with the programme. Ask for it again "
    "to make it from the partnerships sharing now."
)


@transaction.atomic
def programme_sharing_set(*, actor: User, programme: Programme, sharing: bool) -> ProgrammeSharing:
    """Turn the actor's partnership's sharing with ``programme`` on or off (administrators)."""
    require(actor, "programme.share")
    partnership_id = acting_partnership_id(actor)
    choice, made = ProgrammeSharing.objects.select_for_update().get_or_create(
        programme=programme, partnership_id=partnership_id
    )
    if not made and choice.sharing == sharing:
        return choice  # already so: nothing changes
    before = audit_snapshot(choice)
    choice.sharing = sharing
    choice.changed_at = timezone.now()
    choice.changed_by = actor
    choice.save(update_fields=["sharing", "changed_at", "changed_by"])
    if made:
        audit_create(actor=actor, obj=choice)
    else:
        audit_update(actor=actor, obj=choice, before=before)
    if not sharing:
        programme_reports_withdraw(programme=programme)
    return choice


def programme_reports_withdraw(*, programme: Programme) -> int:
    """Withdraw the programme's annual reports made so far (they may hold figures of a
    partnership that no longer shares): the file goes, the report says why. Returns how many."""
    done = list(
        Report.objects.select_for_update().filter(programme=programme, status=Report.Status.DONE)
    )
    for report in done:
        before = audit_snapshot(report)
        name = report.file.name
        report.status = Report.Status.FAILED
        report.file.name = ""
        report.checksum = ""
        report.error_message = WITHDRAWN
        report.save(update_fields=["status", "file", "checksum", "error_message"])
        audit_update(actor=None, obj=report, before=before)
        if name:
            transaction.on_commit(functools.partial(default_storage.delete, name))
    return len(done)


@transaction.atomic
def programme_report_request(*, actor: User, programme: Programme, year: int) -> Report:
    """Queue the programme's annual report for the financial year starting April ``year``.
    The caller found ``programme`` through ``programme_of_lead``. Asking again while it is being
    made returns that one (the database refuses a second)."""
    require(actor, "programme.view")
    today = timezone.localdate()
    if Month(year, 4) > Month.of(today):
        raise ValidationError({"financial_year": "Choose this financial year or an earlier one."})
    period = Month(year, 4).start
    same = Report.objects.filter(
        programme=programme, kind=Report.Kind.PROGRAMME_YEAR, period=period,
        status__in=Report.IN_PROGRESS,
    ).first()  # fmt: skip
    if same is not None:
        if report_is_stalled(same):
            report_send_on_commit(same)
        return same
    report = Report(
        programme=programme, kind=Report.Kind.PROGRAMME_YEAR, period=period, requested_by=actor
    )
    report.full_clean(validate_constraints=False)  # the database's constraints decide below
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        # Asked for at the same moment by another request: that one is being made.
        return Report.objects.get(
            programme=programme, kind=Report.Kind.PROGRAMME_YEAR, period=period,
            status__in=Report.IN_PROGRESS,
        )  # fmt: skip
    audit_create(actor=actor, obj=report)
    report_send_on_commit(report)
    return report


@transaction.atomic
def programme_lead_appoint(
    *, actor: User | None, slug: str, name: str, username: str
) -> tuple[Programme, User]:
    """Make ``username`` a lead of the programme ``slug`` (made, named ``name``, if new); a new
    user is made with no password (``manage.py changepassword`` sets one). A member of a
    partnership's staff is refused: a programme lead belongs to no partnership."""
    from cls_portal.accounts.models import User
    from cls_portal.permissions import Role

    programme = Programme.objects.filter(slug=slug).first()
    if programme is None:
        if not name:
            raise ValidationError({"name": "Name the new programme."})
        programme = Programme(slug=slug, name=name)
        programme.full_clean()
        programme.save()
        audit_create(actor=actor, obj=programme)
    user = User.objects.select_for_update().filter(username=username).first()
    if user is None:
        user = User(username=username, role=Role.PROGRAMME_LEAD)
        user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        audit_create(actor=actor, obj=user)
    elif user.partnership_id is not None or user.role != Role.PROGRAMME_LEAD:
        raise ValidationError(
            {"username": "That user works for a partnership; a programme lead belongs to none."}
        )
    before = audit_snapshot(programme)
    programme.leads.add(user)
    lead_ids = sorted(programme.leads.values_list("pk", flat=True))
    audit_update(actor=actor, obj=programme, before=before, extra_after={"leads": lead_ids})
    return programme, user
