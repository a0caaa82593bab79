"""Merging two records of the same person: every row linked to the duplicate moves (found by
walking the relations to a person, so a model added later is covered), figures do not change,
a second person confirms, and two open episodes are refused."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from cls_portal.audit.models import AuditEntry
from cls_portal.audit.personal import person_linked_models, records_of_person
from cls_portal.audit.services import audit_view
from cls_portal.permissions import Role
from conversations.models import CarerLink, Episode, Person, PersonMerge
from conversations.services.merge import (
    OVERRIDES,
    _leave,
    person_links,
    person_merge_confirm,
    person_merge_decline,
    person_merge_propose,
)
from outcomes.periods import Month, Scope
from outcomes.presentation.published import core_data_set_records
from outcomes.selectors.core_data_set import outcome_figures
from tests.factories import ConversationFactory, EpisodeFactory, HubSessionFactory, PersonFactory
from tests.trust.cases import build_case


def _kept_with_a_closed_episode(locality, today):
    kept = PersonFactory(locality=locality, first_name="Morag", last_name="Abernethy", phone="")
    episode = EpisodeFactory(
        person=kept,
        state=Episode.State.CLOSED,
        first_contact_on=today - datetime.timedelta(days=90),
        first_conversation_on=today - datetime.timedelta(days=88),
        last_conversation_on=today - datetime.timedelta(days=88),
        closed_on=today - datetime.timedelta(days=80),
        close_reason=Episode.CloseReason.RESOLVED_AT_FIRST_CONTACT,
    )
    ConversationFactory(episode=episode, held_on=today - datetime.timedelta(days=88))
    return kept


@pytest.fixture
def pair(world, today, make_user):
    """The duplicate: a person with one of everything (the trust case); the kept record: the
    same person added earlier, with a closed episode; a merge proposed by a practitioner."""
    case = build_case(world.locality, today=today)
    kept = _kept_with_a_closed_episode(world.locality, today)
    proposer = make_user(Role.PRACTITIONER)
    merge = person_merge_propose(
        actor=proposer, duplicate=case.person, kept=kept, reason="Same date of birth and address"
    )
    return case, kept, merge, proposer


def _rows_pointing_at(person) -> dict[str, int]:
    return {
        link.key: link.model._base_manager.filter(**{link.field: person}).count()
        for link in person_links()
    }


def _give_every_link_a_row(case, kept) -> None:
    """The trust case holds most; these relations need a second person to point at."""
    CarerLink.objects.create(
        carer=PersonFactory(locality=case.person.locality),
        cared_for=case.person,
        relationship=CarerLink.Relationship.CHILD,
        started_on=datetime.date(2024, 1, 1),
    )
    PersonFactory(locality=case.person.locality, merged_into=case.person)


def test_the_walk_finds_every_relation_to_a_person():
    keys = {link.key for link in person_links()}
    assert {
        "conversations.episode.person",
        "conversations.person.merged_into",
        "conversations.carerlink.carer",
        "conversations.carerlink.cared_for",
        "conversations.personmerge.duplicate",
        "conversations.personmerge.kept",
    } <= keys


def test_a_merge_moves_every_row_linked_to_the_duplicate(pair, make_user, today):
    case, kept, merge, _ = pair
    duplicate = case.person
    _give_every_link_a_row(case, kept)
    before_dup, before_kept = _rows_pointing_at(duplicate), _rows_pointing_at(kept)
    missing = [key for key, count in before_dup.items() if not count]
    assert not missing, f"Add a row of each to tests/trust/cases.build_case: {missing}"
    linked_before = {
        model: (
            records_of_person(model, duplicate.pk).count(),
            records_of_person(model, kept.pk).count(),
        )
        for model in person_linked_models()
    }
    audit_view(actor=None, obj=duplicate)  # something in the duplicate's audit trail
    audit_before = AuditEntry.objects.filter(person_id=duplicate.pk).count()

    person_merge_confirm(actor=make_user(Role.ADMIN), merge=merge)

    after_dup, after_kept = _rows_pointing_at(duplicate), _rows_pointing_at(kept)
    for key in before_dup:
        if OVERRIDES.get(key) is _leave:  # the merge's own record of which two were merged
            assert after_dup[key] == before_dup[key], key
            continue
        assert after_dup[key] == 0, f"{key}: rows still point at the duplicate"
        itself = 1 if key == "conversations.person.merged_into" else 0  # the duplicate, now
        assert after_kept[key] == before_kept[key] + before_dup[key] + itself, key
    # Every model linked to a person (through an episode, a request...): now the kept record's.
    for model, (dup_count, kept_count) in linked_before.items():
        if model is Person:
            continue
        assert records_of_person(model, duplicate.pk).count() == 0, model.__name__
        assert records_of_person(model, kept.pk).count() == dup_count + kept_count, model.__name__
    assert AuditEntry.objects.filter(person_id=duplicate.pk).count() == 0
    assert AuditEntry.objects.filter(person_id=kept.pk).count() > audit_before


def test_the_duplicate_points_at_the_kept_record_and_gives_it_what_it_lacked(
    pair, make_user, login
):
    case, kept, merge, _ = pair
    admin = make_user(Role.ADMIN)
    person_merge_confirm(actor=admin, merge=merge)
    duplicate, kept = Person.objects.get(pk=case.person.pk), Person.objects.get(pk=kept.pk)
    assert duplicate.merged_into == kept
    assert kept.phone == "07700 900123"  # it had none; the duplicate's is taken
    assert kept.first_name == "Morag"  # its own details stay
    assert duplicate.phone == "" and duplicate.first_name == "[erased]"
    merge.refresh_from_db()
    assert merge.state == PersonMerge.State.CONFIRMED and merge.decided_by == admin
    # Old links lead to the kept record; search finds it once.
    practitioner = login(make_user(Role.PRACTITIONER))
    old = practitioner.get(reverse("conversations:person_detail", args=[duplicate.pk]))
    assert old.status_code == 302
    assert old["Location"] == reverse("conversations:person_detail", args=[kept.pk])
    found = practitioner.get(reverse("conversations:person_list"), {"q": "Abernethy"})
    assert [p.pk for p in found.context["result"].people] == [kept.pk]


def test_the_merged_records_api_address_and_edit_page_lead_to_the_kept_record(
    pair, make_user, login
):
    """An API client holding the old id is sent on (301), not handed the emptied record; its
    details cannot be changed, on the page or through the API."""
    case, kept, merge, _ = pair
    person_merge_confirm(actor=make_user(Role.ADMIN), merge=merge)
    duplicate = Person.objects.get(pk=case.person.pk)
    practitioner = login(make_user(Role.PRACTITIONER))

    moved = practitioner.get(reverse("api_person_detail", args=[duplicate.pk]))
    assert moved.status_code == 301
    assert moved["Location"] == reverse("api_person_detail", args=[kept.pk])
    assert moved.json()["merged_into"] == kept.pk
    assert practitioner.get(moved["Location"]).json()["id"] == kept.pk

    refused = practitioner.patch(
        reverse("api_person_detail", args=[duplicate.pk]),
        json.dumps({"phone": "07700 900999"}),
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert "merged into another record" in refused.content.decode()
    edit = practitioner.get(reverse("conversations:person_edit", args=[duplicate.pk]))
    assert edit["Location"] == reverse("conversations:person_edit", args=[kept.pk])
    duplicate.refresh_from_db()
    assert duplicate.phone == "" and duplicate.first_name == "[erased]"

    outsider = login(make_user(Role.PRACTITIONER, outsider=True))
    assert outsider.get(reverse("api_person_detail", args=[duplicate.pk])).status_code == 404
    lead = login(make_user(Role.HSCP_LEAD))  # aggregates only: not sent on to anyone's record
    assert lead.get(reverse("api_person_detail", args=[duplicate.pk])).status_code == 403
    assert lead.get(reverse("conversations:person_edit", args=[duplicate.pk])).status_code == 403


def test_a_merge_leaves_every_figure_as_it_was(pair, world, make_user, today):
    case, kept, merge, _ = pair
    # The kept record was also seen at a hub session (another one): footfall counts both.
    ConversationFactory(
        episode=kept.episodes.get(),
        held_on=today - datetime.timedelta(days=85),
        hub_session=HubSessionFactory(hub=case.hub, date=today - datetime.timedelta(days=85)),
    )
    scope = Scope(partnership_id=world.partnership.pk)
    months = [Month.of(today), Month.of(today - datetime.timedelta(days=40)),
              Month.of(today - datetime.timedelta(days=85))]  # fmt: skip

    def figures():
        return [core_data_set_records(outcome_figures(month=m, scope=scope)) for m in months]

    before = figures()
    assert any(row["value"] for rows in before for row in rows)  # there is something to count
    person_merge_confirm(actor=make_user(Role.ADMIN), merge=merge)
    assert figures() == before


def test_two_open_episodes_are_refused_and_nothing_moves(pair, make_user, today):
    case, kept, merge, _ = pair
    EpisodeFactory(person=kept, first_contact_on=today)
    with pytest.raises(ValidationError, match="Both records have an open episode"):
        person_merge_confirm(actor=make_user(Role.ADMIN), merge=merge)
    assert case.person.episodes.count() == 1
    merge.refresh_from_db()
    assert merge.state == PersonMerge.State.PROPOSED


def test_the_proposer_cannot_confirm_but_a_second_practitioner_can(pair, make_user):
    case, _kept, merge, proposer = pair
    with pytest.raises(ValidationError, match="Someone else must confirm"):
        person_merge_confirm(actor=proposer, merge=merge)
    with pytest.raises(PermissionDenied):
        person_merge_confirm(actor=make_user(Role.HUB_WORKER), merge=merge)
    person_merge_confirm(actor=make_user(Role.PRACTITIONER), merge=merge)
    assert case.person.episodes.count() == 0


def test_a_declined_merge_moves_nothing_and_cannot_then_be_confirmed(pair, make_user):
    case, _kept, merge, proposer = pair
    person_merge_decline(actor=proposer, merge=merge)  # the proposer may withdraw
    with pytest.raises(ValidationError, match="already been not merged"):
        person_merge_confirm(actor=make_user(Role.ADMIN), merge=merge)
    assert case.person.episodes.count() == 1


def test_proposals_refuse_the_same_record_another_partnership_and_a_second_open_one(
    pair, world, make_user
):
    case, kept, _merge, proposer = pair
    with pytest.raises(ValidationError, match="same one"):
        person_merge_propose(actor=proposer, duplicate=kept, kept=kept, reason="x")
    outsider = PersonFactory(locality=world.outsider_locality)
    with pytest.raises(ValidationError, match="different partnerships"):
        person_merge_propose(actor=proposer, duplicate=kept, kept=outsider, reason="x")
    with pytest.raises(ValidationError, match="already waiting"):
        person_merge_propose(actor=proposer, duplicate=case.person, kept=kept, reason="x")
    with pytest.raises(ValidationError, match="Say why"):
        person_merge_propose(actor=proposer, duplicate=kept, kept=case.person, reason="  ")


def test_the_database_holds_one_open_proposal_per_duplicate(pair):
    case, kept, _merge, _ = pair
    with pytest.raises(IntegrityError), transaction.atomic():
        PersonMerge.objects.create(duplicate=case.person, kept=kept, reason="again")


def test_a_carer_link_between_the_two_records_goes_on_merge(pair, make_user):
    case, kept, merge, _ = pair
    CarerLink.objects.create(
        carer=kept,
        cared_for=case.person,
        relationship="other",
        started_on=datetime.date(2025, 1, 1),
    )
    person_merge_confirm(actor=make_user(Role.ADMIN), merge=merge)
    assert not CarerLink.objects.filter(carer=kept, cared_for=kept).exists()
    # The trust case's own link (the person cares for someone) moved to the kept record.
    assert CarerLink.objects.filter(carer=kept, cared_for=case.cared_for).exists()


# ---- pages: roles and scope ----------------------------------------------------------------


def test_pages_propose_list_and_confirm(pair, make_user, login, world):
    _case, kept, _merge, proposer = pair
    other = PersonFactory(locality=world.locality, first_name="Ishbel", last_name="Grant")
    client = login(proposer)
    url = reverse("conversations:person_merge_propose", args=[other.pk])
    page = client.get(url, {"q": "Morag Abernethy"})
    assert page.status_code == 200 and f"record #{kept.pk}" in page.content.decode()
    answer = client.post(url, {"q": "Morag Abernethy", "kept": kept.pk, "reason": "Same phone"})
    proposal = PersonMerge.objects.get(duplicate=other)
    assert answer["Location"] == reverse("conversations:person_merge_detail", args=[proposal.pk])
    second = login(make_user(Role.PRACTITIONER))
    listing = second.get(reverse("conversations:person_merge_list"))
    assert "Ishbel Grant" in listing.content.decode()
    done = second.post(
        reverse("conversations:person_merge_detail", args=[proposal.pk]), {"decision": "confirm"}
    )
    assert done["Location"] == reverse("conversations:person_detail", args=[kept.pk])
    assert Person.objects.get(pk=other.pk).merged_into_id == kept.pk


def test_merge_pages_answer_403_to_other_roles_and_404_outside_scope(pair, make_user, login):
    _case, kept, merge, _ = pair
    detail = reverse("conversations:person_merge_detail", args=[merge.pk])
    propose = reverse("conversations:person_merge_propose", args=[kept.pk])
    assert login(make_user(Role.HUB_WORKER)).get(detail).status_code == 403
    assert login(make_user(Role.HUB_WORKER)).get(propose).status_code == 403
    assert login(make_user(Role.HSCP_LEAD)).get(detail).status_code == 403
    outsider = login(make_user(Role.PRACTITIONER, outsider=True))
    assert outsider.get(detail).status_code == 404
    assert outsider.get(propose).status_code == 404


def test_the_api_proposes_and_confirms(pair, make_user, world):
    from rest_framework.test import APIClient

    _case, kept, merge, proposer = pair
    other = PersonFactory(locality=world.locality)
    client = APIClient()
    client.force_authenticate(proposer)
    answer = client.post(
        reverse("api_person_merge_propose", args=[other.pk]),
        {"kept": kept.pk, "reason": "Same"},
        format="json",
    )
    assert answer.status_code == 201, answer.content
    refused = client.post(reverse("api_person_merge_confirm", args=[answer.json()["id"]]))
    assert refused.status_code == 400  # the proposer
    client.force_authenticate(make_user(Role.ADMIN))
    confirmed = client.post(reverse("api_person_merge_confirm", args=[answer.json()["id"]]))
    assert confirmed.status_code == 200 and confirmed.json()["state"] == "confirmed"
    outsider = APIClient()
    outsider.force_authenticate(make_user(Role.ADMIN, outsider=True))
    assert outsider.get(reverse("api_person_merge_detail", args=[merge.pk])).status_code == 404


def test_removing_the_kept_record_after_its_retention_removes_the_merged_one_too(pair, make_user):
    from conversations.services.privacy import person_purge

    case, kept, merge, _ = pair
    person_merge_confirm(actor=make_user(Role.ADMIN), merge=merge)
    person_purge(actor=None, person=kept)
    assert not Person.objects.filter(pk__in=[kept.pk, case.person.pk]).exists()
