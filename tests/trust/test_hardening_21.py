"""Issue 21's hardening, each found by a fault injected or a hostile request that once gave a 500
or let something through: a database connection killed under a web worker, a ``next`` that is not
a URL, JSON nested 100,000 deep, OPTIONS and HEAD on every URL, a password equal to the username,
API rate limits that had no effect, and an HSDS import that told one partnership about another's
directory."""

from __future__ import annotations

import json
import uuid
from urllib.parse import urlencode

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection, transaction
from django.test import Client, RequestFactory
from django.urls import reverse
from rest_framework.authtoken.models import Token

from cls_portal.accounts.models import User
from cls_portal.accounts.services import user_create
from cls_portal.permissions import Role
from hubs.hsds.export import hsds_document
from hubs.models import CommunitySolution
from hubs.services.hsds import hsds_directory_import
from tests.factories import CommunitySolutionFactory
from tests.trust.matrix import url_for
from tests.trust.places import OWN, ROLES
from tests.trust.test_access_matrix import PATTERNS, QUERIES, Matrix, _kwargs

# ---- a killed database connection ------------------------------------------------------------


def _wsgi_get(handler: WSGIHandler, path: str, token: str) -> int:
    """One request through the same path a web worker takes (``request_started`` runs
    ``close_old_connections``, which the test client switches off)."""
    environ = RequestFactory().get(path, HTTP_AUTHORIZATION=f"Token {token}").environ
    statuses: list[str] = []
    response = handler(environ, lambda status, headers, exc_info=None: statuses.append(status))
    b"".join(response)
    response.close()
    return int(statuses[0].split()[0])


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_request_after_a_killed_database_connection_succeeds(world, make_user):
    """A web worker keeps its connection (CONN_MAX_AGE); when the database ends it (a restart,
    a fail-over, an idle timeout), the next request must check it and connect again rather
    than fail with a 500."""
    import psycopg

    assert connection.settings_dict["CONN_MAX_AGE"] > 0  # connections are kept: the risk exists
    user = make_user(Role.HUB_WORKER)
    token = Token.objects.create(user=user).key
    handler = WSGIHandler()
    connection.close()  # open it afresh, with the settings the web workers have
    assert _wsgi_get(handler, "/api/v1/me/", token) == 200
    pid = connection.connection.info.backend_pid

    settings = connection.settings_dict
    with psycopg.connect(
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        dbname=settings["NAME"],
        autocommit=True,
    ) as killer:
        killed = killer.execute("SELECT pg_terminate_backend(%s)", [pid]).fetchone()
    assert killed == (True,)

    assert _wsgi_get(handler, "/api/v1/me/", token) == 200
    assert connection.connection.info.backend_pid != pid


def test_connections_are_health_checked():
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True


# ---- a `next` that is not a URL --------------------------------------------------------------


@pytest.fixture
def crisis_plan(world):
    from tests.trust.cases import build_case

    return build_case(world.locality).crisis_plan


@pytest.mark.parametrize(
    "given",
    ["x", "home", "javascript:alert(1)", "https://evil.example/", "//evil.example/", "/\\evil",
     " ", "/a\nb", "/a\rLocation: https://evil.example/", "x" * 5000, "/people/?q=1"],
)  # fmt: skip
def test_a_next_that_is_not_a_local_path_falls_back_to_the_person(
    given, crisis_plan, make_user, login, today
):
    client = login(make_user(Role.PRACTITIONER))
    url = reverse("conversations:crisis_plan_update", args=[crisis_plan.pk])
    person = reverse("conversations:person_detail", args=[crisis_plan.episode.person_id])
    data = {"rag": "red", "review_by": today.isoformat()}
    query = "?" + urlencode({"next": given})
    response = client.post(url + query, data)
    assert response.status_code == 302
    assert response["Location"] == (given if given == "/people/?q=1" else person)
    crisis_plan.refresh_from_db()
    assert crisis_plan.rag == "red"
    # Given in the form as well as the query string: the same.
    response = client.post(url, data | {"next": given})
    assert response["Location"] == (given if given == "/people/?q=1" else person)
    # The form carries only a safe value on to its hidden field.
    page = client.get(url + query)
    assert page.status_code == 200
    assert "evil" not in page.content.decode()


def test_sign_in_with_a_next_that_is_not_a_url_goes_home(world, make_user):
    user = make_user(Role.HUB_WORKER, username="nextuser")
    user.set_password("a-long-pass-phrase-42")
    user.save()
    for given in ("x", "javascript:alert(1)", "https://evil.example/", "/a\nb"):
        client = Client()
        response = client.post(
            "/login/?" + urlencode({"next": given}),
            {"username": "nextuser", "password": "a-long-pass-phrase-42"},
        )
        assert response.status_code == 302, given
        assert "evil" not in response["Location"] and "javascript" not in response["Location"]


