"""Retention: who is past their partnership's period (worked out by hand below), the review
page, and purge_expired removing them and everything linked, leaving no orphans and only a
tombstone in the audit trail."""

from __future__ import annotations

import datetime
import io

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.urls import reverse

from cls_portal.audit.context import audit_explicit
from cls_portal.audit.models import AuditEntry
from cls_portal.audit.personal import person_linked_models
from cls_portal.audit.services import audit_view
from cls_portal.permissions import Role
from conversations.models import Episode, Person
from conversations.selectors.privacy import people_past_retention, years_before
from hubs.models import Partnership
from tests.factories import EpisodeFactory, PersonFactory
from tests.trust.cases import SECRET, build_case

TODAY = datetime.date(2026, 6, 15)


def _closed(person, years_ago, *, days=0):
    closed = years_before(TODAY, years_ago) - datetime.timedelta(days=days)
    return EpisodeFactory(
        person=person,
        state=Episode.State.CLOSED,
        first_contact_on=closed - datetime.timedelta(days=30),
        closed_on=closed,
        close_reason=Episode.CloseReason.NO_LONGER_NEEDED,
    )


def _added_years_ago(person, years):
    with audit_explicit():
        Person.objects.filter(pk=person.pk).update(
            created_at=datetime.datetime.combine(
                years_before(TODAY, years), datetime.time(12), tzinfo=datetime.UTC
            )
        )


@pytest.fixture
def people(world):
    """Default period: 8 years, so the cutoff is 15 June 2018."""
    made = {name: PersonFactory(locality=world.locality) for name in "ABCDEFG"}
    _closed(made["A"], 8, days=1)  # closed 14 June 2018: past
    _closed(made["B"], 8)  # closed on the cutoff day itself: kept
    _closed(made["C"], 7)  # closed 2019: kept
    EpisodeFactory(  # C's story aside, D has an episode open since 2015: kept
        person=made["D"], first_contact_on=years_before(TODAY, 11)
    )
    _closed(made["E"], 10)  # E: one episode closed 2016 …
    _closed(made["E"], 1)  # … and one closed 2025: kept
    _added_years_ago(made["F"], 9)  # F: added 2017, never had an episode: past
    # G: added today, never had an episode: kept
    return made


def _past(partnership):
    return set(people_past_retention(partnership=partnership, today=TODAY))


def test_people_past_the_default_period_worked_out_by_hand(people, world, settings):
    settings.RETENTION_YEARS = 8
    assert _past(world.partnership) == {people["A"], people["F"]}


def test_a_partnership_with_a_shorter_period_lets_more_go(people, world, settings):
    """Six years: cutoff 15 June 2020, so C (closed 2019) is past too; E's 2025 close keeps
    E, and D's open episode keeps D."""
    settings.RETENTION_YEARS = 8
    Partnership.objects.filter(pk=world.partnership.pk).update(retention_years=6)
    world.partnership.refresh_from_db()
    assert _past(world.partnership) == {people["A"], people["B"], people["C"], people["F"]}


def test_the_other_partnership_is_never_in_the_list(people, world):
    assert _past(world.outsider_partnership) == set()


# ---- the review page --------------------------------------------------------------------------


def test_the_review_lists_people_past_retention_for_an_administrator(
    world, make_user, login, django_assert_max_num_queries
):
    for _ in range(20):
        _closed(PersonFactory(locality=world.locality, first_name=SECRET), 9)
    kept = PersonFactory(locality=world.locality)
    _closed(kept, 1)
    client = login(make_user(Role.ADMIN))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("conversations:retention_review"))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("Person #") == 20
    assert f"Person #{kept.pk}<" not in page
    assert SECRET not in page  # the list names nobody
    assert "8 years" in page


@pytest.mark.parametrize(
    "role", [Role.HUB_WORKER, Role.PRACTITIONER, Role.FORUM_MANAGER, Role.HSCP_LEAD]
)
def test_other_roles_may_not_open_the_review(role, make_user, login):
    response = login(make_user(role)).get(reverse("conversations:retention_review"))
    assert response.status_code == 403


def test_an_administrator_of_another_partnership_sees_only_their_own(
    people, make_user, login, settings
):
    settings.RETENTION_YEARS = 8
    page = login(make_user(Role.ADMIN, outsider=True)).get(
        reverse("conversations:retention_review")
    )
    assert "No records are past the retention period." in page.content.decode()


def test_an_administrator_sets_the_period_and_it_is_audited(world, make_user, login):
    admin = make_user(Role.ADMIN)
    response = login(admin).post(reverse("conversations:retention_review"), {"years": "6"})
    assert response.status_code == 302
    world.partnership.refresh_from_db()
    assert world.partnership.retention_years == 6
    entry = AuditEntry.objects.get(model="hubs.partnership")
    assert entry.changes == {"retention_years": [None, 6]} and entry.actor == admin


