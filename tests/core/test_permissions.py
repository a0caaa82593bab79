from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from cls_portal.permissions import (
    ROLE_PERMISSIONS,
    Role,
    can,
    has_role_permission,
    in_scope,
    require,
)
from conversations.models import Episode, Person
from hubs.models import Hub, HubSession
from tests.factories import EpisodeFactory, HubFactory, HubSessionFactory, PersonFactory


def test_every_action_names_only_known_roles():
    for action, roles in ROLE_PERMISSIONS.items():
        assert roles, action
        assert set(roles) <= set(Role), action


def test_hscp_leads_may_not_see_case_notes(make_user):
    lead = make_user(Role.HSCP_LEAD)
    assert not has_role_permission(lead, "person.view")
    assert not has_role_permission(lead, "conversation.record")
    assert has_role_permission(lead, "outcomes.view")


def test_only_forum_managers_decide_funding(users):
    deciders = {role for role in Role if has_role_permission(users[role.value], "forum.decide")}
    assert deciders == {Role.FORUM_MANAGER}


def test_unknown_action_is_a_programming_error(make_user):
    with pytest.raises(KeyError):
        has_role_permission(make_user(), "no.such.action")


def test_anonymous_and_inactive_users_may_do_nothing(make_user):
    from django.contrib.auth.models import AnonymousUser

    assert not has_role_permission(AnonymousUser(), "hub.view")
    assert not has_role_permission(make_user(is_active=False), "hub.view")


def test_user_of_partnership_a_is_refused_a_hub_of_partnership_b(world, make_user):
    worker = make_user(Role.HUB_WORKER)
    theirs = HubFactory(locality=world.outsider_locality)
    assert not in_scope(worker, theirs)
    assert not can(worker, "hub.view", theirs)
    with pytest.raises(Http404):
        require(worker, "hub.view", theirs)
    assert list(Hub.objects.visible_to(worker)) == []


def test_a_role_without_the_action_gets_403_inside_scope(world, make_user):
    lead = make_user(Role.HSCP_LEAD)
    person = PersonFactory(locality=world.locality)
    with pytest.raises(PermissionDenied):
        require(lead, "person.view", person)


def test_case_records_are_limited_to_the_users_localities(world, make_user):
    worker = make_user(Role.PRACTITIONER, localities=[world.locality])
    here = EpisodeFactory(person__locality=world.locality)
    elsewhere = EpisodeFactory(person__locality=world.other_locality)
    assert in_scope(worker, here)
    assert not in_scope(worker, elsewhere)
    assert list(Episode.objects.visible_to(worker)) == [here]


def test_session_scope_follows_the_hubs_locality(world, make_user):
    worker = make_user(Role.HUB_WORKER, localities=[world.locality])
    mine = HubSessionFactory(hub__locality=world.locality)
    HubSessionFactory(hub__locality=world.other_locality)
    assert list(HubSession.objects.visible_to(worker)) == [mine]


def test_admins_and_leads_see_every_locality_of_their_partnership_only(world, make_user):
    admin = make_user(Role.ADMIN, localities=[])
    here = EpisodeFactory(person__locality=world.other_locality)
    EpisodeFactory(person__locality=world.outsider_locality)
    assert list(Episode.objects.visible_to(admin)) == [here]


def test_a_person_from_elsewhere_who_came_to_your_locality_is_visible(world, make_user):
    worker = make_user(Role.HUB_WORKER, localities=[world.locality])
    visitor = PersonFactory(locality=world.other_locality)
    stranger = PersonFactory(locality=world.other_locality)
    EpisodeFactory(person=visitor, locality=world.locality)
    visible = set(Person.objects.visible_to(worker))
    assert visitor in visible
    assert stranger not in visible


def test_get_for_answers_404_for_outsiders_and_403_for_wrong_role(world, make_user):
    person = PersonFactory(locality=world.locality)
    outsider = make_user(Role.HUB_WORKER, outsider=True)
    lead = make_user(Role.HSCP_LEAD)
    worker = make_user(Role.HUB_WORKER)
    with pytest.raises(Http404):
        Person.objects.get_for(outsider, "person.view", pk=person.pk)
    with pytest.raises(PermissionDenied):
        Person.objects.get_for(lead, "person.view", pk=person.pk)
    assert Person.objects.get_for(worker, "person.view", pk=person.pk) == person
    with pytest.raises(Http404):
        Person.objects.get_for(worker, "person.view", pk="not-a-number")
