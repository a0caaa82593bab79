from __future__ import annotations

from django.urls import reverse
from rest_framework.test import APIClient

from cls_portal.permissions import Role
from tests.factories import TEST_PASSWORD


def test_schema_and_docs_are_served(client, db):
    schema = client.get(reverse("schema"))
    assert schema.status_code == 200
    assert b"openapi: 3" in schema.content
    docs = client.get(reverse("api_docs"))
    assert docs.status_code == 200
    assert b"cdn" not in docs.content.lower()


def test_api_needs_authentication(client, db):
    assert client.get(reverse("api_me")).status_code in (401, 403)


def test_token_authentication_returns_the_callers_role_and_scope(world, make_user):
    user = make_user(Role.PRACTITIONER)
    api = APIClient()
    token = api.post(
        reverse("api_token"), {"username": user.username, "password": TEST_PASSWORD}
    ).json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = api.get(reverse("api_me")).json()
    assert me["role"] == "practitioner"
    assert me["partnership"] == world.partnership.slug
    assert me["localities"] == [world.locality.slug]


def test_a_wrong_password_gets_no_token(make_user):
    user = make_user()
    response = APIClient().post(reverse("api_token"), {"username": user.username, "password": "x"})
    assert response.status_code == 400
