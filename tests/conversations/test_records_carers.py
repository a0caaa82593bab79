"""Carers: a link between two people, shown both ways; support for a carer in their own right;
the core data set's "carers supported", worked out by hand."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cls_portal.permissions import Role
from conversations.models import CarerLink, Episode
from conversations.services.carers import carer_link_create, carer_link_end, episode_set_as_carer
from outcomes.periods import Month, MonthRange, Scope
from outcomes.presentation.published import figure_rows
from outcomes.selectors import figures as f
from outcomes.selectors.core_data_set import outcome_figures
from tests.factories import ConversationFactory, EpisodeFactory, PersonFactory


@pytest.fixture
def people(world):
    carer = PersonFactory(locality=world.locality, first_name="Elspeth", last_name="Reid")
    mother = PersonFactory(locality=world.locality, first_name="Agnes", last_name="Reid")
    return carer, mother


def test_a_link_shows_both_ways(people, make_user, login, today):
    carer, mother = people
    hub_worker = make_user(Role.HUB_WORKER)
    carer_link_create(
        actor=hub_worker, carer=carer, cared_for=mother, relationship="child",
        started_on=today - datetime.timedelta(days=700),
    )  # fmt: skip
    client = login(hub_worker)
    carer_page = client.get(reverse("conversations:person_links", args=[carer.pk])).content
    mother_page = client.get(reverse("conversations:person_links", args=[mother.pk])).content
    assert "Cares for" in carer_page.decode() and "Agnes Reid" in carer_page.decode()
    assert "Cared for by" in mother_page.decode() and "Elspeth Reid" in mother_page.decode()


def test_bad_links_are_refused(people, world, make_user, today):
    carer, mother = people
    actor = make_user(Role.HUB_WORKER)
    with pytest.raises(ValidationError, match="their own carer"):
        carer_link_create(actor=actor, carer=carer, cared_for=carer, relationship="child",
                          started_on=today)  # fmt: skip
    with pytest.raises(ValidationError, match="future"):
        carer_link_create(actor=actor, carer=carer, cared_for=mother, relationship="child",
                          started_on=today + datetime.timedelta(days=1))  # fmt: skip
    outsider = PersonFactory(locality=world.outsider_locality)
    with pytest.raises(ValidationError, match="your partnership"):
        carer_link_create(actor=actor, carer=carer, cared_for=outsider, relationship="child",
                          started_on=today)  # fmt: skip
    link = carer_link_create(actor=actor, carer=carer, cared_for=mother, relationship="child",
                             started_on=today - datetime.timedelta(days=5))  # fmt: skip
    with pytest.raises(ValidationError, match="already linked"):
        carer_link_create(actor=actor, carer=carer, cared_for=mother, relationship="child",
                          started_on=today)  # fmt: skip
    with pytest.raises(ValidationError, match="before they started"):
        carer_link_end(actor=actor, link=link, ended_on=today - datetime.timedelta(days=6))
    carer_link_end(actor=actor, link=link, ended_on=today)
    assert CarerLink.objects.get().ended_on == today


def test_only_a_linked_carer_can_be_supported_as_a_carer(people, make_user, today):
    carer, mother = people
    actor = make_user(Role.PRACTITIONER)
    episode = EpisodeFactory(person=carer, first_contact_on=today)
    with pytest.raises(ValidationError, match="Link them"):
        episode_set_as_carer(actor=actor, episode=episode, as_carer=True)
    carer_link_create(actor=actor, carer=carer, cared_for=mother, relationship="child",
                      started_on=today)  # fmt: skip
    assert episode_set_as_carer(actor=actor, episode=episode, as_carer=True).as_carer


def test_carers_supported_counted_by_hand(world, today):
    """Last month (M): carer A had two carer's conversations (counts once); carer B one;
    person C a conversation on an ordinary episode (not a carer's). The month before: carer B
    one. So M: 2 carers; the month before: 1. Another partnership's carer is not counted."""
    m_start = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    before_start = (m_start - datetime.timedelta(days=1)).replace(day=1)
    m, before = Month.of(m_start), Month.of(before_start)

    def carer_episode(locality=world.locality, as_carer=True):
        return EpisodeFactory(
            person=PersonFactory(locality=locality), first_contact_on=before_start,
            as_carer=as_carer, state=Episode.State.CONVERSATION_1,
        )  # fmt: skip

    a, b, c = carer_episode(), carer_episode(), carer_episode(as_carer=False)
    outsider = carer_episode(locality=world.outsider_locality)
    for episode, day in ((a, m_start), (a, m_start.replace(day=15)), (b, m_start),
                         (c, m_start), (b, before_start), (outsider, m_start)):  # fmt: skip
        ConversationFactory(episode=episode, held_on=day)
    scope = Scope(partnership_id=world.partnership.pk)
    counts = f.carers_supported(months=MonthRange.ending(m, 2), scope=scope)
    assert counts == {before: 1, m: 2}
    # In the core data set: a count of people, suppressed like every count.
    row = next(
        r
        for r in figure_rows(outcome_figures(month=m, scope=scope))
        if r.code == "carers.supported"
    )
    assert row.value == 2 and row.unit == "people" and row.shown.text == "<5"


# ---- pages: roles and scope ---------------------------------------------------------------


def test_link_a_carer_from_the_page(people, make_user, login, today):
    carer, mother = people
    client = login(make_user(Role.HUB_WORKER))
    url = reverse("conversations:carer_link_create", args=[mother.pk])
    found = client.get(url, {"q": "Elspeth"})
    assert f"record #{carer.pk}" in found.content.decode()
    answer = client.post(url, {
        "q": "Elspeth", "other": carer.pk, "direction": "has_carer", "relationship": "child",
        "started_on": (today - datetime.timedelta(days=30)).isoformat(),
    })  # fmt: skip
    assert answer.status_code == 302
    link = CarerLink.objects.get()
    assert (link.carer, link.cared_for) == (carer, mother)


def test_carer_pages_403_for_leads_and_404_outside_scope(people, make_user, login, today):
    carer, mother = people
    link = CarerLink.objects.create(carer=carer, cared_for=mother, relationship="child",
                                    started_on=today)  # fmt: skip
    add = reverse("conversations:carer_link_create", args=[mother.pk])
    end = reverse("conversations:carer_link_end", args=[link.pk])
    lead = login(make_user(Role.HSCP_LEAD))
    assert lead.get(add).status_code == 403 and lead.get(end).status_code == 403
    outsider = login(make_user(Role.HUB_WORKER, outsider=True))
    assert outsider.get(add).status_code == 404 and outsider.get(end).status_code == 404
    elsewhere = login(make_user(Role.HUB_WORKER, localities=[]))
    assert elsewhere.get(end).status_code == 404