# ---- JSON nested too deeply ------------------------------------------------------------------

DEEP = "[" * 100_000 + "]" * 100_000
DEEP_OBJECT = '{"a":' * 100_000 + "1" + "}" * 100_000


@pytest.mark.parametrize("body", [DEEP, DEEP_OBJECT, "[" * 200 + "]" * 200])
def test_json_nested_too_deeply_is_refused_with_400(body, make_user, login):
    answer = Client().post("/api/v1/auth/token/", body, content_type="application/json")
    assert answer.status_code == 400
    assert "nested" in answer.json()["detail"]
    client = login(make_user(Role.HUB_WORKER))
    answer = client.post("/api/v1/drop-ins/", body, content_type="application/json")
    assert answer.status_code == 400
    assert "nested" in answer.json()["detail"]


def test_json_nested_within_the_limit_is_read(make_user, login):
    client = login(make_user(Role.HUB_WORKER))
    body = json.dumps({"session": [[[[1]]]]})
    answer = client.post("/api/v1/drop-ins/", body, content_type="application/json")
    assert answer.status_code == 400  # read, then refused by the serializer for its content
    assert "session" in answer.json()


def test_an_hsds_upload_nested_too_deeply_is_refused_plainly(make_user, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login(make_user(Role.ADMIN))
    upload = SimpleUploadedFile("deep.json", DEEP.encode(), content_type="application/json")
    answer = client.post(reverse("hubs:directory_import"), {"file": upload})
    assert answer.status_code == 200
    assert "nested too deeply" in answer.content.decode()
    assert not CommunitySolution.objects.exists()


# ---- OPTIONS and HEAD on every URL -----------------------------------------------------------


def test_options_on_the_api_docs_answers(make_user, login):
    for client in (Client(), login(make_user(Role.HUB_WORKER))):
        answer = client.options("/api/docs/")
        assert answer.status_code in (200, 405)
        assert "GET" in answer["Allow"]


@pytest.mark.parametrize("method", ["OPTIONS", "HEAD"])
def test_options_and_head_on_every_url_never_give_a_server_error(method, world, settings, tmp_path):
    matrix = Matrix(world, settings, tmp_path)
    clients = {"not signed in": Client(), **{role: matrix.clients[role] for role in ROLES}}
    failures = []
    for name, pattern in sorted(PATTERNS.items()):
        try:
            kwargs = _kwargs(pattern, matrix.places[OWN])
        except KeyError:
            continue  # a URL the matrix does not know yet: test_access_matrix fails for it
        url = url_for(name, kwargs) + QUERIES.get(name, "")
        for who, client in clients.items():
            try:
                with transaction.atomic():
                    status = client.generic(method, url).status_code
                    transaction.set_rollback(True)
            except Exception as error:  # the test client raises what a 500 would hide
                failures.append(f"{method} {name} as {who}: {error!r}")
                continue
            if status >= 500:
                failures.append(f"{method} {name} as {who}: {status}")
            elif status == 405 and method == "OPTIONS" and pattern.is_api:
                failures.append(f"{method} {name} as {who}: 405 (DRF answers OPTIONS)")
    assert not failures, "\n".join(failures)


# ---- passwords like the username -------------------------------------------------------------


def test_the_similarity_validator_is_given_the_user():
    user = User(username="margaretmcbride", first_name="Margaret", last_name="McBride")
    with pytest.raises(ValidationError, match="too similar to the username"):
        validate_password("margaretmcbride", user)


def test_a_password_equal_to_the_username_is_refused_when_adding_a_user(world, make_user, login):
    admin = make_user(Role.ADMIN)
    client = login(admin)
    answer = client.post(
        reverse("accounts:user_create"),
        {"username": "jrobertson77", "first_name": "Jamie", "last_name": "Robertson",
         "email": "", "role": Role.HUB_WORKER, "password": "jrobertson77",
         "localities": [world.locality.pk]},
    )  # fmt: skip
    assert answer.status_code == 200
    assert "The password is too similar to the username." in answer.content.decode()
    assert not User.objects.filter(username="jrobertson77").exists()
    # The same password for someone whose name it is not like is fine.
    answer = client.post(
        reverse("accounts:user_create"),
        {"username": "sam.brown", "first_name": "Sam", "last_name": "Brown",
         "email": "", "role": Role.HUB_WORKER, "password": "jrobertson77",
         "localities": [world.locality.pk]},
    )  # fmt: skip
    assert answer.status_code == 302
    assert User.objects.get(username="sam.brown").check_password("jrobertson77")


def test_the_service_refuses_a_password_like_the_user_too(world, make_user):
    with pytest.raises(ValidationError) as refused:
        user_create(
            actor=make_user(Role.ADMIN), partnership_id=world.partnership.pk,
            username="alexmacleod", first_name="Alex", last_name="MacLeod",
            email="alex.macleod@example.org", role=Role.HUB_WORKER, localities=[],
            password="alex.macleod",
        )  # fmt: skip
    assert "too similar" in " ".join(refused.value.message_dict["password"])
    assert not User.objects.filter(username="alexmacleod").exists()


# ---- API rate limits -------------------------------------------------------------------------


@pytest.fixture
def tight_rates(settings):
    settings.REST_FRAMEWORK = settings.REST_FRAMEWORK | {
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute", "user": "4/minute", "token": "2/minute"}
    }
    cache.clear()
    yield
    cache.clear()


def test_the_rates_are_configured():
    from django.conf import settings

    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    assert set(rates) >= {"anon", "user", "token"}
    assert settings.REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"]


def test_a_signed_in_user_is_limited(tight_rates, make_user, login):
    client = login(make_user(Role.HUB_WORKER))
    answers = [client.get("/api/v1/me/").status_code for _ in range(5)]
    assert answers == [200, 200, 200, 200, 429]
    # Another user has their own allowance.
    assert login(make_user(Role.PRACTITIONER)).get("/api/v1/me/").status_code == 200


def test_anonymous_requests_are_limited(tight_rates, world):
    # (A request refused for want of signing in is refused before it is counted.)
    answers = [Client().get("/api/docs/").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]


def test_the_token_route_is_limited_tightly(tight_rates, make_user):
    user = make_user(Role.HUB_WORKER, username="tokenuser")
    user.set_password("a-long-pass-phrase-42")
    user.save()
    good = {"username": "tokenuser", "password": "a-long-pass-phrase-42"}
    answers = [Client().post("/api/v1/auth/token/", good).status_code for _ in range(3)]
    assert answers == [200, 200, 429]
    assert "try again" in Client().post("/api/v1/auth/token/", good).json()["detail"].lower()


# ---- HSDS import: nothing said about other partnerships ---------------------------------------


def test_an_hsds_import_says_nothing_of_another_partnerships_directory(world, users):
    theirs = CommunitySolutionFactory(partnership=world.outsider_partnership, name="Hill Walkers")
    document = json.loads(json.dumps(hsds_document(partnership=world.outsider_partnership)))
    admin = users[Role.ADMIN]
    fresh = json.loads(json.dumps(document))
    for service in fresh["services"]:
        service["id"] = str(uuid.uuid4())  # the same entry, under an id nobody has
    told = hsds_directory_import(actor=admin, partnership=world.partnership, document=document)
    untold = hsds_directory_import(
        actor=users[Role.ADMIN], partnership=world.outsider_partnership, document=fresh
    )
    assert told.ok and (told.created, told.updated) == (1, 0)
    assert told.notes == untold.notes == []
    # Their id is this partnership's too: kept as given, and exported as given.
    ours = CommunitySolution.objects.get(partnership=world.partnership)
    assert ours.hsds_service_id == theirs.hsds_service_id
    exported = hsds_document(partnership=world.partnership)
    assert [s["id"] for s in exported["services"]] == [str(theirs.hsds_service_id)]
    # Importing it again updates this partnership's own entry, never theirs.
    again = hsds_directory_import(actor=admin, partnership=world.partnership, document=document)
    assert (again.created, again.unchanged) == (0, 1)
    theirs.refresh_from_db()
    assert theirs.partnership == world.outsider_partnership
    assert CommunitySolution.objects.filter(hsds_service_id=theirs.hsds_service_id).count() == 2


def test_an_entry_an_earlier_import_copied_under_a_derived_id_is_still_matched(world, users):
    """Imports once kept a service whose id another partnership held as a copy under
    uuid5(id, "partnership:<slug>"): importing the file again updates that copy."""
    given = uuid.uuid4()
    copy = CommunitySolutionFactory(
        partnership=world.partnership, name="Hill Walkers",
        hsds_service_id=uuid.uuid5(given, f"partnership:{world.partnership.slug}"),
    )  # fmt: skip
    document = json.loads(json.dumps(hsds_document(partnership=world.partnership)))
    document["services"][0]["id"] = str(given)
    for link in document["service_at_locations"]:
        link["service_id"] = str(given)
    document["services"][0]["name"] = "Hill Walkers (Tuesdays)"
    result = hsds_directory_import(
        actor=users[Role.ADMIN], partnership=world.partnership, document=document
    )
    assert result.ok and (result.created, result.updated) == (0, 1), result.problems
    copy.refresh_from_db()
    assert copy.name == "Hill Walkers (Tuesdays)"
