"""Rollups (outcomes/services/rollups.py) stay equal to the live definitions of the figures
(``outcomes.selectors.figures``) when the past changes, and the dashboard answers from them."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.db.models import F
from django.urls import reverse

from cls_portal.accounts.models import User
from cls_portal.permissions import Role
from conversations.models import Conversation, Episode, Person, WaitingListEntry
from conversations.services.amendments import record_amend
from conversations.services.merge import person_merge_confirm, person_merge_propose
from conversations.services.pathway import episode_close
from conversations.services.privacy import person_erase
from conversations.services.recording import conversation_record_any
from conversations.services.waiting_lists import waiting_list_entry_remove
from hubs.models import Locality, Partnership
from imports.models import ImportJob
from imports.services import import_job_confirm, import_job_run, import_job_upload
from outcomes.models import FigureRollup, FiguresChanged
from outcomes.periods import Month
from outcomes.services import rollups
from outcomes.services.rollups import (
    EVERY_MONTH,
    figures_for,
    rollup_figures,
    rollups_refresh_all,
)

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def rollups_on(settings, monkeypatch):
    settings.FIGURE_ROLLUPS = True
    monkeypatch.setattr(rollups, "MONTHS_KEPT_READY", 4)


def _month_start(today: datetime.date, back: int) -> datetime.date:
    return Month.of(today).shift(-back).start


def _all_equal_to_the_live_figures() -> int:
    checked = 0
    for rollup in FigureRollup.objects.select_related("partnership", "locality"):
        assert not rollup.stale
        kept = rollup_figures(rollup)
        live = figures_for(month=Month.of(rollup.month), scope=rollups._scope(rollup))
        assert kept == live, f"rollup {rollup.month} {rollup.locality_id} differs from the live"
        checked += 1
    return checked


def test_a_change_marks_the_months_it_touches_in_its_own_transaction(rollups_on, today):
    call_command("seed_demo", today=today, stdout=io.StringIO(), quiet_logins=True)
    FiguresChanged.objects.all().delete()
    practitioner = User.objects.get(username="practitioner")
    episode = (
        Episode.objects.filter(closed_on__isnull=True, locality__in=practitioner.localities.all())
        .order_by("pk")
        .first()
    )

    # A change that rolls back leaves no mark.
    with pytest.raises(RuntimeError), transaction.atomic():
        Conversation.objects.filter(episode=episode).update(next_step=F("next_step"))
        raise RuntimeError("rolled back")
    assert not FiguresChanged.objects.exists()

    WaitingListEntry.objects.filter(pk=-1).update(priority=1)  # touches no row: no mark
    assert not FiguresChanged.objects.exists()

    waiting = WaitingListEntry.objects.filter(
        removed_on__isnull=True, episode__locality__in=practitioner.localities.all()
    ).first()
    removed_on = max(waiting.added_on, today - datetime.timedelta(days=40))
    waiting_list_entry_remove(
        actor=practitioner, entry=waiting, removal_reason="no_longer_needed", removed_on=removed_on
    )
    mark = FiguresChanged.objects.get()
    assert mark.partnership_id == episode.partnership_id
    # the earliest date the change names (the figures are kept by the dates of events)
    assert mark.from_month == removed_on.replace(day=1)
    # A change that names no date reaches back to the record's own earliest date.
    WaitingListEntry.objects.filter(pk=waiting.pk).update(reason="Corrected by hand")
    assert FiguresChanged.objects.order_by("pk").last().from_month == min(
        waiting.added_on, removed_on
    ).replace(day=1)


def test_a_date_of_birth_does_not_reach_back_to_the_year_they_were_born(rollups_on, today):
    from cls_portal.audit.models import AuditEntry
    from tests.factories import PersonFactory

    person = PersonFactory(date_of_birth=datetime.date(1950, 1, 1))
    entry = AuditEntry(
        action=AuditEntry.Action.UPDATE,
        model="conversations.person",
        object_id=str(person.pk),
        changes={"date_of_birth": ["1950-01-01", "1951-01-01"], "postcode": ["A", "B"]},
    )
    # no event date in the change: the record's own (when it was made, today), not 1950
    assert rollups.earliest_month_touched(entry, today) == today.replace(day=1)
    entry.changes = {"held_on": [None, "2025-03-04"]}
    assert rollups.earliest_month_touched(entry, today) == datetime.date(2025, 3, 1)
    entry.object_id, entry.changes = "", {"rows": 12}  # a bulk summary: every month
    assert rollups.earliest_month_touched(entry, today) == EVERY_MONTH


def test_nothing_is_marked_when_rollups_are_off(settings, today):
    settings.FIGURE_ROLLUPS = False
    call_command("seed_demo", today=today, stdout=io.StringIO(), quiet_logins=True)
    assert not FiguresChanged.objects.exists()


def test_rollups_equal_the_live_figures_after_the_past_changes(
    rollups_on, today, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", today=today, stdout=io.StringIO(), quiet_logins=True)
    rollups_refresh_all()
    # 4 months × every partnership and each of its localities
    places = Partnership.objects.count() + Locality.objects.count()
    assert FigureRollup.objects.count() == 4 * places
    before = {r.pk: rollup_figures(r) for r in FigureRollup.objects.all()}
    assert _all_equal_to_the_live_figures() == 4 * places

    practitioner = User.objects.get(username="practitioner")
    admin = User.objects.get(username="admin")
    mine = practitioner.localities.all()
    # 1. A conversation 1 recorded two months late, for the day it was held.
    episode = (
        Episode.objects.filter(
            state=Episode.State.WAITING, closed_on__isnull=True, locality__in=mine
        )
        .order_by("pk")
        .first()
    )
    if episode is not None:
        held_on = max(episode.first_contact_on, _month_start(today, 2))
        conversation_record_any(
            actor=practitioner,
            episode=episode,
            kind=Conversation.Kind.LISTEN_AND_CONNECT,
            held_on=held_on,
            place=Conversation.Place.PHONE,
            what_matters="Getting to the shops again",
        )
    # 2. Someone taken off a waiting list, dated last month.
    waiting = (
        WaitingListEntry.objects.filter(removed_on__isnull=True, episode__locality__in=mine)
        .order_by("pk")
        .first()
    )
    waiting_list_entry_remove(
        actor=practitioner,
        entry=waiting,
        removal_reason="no_longer_needed",
        removed_on=max(waiting.added_on, _month_start(today, 1)),
    )
    # 3. A conversation's date corrected through the bulk path (the audit guard).
    old = Conversation.objects.filter(held_on__gte=_month_start(today, 3)).order_by("pk").first()
    Conversation.objects.filter(pk=old.pk).update(held_on=old.held_on - datetime.timedelta(1))
    # 4. An episode opened long ago closed, dated last month.
    old_episode = (
        Episode.objects.filter(
            closed_on__isnull=True, locality__in=mine, state=Episode.State.CONVERSATION_1
        )
        .exclude(pk=getattr(episode, "pk", None))
        .order_by("first_contact_on")
        .first()
    )
    if old_episode is not None:
        episode_close(
            actor=practitioner,
            episode=old_episode,
            reason=Episode.CloseReason.values[0],
            closed_on=max(
                old_episode.first_contact_on,
                old_episode.last_conversation_on or old_episode.first_contact_on,
                _month_start(today, 1),
            ),
        )
    # 5. A person's details erased on request.
    person_erase(
        actor=admin,
        person=Person.objects.filter(episodes__conversations__held_on__gte=_month_start(today, 3))
        .order_by("pk")
        .first(),
    )
    # 6. A waiting-list entry corrected: they joined three weeks earlier than typed.
    joined = (
        WaitingListEntry.objects.filter(
            episode__locality__in=mine, added_on__gte=_month_start(today, 2)
        )
        .order_by("pk")
        .first()
    )
    if joined is not None:
        record_amend(
            actor=practitioner,
            record=joined,
            correction_reason="Typed the wrong date",
            added_on=joined.added_on - datetime.timedelta(days=21),
        )
    # 7. Two records of one person merged (the duplicate has no open episode).
    kept = Person.objects.filter(locality__in=mine, is_anonymised=False).order_by("pk").first()
    duplicate = (
        Person.objects.filter(locality__in=mine, is_anonymised=False)
        .exclude(pk=kept.pk)
        .exclude(episodes__closed_on__isnull=True)
        .filter(episodes__conversations__held_on__gte=_month_start(today, 3))
        .order_by("pk")
        .first()
    )
    merge = person_merge_propose(
        actor=practitioner, duplicate=duplicate, kept=kept, reason="Same person"
    )
    person_merge_confirm(actor=admin, merge=merge)
    # 8. A caseload and its waiting lists imported (the example files that ship), with the
    # dates people joined, months ago.
    for kind, name in (("people", "caseload.csv"), ("waiting_list", "waiting-list.csv")):
        upload = SimpleUploadedFile(name, (ROOT / "docs" / "examples" / name).read_bytes())
        job = import_job_upload(
            actor=admin, partnership=admin.partnership, kind=kind, upload=upload
        )
        job = import_job_run(job_id=job.pk, apply=False)
        assert job.status == ImportJob.Status.CHECKED, job.problems
        import_job_confirm(actor=admin, job=job)
        assert import_job_run(job_id=job.pk, apply=True).status == ImportJob.Status.DONE
    assert FigureRollup.objects.filter(stale=False).exists()  # not yet taken
    rollups.rollups_take_marks()
    assert FigureRollup.objects.filter(stale=True).exists()

    rollups_refresh_all()
    assert _all_equal_to_the_live_figures() == 4 * places
    changed = [r for r in FigureRollup.objects.all() if rollup_figures(r) != before[r.pk]]
    assert changed, "the changes should have moved some figure"


def test_a_rollup_marked_again_while_it_is_worked_out_stays_stale(rollups_on, world):
    rollups_refresh_all()
    rollup = FigureRollup.objects.order_by("pk").first()
    FigureRollup.objects.filter(pk=rollup.pk).update(stale=True, version=F("version") + 1)
    rollup.refresh_from_db()
    FigureRollup.objects.filter(pk=rollup.pk).update(version=F("version") + 1)  # marked again
    assert rollups.rollup_work_out(rollup) is False
    assert FigureRollup.objects.get(pk=rollup.pk).stale


def test_the_dashboard_answers_from_the_rollup(
    rollups_on, world, users, login, django_assert_max_num_queries, today
):
    client = login(users[Role.HSCP_LEAD])
    url = f"{reverse('outcomes:dashboard')}?period={Month.last_full(today)}"
    first = client.get(url)
    assert first.status_code == 200
    assert FigureRollup.objects.filter(month=Month.last_full(today).start).count() == 1
    rollups_refresh_all()
    with django_assert_max_num_queries(14):  # the page's own queries and one for the rollup
        again = client.get(url).content.decode()
    assert "Worked out at" in again
    assert "being counted" not in again


def test_the_command_works_out_every_rollup_from_scratch(rollups_on, world):
    call_command("refresh_rollups", stdout=io.StringIO())
    assert not FigureRollup.objects.filter(stale=True).exists()
    out = io.StringIO()
    call_command("refresh_rollups", "--rebuild", stdout=out)
    assert f"{FigureRollup.objects.count()} rollups worked out" in out.getvalue()
    assert _all_equal_to_the_live_figures() == FigureRollup.objects.count()


def test_rollups_kept_by_other_code_are_not_shown_and_are_worked_out_again(
    rollups_on, world, today
):
    rollups_refresh_all()
    FigureRollup.objects.update(definition="older-code")
    scope = rollups._scope(FigureRollup.objects.filter(locality__isnull=True).first())
    assert rollups.rollup_for(month=Month.of(today), scope=scope) is None
    rollups.rollups_take_marks()
    assert not FigureRollup.objects.filter(stale=False).exists()
    rollups_refresh_all()
    assert set(FigureRollup.objects.values_list("definition", flat=True)) == {rollups.DEFINITION}
