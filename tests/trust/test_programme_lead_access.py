"""A programme lead sees no partnership's case data: every URL pattern of the project, walked as a
programme lead, answers 404 for an object (or 403 for a page without one) except the few pages
below; and no person-level value (name, notes, CHI, date of birth, a person's postcode) appears
in any programme page, fragment, API answer, CSV or report, field by field.

The programme shares with both partnerships of the access matrix's small world, so the programme
pages do carry their figures: what must not show is anything about a person.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.db import transaction
from django.test import Client

from cls_portal.audit.personal import person_linked_models
from cls_portal.permissions import Role
from conversations.models import Person
from outcomes.models import Report
from outcomes.pdf import report_html
from outcomes.services.programmes import programme_report_request
from outcomes.views.dashboard import CSV_COLUMNS
from tests.factories import UserFactory
from tests.outcomes.factories import ProgrammeFactory, ProgrammeSharingFactory
from tests.trust.matrix import Answer, Pattern, call, project_patterns, url_for
from tests.trust.places import NAMES, NOTES, OTHER_LOCALITY, OTHER_PARTNERSHIP, OWN, build_places
from tests.trust.test_access_matrix import FIXED_ARGS, OBJECTS, QUERIES

# What a programme lead gets where the answer is not 404 / 403 (or 405).
ALLOWED: dict[tuple[str, str], int] = {
    # the programme's own pages
    ("outcomes:programme", "GET"): 200,
    ("outcomes:programme", "POST"): 200,
    ("outcomes:programme_csv", "GET"): 200,
    ("outcomes:programme_csv", "POST"): 200,
    ("outcomes:programme_reports", "GET"): 200,
    ("outcomes:programme_reports", "POST"): 200,  # the request form, re-shown with its errors
    ("api_programme_figures", "GET"): 200,
    # pages about no one, the same for every signed-in user
    ("home", "GET"): 200,
    ("home", "POST"): 200,
    ("session_keep_alive", "POST"): 200,
    ("signed_in_floor", "GET"): 200,
    ("today:settings", "GET"): 200,  # their own settings (the digest: nothing is due for them)
    ("today:settings", "POST"): 302,
    ("login", "GET"): 302,
    ("login", "POST"): 302,
    ("outcomes:core_data_set_help", "GET"): 200,
    ("schema", "GET"): 200,
    ("api_docs", "GET"): 200,
    ("api_me", "GET"): 200,
    ("api_token", "POST"): 400,
    ("admin:index", "GET"): 302,
    ("admin:index", "POST"): 302,
}
SKIPPED = {"logout"}  # signs the client out; it says nothing of anyone

CHI = "1705501234"
PEOPLE_WORDS = [
    *NAMES.values(),
    *NOTES.values(),
    "Abernethy",  # every place's person's surname
    CHI,
    "1950-05-17",
    "17 May 1950",
    "17/05/1950",
    "EH1 1AA",  # the people's postcode
    "07700 900123",
    "someone@example.org",
]
PERSONAL_FIELD_NAMES = {name for model in person_linked_models() for name in model.PERSONAL_FIELDS}


def _kwargs(pattern: Pattern, place) -> dict:
    kwargs = {}
    for param in pattern.params:
        if param in ("pk", "session_pk"):
            kwargs[param] = getattr(place, OBJECTS[pattern.name][0]).pk
        elif param == "line_pk":
            kwargs[param] = place.line.pk
        else:
            kwargs[param] = FIXED_ARGS[param]
    return kwargs


def _json_keys(body: str) -> set[str]:
    try:
        data = json.loads(body)
    except ValueError:
        return set()
    keys: set[str] = set()
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            keys |= set(item)
            stack += item.values()
        elif isinstance(item, list):
            stack += item
    return keys


def person_level_data(body: str) -> list[str]:
    """Person-level values or field names found in an answer."""
    found = [word for word in PEOPLE_WORDS if word in body]
    found += sorted(_json_keys(body) & (PERSONAL_FIELD_NAMES | {"full_name", "person"}))
    return found


@pytest.fixture
def lead_world(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    places = build_places(world)
    Person.objects.filter(pk__in=[p.person.pk for p in places.values()]).update(chi_number=CHI)
    programme = ProgrammeFactory()
    for partnership in (world.partnership, world.outsider_partnership):
        ProgrammeSharingFactory(programme=programme, partnership=partnership, sharing=True)
    lead = UserFactory(role=Role.PROGRAMME_LEAD, partnership=None)
    programme.leads.add(lead)
    client = Client()
    client.force_login(lead)
    return places, programme, lead, client


def _ask(client: Client, method: str, url: str, *, api: bool, htmx: bool = False) -> Answer:
    with transaction.atomic():
        answer = call(client, method, url, api=api, htmx=htmx)
        transaction.set_rollback(True)
    return answer


def _expected(pattern: Pattern, method: str) -> int:
    if (pattern.name, method) in ALLOWED:
        return ALLOWED[(pattern.name, method)]
    return 404 if pattern.params else 403


def test_programme_lead_gets_404_or_403_everywhere_but_the_programme_pages(lead_world):
    places, _programme, _lead, client = lead_world
    failures = []
    for pattern in project_patterns():
        if pattern.name in SKIPPED:
            continue
        methods = sorted(pattern.implemented_methods or {"GET", "POST"})
        for method in methods:
            for place in (OWN, OTHER_LOCALITY, OTHER_PARTNERSHIP):
                url = url_for(pattern.name, _kwargs(pattern, places[place]))
                url += QUERIES.get(pattern.name, "")
                answer = _ask(client, method, url, api=pattern.is_api)
                want = _expected(pattern, method)
                where = f"{method} {pattern.name} ({place})"
                if answer.status != want and not (answer.status == 405 and want in (403, 404)):
                    failures.append(f"{where}: {answer.status}, expected {want}")
                for word in person_level_data(answer.body):
                    failures.append(f"{where}: shows {word!r}")
                if method == "GET" and not pattern.is_api and answer.status == 200:
                    fragment = _ask(client, method, url, api=False, htmx=True)
                    for word in person_level_data(fragment.body):
                        failures.append(f"{where} (htmx): shows {word!r}")
                if not pattern.params:
                    break  # no object: the same answer for every place
    assert not failures, "\n".join(failures)


def test_programme_outputs_carry_no_person_level_field(
    lead_world, django_capture_on_commit_callbacks
):
    _places, programme, lead, client = lead_world
    page = client.get("/outcomes/programme/")
    assert page.status_code == 200
    assert "Riverside HSCP" in page.text and "Hillside HSCP" in page.text  # both share
    csv_answer = client.get("/outcomes/programme/figures.csv?financial_year=2025")
    rows = list(csv.reader(io.StringIO(csv_answer.content.decode())))
    assert rows[0] == CSV_COLUMNS  # aggregate columns only, never a person's field
    api = client.get("/api/v1/outcomes/programme/figures/?period=2026-03")
    assert set(api.json()["results"][0]) == set(CSV_COLUMNS)
    with django_capture_on_commit_callbacks():
        report = programme_report_request(actor=lead, programme=programme, year=2025)
    html = report_html(Report.objects.get(pk=report.pk), generated_on=report.requested_at.date())
    for body in (page.text, csv_answer.content.decode(), api.content.decode(), html):
        assert person_level_data(body) == []