@pytest.mark.parametrize(
    ("years", "message"),
    [
        ("0", "Enter a number of years from 1 to 100."),
        ("101", "Enter a number of years from 1 to 100."),
        ("eight", "Enter a whole number of years, for example 8."),
    ],
)
def test_a_bad_period_is_refused_with_a_clear_message(years, message, world, make_user, login):
    response = login(make_user(Role.ADMIN)).post(
        reverse("conversations:retention_review"), {"years": years}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    world.partnership.refresh_from_db()
    assert world.partnership.retention_years is None
    assert not AuditEntry.objects.exists()


# ---- purge_expired ----------------------------------------------------------------------------


def _purge(*args):
    out = io.StringIO()
    call_command("purge_expired", "--today", TODAY.isoformat(), *args, stdout=out)
    return out.getvalue()


def _expired_case(world):
    """A full case (every kind of record) whose one episode closed nine years ago."""
    case = build_case(world.locality, today=years_before(TODAY, 9))
    with audit_explicit():
        Episode.objects.filter(pk=case.episode.pk).update(
            state=Episode.State.CLOSED,
            closed_on=years_before(TODAY, 9) + datetime.timedelta(days=1),
            close_reason=Episode.CloseReason.SUPPORT_IN_PLACE,
        )
    return case


def _orphans():
    """Rows whose foreign key points at a row that is not there, across every model."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if not (field.is_relation and (field.many_to_one or field.one_to_one)):
                continue
            target = field.related_model._base_manager.values("pk")
            dangling = (
                model._base_manager.exclude(**{f"{field.attname}__isnull": True})
                .exclude(**{f"{field.attname}__in": target})
                .count()
            )
            if dangling:
                found.append((model._meta.label, field.name, dangling))
    return found


def test_a_dry_run_counts_and_changes_nothing(world, settings):
    settings.RETENTION_YEARS = 8
    case = _expired_case(world)
    output = _purge("--dry-run")
    assert f"{world.partnership.slug}: 1 person would be removed" in output
    assert "(last episode closed before 2018-06-15)" in output
    assert Person.objects.filter(pk=case.person.pk).exists()
    assert not AuditEntry.objects.filter(action="purge").exists()


def test_purge_removes_the_person_and_everything_linked_leaving_no_orphans(world, settings):
    settings.RETENTION_YEARS = 8
    case = _expired_case(world)
    kept = build_case(world.locality, first_name="Ishbel")  # open episode: stays
    output = _purge()
    assert f"{world.partnership.slug}: 1 person removed" in output
    for model in person_linked_models():
        assert not model._base_manager.filter(**{model.AUDIT_PERSON: case.person.pk}).exists()
        assert model._base_manager.filter(**{model.AUDIT_PERSON: kept.person.pk}).exists()
    assert _orphans() == []
    # What is not theirs stays: the hub, its session, the directory entry, the forum.
    for shared in (case.hub, case.session, case.solution, case.forum, case.meeting):
        assert type(shared).objects.filter(pk=shared.pk).exists()


def test_purge_leaves_a_tombstone_without_content_and_scrubs_the_trail(world, make_user, settings):
    settings.RETENTION_YEARS = 8
    case = _expired_case(world)
    audit_view(actor=make_user(Role.PRACTITIONER), obj=case.person)
    Person.objects.filter(pk=case.person.pk).update(phone="07700 900555")
    _purge()
    tombstone = AuditEntry.objects.get(action="purge")
    assert tombstone.person_id == case.person.pk
    assert tombstone.changes == {} and tombstone.object_label == f"Person #{case.person.pk}"
    assert tombstone.via == "system" and tombstone.actor is None
    trail = " ".join(
        str(changes)
        for changes in AuditEntry.objects.filter(person_id=case.person.pk).values_list(
            "changes", flat=True
        )
    )
    assert "07700" not in trail and SECRET not in trail
    assert AuditEntry.objects.filter(action="view", person_id=case.person.pk).exists()


def test_purge_can_be_limited_to_one_partnership(world, settings):
    settings.RETENTION_YEARS = 8
    case = _expired_case(world)
    outsider = PersonFactory(locality=world.outsider_locality)
    _closed(outsider, 9)
    output = _purge("--partnership", world.outsider_partnership.slug)
    assert "1 person removed" in output and world.partnership.slug not in output
    assert Person.objects.filter(pk=case.person.pk).exists()
    assert not Person.objects.filter(pk=outsider.pk).exists()


def test_an_unknown_partnership_is_a_clear_error(db):
    with pytest.raises(CommandError, match="No partnership with the slug 'nowhere'"):
        _purge("--partnership", "nowhere")
