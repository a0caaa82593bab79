"""The signed-in user is read once per request with what every page shows of them: their
partnership (named in the header) and their localities (the home page names them; every list
is scoped by them)."""

from __future__ import annotations

import pytest
from django.contrib.auth import SESSION_KEY
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cls_portal.accounts.backends import StaffBackend
from cls_portal.accounts.services import user_update
from cls_portal.permissions import Role

pytestmark = pytest.mark.django_db


def test_the_backend_reads_the_user_with_their_partnership_in_one_query(
    make_user, django_assert_num_queries
):
    user = make_user(Role.PRACTITIONER)
    with django_assert_num_queries(1):
        found = StaffBackend().get_user(user.pk)
        assert found.partnership.name == "Riverside HSCP"


def test_the_backend_reads_no_one_for_an_inactive_or_missing_user(make_user):
    user = make_user(Role.PRACTITIONER, is_active=False)
    assert StaffBackend().get_user(user.pk) is None
    assert StaffBackend().get_user(user.pk + 1000) is None


def test_a_page_names_the_partnership_and_places_without_a_query_for_either(
    make_user, login, world
):
    user = make_user(Role.PRACTITIONER, localities=[world.locality, world.other_locality])
    client = login(user)
    client.get(reverse("home"))  # (the session's first page writes what later ones do not)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("home"))
    page = response.content.decode()
    assert "Riverside HSCP" in page
    assert "for North, South." in page
    assert client.session[SESSION_KEY] == str(user.pk)
    sql = [query["sql"] for query in queries.captured_queries]
    assert not [q for q in sql if q.lstrip().startswith('SELECT "hubs_partnership"')]
    assert len([q for q in sql if 'FROM "hubs_locality"' in q]) == 1


def test_changed_localities_are_read_again_on_the_same_user(make_user, world):
    admin = make_user(Role.ADMIN)
    user = make_user(Role.PRACTITIONER, localities=[world.locality])
    assert user.locality_id_set == {world.locality.pk}
    user_update(
        actor=admin,
        user=user,
        first_name=user.first_name,
        last_name=user.last_name,
        email=user.email,
        role=user.role,
        is_active=True,
        localities=[world.other_locality],
    )
    assert user.locality_id_set == {world.other_locality.pk}
    assert [locality.name for locality in user.working_localities] == ["South"]
