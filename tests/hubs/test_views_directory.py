"""The community solutions directory in the browser: browse and search, an entry's page, add
and edit, "verified today" and the six-month review queue."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cls_portal.audit.models import AuditEntry
from cls_portal.permissions import ALL_ROLES, Role
from hubs.models import CommunitySolution, SolutionCategory
from tests.factories import CommunitySolutionFactory

EDITORS = [Role.HUB_WORKER, Role.ADMIN]
READERS_ONLY = [Role.PRACTITIONER, Role.FORUM_MANAGER, Role.HSCP_LEAD]


def _category(slug: str) -> SolutionCategory:
    return SolutionCategory.objects.get(slug=slug)  # loaded by the data migration


# ---------------------------------------------------------------- browse and search


@pytest.mark.parametrize("role", sorted(ALL_ROLES))
def test_every_role_browses_its_own_partnerships_directory_only(
    users, login, solution, outsider_solution, role
):
    response = login(users[role]).get(reverse("hubs:solution_list"))
    assert response.status_code == 200
    page = response.content.decode()
    assert solution.name in page
    assert outsider_solution.name not in page


def test_free_text_search_looks_in_name_organisation_description_and_category(world, users, login):
    make = CommunitySolutionFactory
    make(partnership=world.partnership, name="Knit and Natter", description="A warm space")
    make(partnership=world.partnership, name="Walk for Health", organisation="Paths Trust")
    make(partnership=world.partnership, name="Mens Shed", category=_category("mens-sheds"))
    client = login(users[Role.HUB_WORKER])

    def found(q: str) -> str:
        return client.get(reverse("hubs:solution_list"), {"q": q}).content.decode()

    assert "Knit and Natter" in found("warm") and "Walk for Health" not in found("warm")
    assert "Walk for Health" in found("paths trust")
    assert "Mens Shed" in found("men's sheds")
    assert "No entries match" in found("trampolining")


def test_the_directory_filters_by_category_and_locality(world, users, login):
    lunch = _category("lunch-clubs")
    north = CommunitySolutionFactory(
        partnership=world.partnership, name="North Lunch", category=lunch
    )
    north.localities.set([world.locality])
    south = CommunitySolutionFactory(
        partnership=world.partnership, name="South Lunch", category=lunch
    )
    south.localities.set([world.other_locality])
    CommunitySolutionFactory(partnership=world.partnership, name="Everywhere Lunch", category=lunch)
    CommunitySolutionFactory(partnership=world.partnership, name="A Befriender")
    page = (
        login(users[Role.HUB_WORKER])
        .get(
            reverse("hubs:solution_list"),
            {"category": "lunch-clubs", "locality": world.locality.pk},
        )
        .content.decode()
    )
    assert "North Lunch" in page and "Everywhere Lunch" in page  # no localities = everywhere
    assert "South Lunch" not in page and "A Befriender" not in page


def test_a_bad_filter_is_explained_and_the_other_filters_still_apply(world, users, login):
    CommunitySolutionFactory(partnership=world.partnership, name="Knit and Natter")
    CommunitySolutionFactory(partnership=world.partnership, name="Walk for Health")
    page = (
        login(users[Role.HUB_WORKER])
        .get(reverse("hubs:solution_list"), {"q": "knit", "category": "no-such-category"})
        .content.decode()
    )
    assert "from the list" in page
    assert "Knit and Natter" in page
    assert "Walk for Health" not in page  # the search was not dropped with the bad category


def test_entries_no_longer_running_are_hidden_unless_asked_for(world, users, login):
    CommunitySolutionFactory(partnership=world.partnership, name="Closed Club", is_active=False)
    client = login(users[Role.HUB_WORKER])
    assert "Closed Club" not in client.get(reverse("hubs:solution_list")).content.decode()
    shown = client.get(reverse("hubs:solution_list"), {"include_inactive": "on"})
    assert "Closed Club" in shown.content.decode()


def test_an_htmx_search_returns_just_the_results(users, login, solution):
    response = login(users[Role.HUB_WORKER]).get(
        reverse("hubs:solution_list"), {"q": "lunch"}, HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert 'id="directory-results"' in page and "<html" not in page
    assert solution.name in page


def test_the_directory_list_runs_a_bounded_number_of_queries(
    world, users, login, django_assert_max_num_queries
):
    for index in range(40):
        entry = CommunitySolutionFactory(partnership=world.partnership, name=f"Entry {index:02}")
        entry.localities.set([world.locality, world.other_locality][: index % 3])
    client = login(users[Role.HUB_WORKER])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("hubs:solution_list"), {"locality": world.locality.pk})
    assert response.status_code == 200
    assert "Entry 00" in response.content.decode()


# ---------------------------------------------------------------- an entry's page


@pytest.mark.parametrize("role", sorted(ALL_ROLES))
def test_every_role_opens_an_entry_of_its_partnership(users, login, solution, role):
    response = login(users[role]).get(reverse("hubs:solution_detail", args=[solution.pk]))
    assert response.status_code == 200
    assert solution.name in response.content.decode()


def test_an_outsider_gets_404_for_an_entry(users, login, solution):
    response = login(users["outsider_admin"]).get(
        reverse("hubs:solution_detail", args=[solution.pk])
    )
    assert response.status_code == 404


# ---------------------------------------------------------------- add and edit


@pytest.mark.parametrize("role", EDITORS)
def test_hub_workers_and_admins_add_an_entry(world, users, login, role):
    response = login(users[role]).post(
        reverse("hubs:solution_create"),
        {
            "name": "Riverside Men's Shed",
            "organisation": "Men's Shed Association",
            "category": _category("mens-sheds").pk,
            "localities": [world.locality.pk],
            "schedule": "Wednesdays 10–3",
            "cost_to_person": "Free",
            "postcode": "rv1 2ab",
            "last_verified": timezone.localdate().isoformat(),
            "is_active": "on",
        },
    )
    entry = CommunitySolution.objects.get(name="Riverside Men's Shed")
    assert response.status_code == 302
    assert response.url == reverse("hubs:solution_detail", args=[entry.pk])
    assert entry.partnership == world.partnership
    assert list(entry.localities.all()) == [world.locality]
    assert entry.postcode == "RV1 2AB"
    assert AuditEntry.objects.get(model="hubs.communitysolution").actor == users[role]


@pytest.mark.parametrize("role", READERS_ONLY)
def test_other_roles_may_not_add_or_edit_entries(users, login, solution, role):
    client = login(users[role])
    assert client.get(reverse("hubs:solution_create")).status_code == 403
    assert client.post(reverse("hubs:solution_edit", args=[solution.pk]), {}).status_code == 403


def test_adding_an_entry_with_bad_input_says_why_and_changes_nothing(world, users, login):
    response = login(users[Role.HUB_WORKER]).post(
        reverse("hubs:solution_create"),
        {
            "name": "",
            "organisation": "Someone",
            "category": _category("befriending").pk,
            "email": "not-an-email",
            "localities": [world.outsider_locality.pk],
            "last_verified": (timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter the name of the solution" in page
    assert "Enter a valid email address." in page
    assert "cannot be in the future" in page
    assert "from the list" in page  # another partnership's locality
    assert 'href="#id_name"' in page  # the summary links to the field
    assert 'aria-invalid="true"' in page
    assert not CommunitySolution.objects.exists()


def test_editing_an_entry_saves_and_audits_what_changed(world, users, login, solution):
    response = login(users[Role.HUB_WORKER]).post(
        reverse("hubs:solution_edit", args=[solution.pk]),
        {
            "name": solution.name,
            "organisation": solution.organisation,
            "category": solution.category.pk,
            "cost_to_person": "£3 a meal",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    solution.refresh_from_db()
    assert solution.cost_to_person == "£3 a meal"
    entry = AuditEntry.objects.get(model="hubs.communitysolution", action="update")
    assert entry.changes["cost_to_person"] == ["", "£3 a meal"]


def test_an_outsider_gets_404_editing_an_entry(users, login, solution):
    url = reverse("hubs:solution_edit", args=[solution.pk])
    assert login(users["outsider_hub_worker"]).get(url).status_code == 404


# ---------------------------------------------------------------- verified today and review


def test_verified_today_is_one_click_and_takes_the_entry_off_the_review_queue(world, users, login):
    old = CommunitySolutionFactory(
        partnership=world.partnership,
        name="Old Entry",
        last_verified=timezone.localdate() - datetime.timedelta(days=400),
    )
    client = login(users[Role.HUB_WORKER])
    assert "Old Entry" in client.get(reverse("hubs:solution_review")).content.decode()
    response = client.post(reverse("hubs:solution_verify", args=[old.pk]), HTTP_HX_REQUEST="true")
    old.refresh_from_db()
    assert old.last_verified == timezone.localdate()
    assert f'id="verified-{old.pk}"' in response.content.decode()
    assert "Due a check" not in response.content.decode()
    assert "Old Entry" not in client.get(reverse("hubs:solution_review")).content.decode()


def test_verifying_is_refused_for_readers_and_outsiders(users, login, solution):
    url = reverse("hubs:solution_verify", args=[solution.pk])
    assert login(users[Role.PRACTITIONER]).post(url).status_code == 403
    assert login(users["outsider_hub_worker"]).post(url).status_code == 404


def test_the_review_queue_holds_entries_unchecked_for_six_months_never_checked_first(
    world, users, login, django_assert_max_num_queries
):
    # Six months is 183 days: last checked 183 days ago is still fine, 184 days ago is due.
    today = timezone.localdate()
    make = CommunitySolutionFactory
    make(
        partnership=world.partnership,
        name="Checked 182 days ago",
        last_verified=today - datetime.timedelta(days=182),
    )
    make(
        partnership=world.partnership,
        name="Checked 183 days ago",
        last_verified=today - datetime.timedelta(days=183),
    )
    make(
        partnership=world.partnership,
        name="Checked 184 days ago",
        last_verified=today - datetime.timedelta(days=184),
    )
    make(
        partnership=world.partnership,
        name="Checked 500 days ago",
        last_verified=today - datetime.timedelta(days=500),
    )
    make(partnership=world.partnership, name="Never checked", last_verified=None)
    make(partnership=world.partnership, name="Closed and old", last_verified=None, is_active=False)
    make(partnership=world.outsider_partnership, name="Outsider old", last_verified=None)
    for index in range(20):
        make(
            partnership=world.partnership,
            name=f"Old {index}",
            last_verified=today - datetime.timedelta(days=300),
        )
    client = login(users[Role.ADMIN])
    with django_assert_max_num_queries(10):
        response = client.get(reverse("hubs:solution_review"))
    page = response.content.decode()
    assert "23 entries due a check" in page
    assert (
        page.index("Never checked")
        < page.index("Checked 500 days ago")
        < page.index("Checked 184 days ago")
    )
    assert "Checked 183 days ago" not in page and "Checked 182 days ago" not in page
    assert "Closed and old" not in page and "Outsider old" not in page


@pytest.mark.parametrize("role", READERS_ONLY)
def test_only_editors_see_the_review_queue(users, login, role):
    assert login(users[role]).get(reverse("hubs:solution_review")).status_code == 403


def test_the_data_migration_loads_the_issues_categories_with_stable_ids(db):
    import importlib

    from django.apps import apps

    from hubs.categories import category_hsds_id

    SolutionCategory.objects.all().delete()
    importlib.import_module("hubs.migrations.0002_solution_categories").load(apps, None)
    names = set(SolutionCategory.objects.values_list("name", flat=True))
    for expected in [
        "Befriending", "Physical activity", "Carers' support", "Money and benefits advice",
        "Transport", "Lunch clubs", "Men's sheds", "Peer support", "Volunteering",
        "Shared Lives", "Homeshare", "Community circles", "Micro-enterprises",
        "Equipment and adaptations",
    ]:  # fmt: skip
        assert expected in names
    befriending = SolutionCategory.objects.get(slug="befriending")
    assert befriending.hsds_id == category_hsds_id("befriending")
