"""Change stories: case roles record them; leads and admins read only those shared with consent."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from cls_portal.audit.models import AuditEntry
from cls_portal.permissions import Role
from outcomes.models import ChangeStory
from tests.outcomes.factories import ChangeStoryFactory

STORIES = reverse("outcomes:story_list")
NEW = reverse("outcomes:story_create")


def story_form(locality, **overrides):
    data = {
        "title": "Back to the allotment",
        "told_on": "2026-03-10",
        "locality": locality.pk,
        "hub": "",
        "what_mattered": "Getting back to her allotment.",
        "strengths": "Forty years of gardening.",
        "barriers": "",
        "what_happened": "A neighbour drives her there on Saturdays.",
        "before_cls": "A six-week wait and a care package.",
        "outcomes": ["1", "3"],
        "consent_to_share": "on",
    }
    return data | overrides


@pytest.fixture
def shared(world):
    return ChangeStoryFactory(locality=world.locality, outcomes=[3], consent_to_share=True)


@pytest.fixture
def private(world):
    return ChangeStoryFactory(locality=world.locality, outcomes=[2], consent_to_share=False)


@pytest.mark.parametrize("role", [Role.HUB_WORKER, Role.PRACTITIONER, Role.FORUM_MANAGER])
def test_case_roles_record_a_change_story(users, login, world, role):
    client = login(users[role])
    assert client.get(NEW).status_code == 200
    response = client.post(NEW, story_form(world.locality))
    story = ChangeStory.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("outcomes:story_detail", args=[story.pk])
    assert sorted(story.outcome_links.values_list("outcome", flat=True)) == [1, 3]
    assert story.consent_to_share is True
    assert story.recorded_by == users[role]
    assert story.partnership == world.partnership
    assert AuditEntry.objects.filter(model="outcomes.changestory", action="create").exists()


def test_a_story_without_an_outcome_is_explained_and_nothing_is_saved(users, login, world):
    response = login(users[Role.PRACTITIONER]).post(NEW, story_form(world.locality, outcomes=[]))
    assert response.status_code == 200
    assert "Choose at least one CLS outcome it shows" in response.content.decode()
    assert ChangeStory.objects.count() == 0


def test_a_story_may_not_be_filed_under_a_locality_the_worker_does_not_work_in(users, login, world):
    response = login(users[Role.PRACTITIONER]).post(NEW, story_form(world.other_locality))
    assert response.status_code == 200
    assert "from the list" in response.content.decode()
    assert ChangeStory.objects.count() == 0


@pytest.mark.parametrize("role", [Role.HSCP_LEAD, Role.ADMIN])
def test_leads_and_admins_may_not_record_stories(users, login, world, role):
    client = login(users[role])
    assert client.get(NEW).status_code == 403
    assert client.post(NEW, story_form(world.locality)).status_code == 403


@pytest.mark.parametrize("role", [Role.HSCP_LEAD, Role.ADMIN])
def test_leads_and_admins_read_only_shared_stories(users, login, role, shared, private):
    client = login(users[role])
    page = client.get(STORIES).content.decode()
    assert shared.title in page and private.title not in page
    assert client.get(reverse("outcomes:story_detail", args=[shared.pk])).status_code == 200
    assert client.get(reverse("outcomes:story_detail", args=[private.pk])).status_code == 404


def test_a_worker_sees_their_localitys_stories_shared_or_not(users, login, shared, private):
    client = login(users[Role.HUB_WORKER])
    page = client.get(STORIES).content.decode()
    assert shared.title in page and private.title in page
    assert client.get(reverse("outcomes:story_detail", args=[private.pk])).status_code == 200


def test_a_worker_of_another_locality_gets_404(make_user, login, world, private):
    client = login(make_user(Role.PRACTITIONER, localities=[world.other_locality]))
    assert private.title not in client.get(STORIES).content.decode()
    assert client.get(reverse("outcomes:story_detail", args=[private.pk])).status_code == 404
    assert client.get(reverse("outcomes:story_edit", args=[private.pk])).status_code == 404


def test_an_outsider_gets_404(users, login, shared):
    client = login(users["outsider_practitioner"])
    assert client.get(reverse("outcomes:story_detail", args=[shared.pk])).status_code == 404


def test_a_lead_may_read_but_not_edit_a_shared_story(users, login, shared):
    response = login(users[Role.HSCP_LEAD]).get(reverse("outcomes:story_edit", args=[shared.pk]))
    assert response.status_code == 403


def test_editing_a_story_changes_it_and_is_audited(users, login, world, private):
    client = login(users[Role.PRACTITIONER])
    url = reverse("outcomes:story_edit", args=[private.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, story_form(world.locality, title="Now shareable", outcomes=["5"]))
    assert response.status_code == 302
    private.refresh_from_db()
    assert private.title == "Now shareable" and private.consent_to_share is True
    assert list(private.outcome_links.values_list("outcome", flat=True)) == [5]
    entry = AuditEntry.objects.get(model="outcomes.changestory", action="update")
    assert entry.changes["outcomes"] == [[2], [5]]


def test_the_story_list_is_paged_with_a_bounded_number_of_queries(
    users, login, world, django_assert_max_num_queries
):
    for index in range(30):
        ChangeStoryFactory(locality=world.locality, outcomes=sorted({1 + index % 6, 3}))
    client = login(users[Role.PRACTITIONER])
    with django_assert_max_num_queries(10):
        page = client.get(STORIES).content.decode()
    assert len(re.findall(r'href="/outcomes/stories/\d+/"', page)) == 25
    assert "Page 1 of 2" in page
