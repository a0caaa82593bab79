from __future__ import annotations

import pytest
from django.urls import reverse

from cls_portal.accounts.models import User
from cls_portal.audit.models import AuditEntry
from cls_portal.permissions import Role
from tests.factories import TEST_PASSWORD

HOME_HEADINGS = {  # as the page says it, article and capitals too
    Role.HUB_WORKER: "a hub worker",
    Role.PRACTITIONER: "a practitioner",
    Role.FORUM_MANAGER: "a forum manager",
    Role.HSCP_LEAD: "an HSCP lead",
    Role.ADMIN: "an administrator",
    Role.PROGRAMME_LEAD: "a programme lead",
}


def test_signed_out_visitors_are_sent_to_sign_in(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", list(Role))
def test_each_role_signs_in_and_lands_on_its_own_home_page(client, make_user, role):
    user = make_user(role)
    response = client.post(
        reverse("login"), {"username": user.username, "password": TEST_PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("home")
    page = response.content.decode()
    assert f"signed in as {HOME_HEADINGS[role]}" in page
    assert 'href="#main"' in page  # skip link
    assert "<main" in page and "<nav" in page


def test_a_wrong_password_gets_a_clear_message_and_no_session(client, make_user):
    user = make_user()
    response = client.post(reverse("login"), {"username": user.username, "password": "nope"})
    assert response.status_code == 200
    assert "enter a correct username and password" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_out_ends_the_session(make_user, login):
    client = login(make_user())
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.parametrize("role", [r for r in Role if r != Role.ADMIN])
def test_only_admins_reach_the_users_page(make_user, login, role):
    response = login(make_user(role)).get(reverse("accounts:user_list"))
    assert response.status_code == 403
    assert "You do not have access to this" in response.content.decode()


def test_admin_sees_only_users_of_their_own_partnership(
    users, make_user, login, django_assert_max_num_queries
):
    for _ in range(30):  # enough rows that a query per user would show
        make_user(Role.PRACTITIONER)
    client = login(users[Role.ADMIN])
    with django_assert_max_num_queries(10):
        response = client.get(reverse("accounts:user_list"))
    page = response.content.decode()
    assert users[Role.HUB_WORKER].username in page
    assert users[f"outsider_{Role.HUB_WORKER.value}"].username not in page


def test_admin_of_another_partnership_gets_404_editing_a_user(users, login):
    client = login(users[f"outsider_{Role.ADMIN.value}"])
    response = client.get(reverse("accounts:user_edit", args=[users[Role.HUB_WORKER].pk]))
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_admin_adds_a_user_with_role_and_locality_and_it_is_audited(world, users, login):
    admin = users[Role.ADMIN]
    response = login(admin).post(
        reverse("accounts:user_create"),
        {
            "username": "newworker",
            "first_name": "Nina",
            "last_name": "Ross",
            "email": "",
            "role": Role.PRACTITIONER,
            "localities": [world.locality.pk],
            "password": "a-long-unusual-passphrase",
        },
    )
    assert response.status_code == 302
    created = User.objects.get(username="newworker")
    assert created.partnership == world.partnership
    assert created.role == Role.PRACTITIONER
    assert list(created.localities.all()) == [world.locality]
    entry = AuditEntry.objects.get(model="accounts.user", object_id=str(created.pk))
    assert entry.actor == admin and entry.action == "create"
    assert "password" not in entry.changes  # not even its hash goes into the audit trail


def test_adding_a_user_with_bad_input_says_why_and_changes_nothing(world, users, login):
    before = User.objects.count()
    response = login(users[Role.ADMIN]).post(
        reverse("accounts:user_create"),
        {
            "username": users[Role.HUB_WORKER].username,
            "first_name": "",
            "last_name": "Ross",
            "role": "wizard",
            "localities": [world.outsider_locality.pk],
            "password": "123",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "That username is already taken." in page
    assert "Enter their first name" in page
    assert "from the list" in page
    assert User.objects.count() == before


def test_deactivating_a_user_ends_their_sessions(world, users, login):
    worker = users[Role.HUB_WORKER]
    worker_client = login(worker)
    assert worker_client.get(reverse("home")).status_code == 200
    login(users[Role.ADMIN]).post(
        reverse("accounts:user_edit", args=[worker.pk]),
        {"first_name": "Sam", "last_name": "W", "role": Role.HUB_WORKER, "localities": []},
    )
    worker.refresh_from_db()
    assert worker.is_active is False
    assert worker_client.get(reverse("home")).status_code == 302


def test_unknown_pages_get_the_styled_404(make_user, login):
    response = login(make_user()).get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_the_500_page_renders_without_a_database_or_request(rf):
    from cls_portal.views import error_500

    response = error_500(rf.get("/"))
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_healthz_answers_ok(client, db):
    assert client.get("/healthz").content == b"ok"


def test_navigation_shows_only_what_the_role_may_open(users, login):
    page = login(users[Role.HSCP_LEAD]).get(reverse("home")).content.decode()
    assert reverse("accounts:user_list") not in page
    page = login(users[Role.ADMIN]).get(reverse("home")).content.decode()
    assert reverse("accounts:user_list") in page
