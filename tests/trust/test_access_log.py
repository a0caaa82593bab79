"""The access log: every page, fragment, API answer, export and download that shows one
person's records writes an audit row naming whose records were read — found by walking the
URL table of the access-control matrix, so a new one is covered automatically."""

from __future__ import annotations

import pytest
from django.test import Client

from cls_portal.audit.models import AuditEntry
from tests.trust.matrix import call, url_for
from tests.trust.places import OWN, ROLES, build_places, build_users
from tests.trust.test_access_matrix import EXPECTED, OBJECTS, PATTERNS, _kwargs

# Objects that are a person's records (their page, or one of their case records).
PERSON_RECORDS = {
    "person",
    "episode",
    "conversation",
    "crisis_plan",
    "outcome",
    "entry",
    "signpost",
    "open_request",
}
# Pages that only ask for something to be done to a record (a form), named here with why:
# they show the person's name as a heading, not their records.
FORMS = {
    "conversations:episode_start",
    "conversations:conversation_create",
    "conversations:episode_close",
    "conversations:episode_reopen",
    "conversations:outcome_create",
    "conversations:wellbeing_create",
    "conversations:waiting_list_entry_add",
    "conversations:outcome_review",
    "conversations:crisis_plan_update",
    "conversations:waiting_list_entry_remove",
    "peer_forum:request_edit",
    "peer_forum:request_submit",
    "peer_forum:request_decide",
    "conversations:signpost_follow_up",  # how did it go: the form, over the person's name
    "conversations:booking_create",  # sessions: which session, over the person's name
}
READS = sorted(
    name
    for (name, method), answers in EXPECTED.items()
    if method == "GET"
    and name in OBJECTS
    and OBJECTS[name][0] in PERSON_RECORDS
    and name not in FORMS
    and 200 in answers
)


def test_the_walk_finds_the_pages_and_answers_that_show_a_persons_records():
    assert {"conversations:person_detail", "api_person_detail", "api_episode_detail"} <= set(READS)
    assert "conversations:person_export_pdf" in READS and "peer_forum:request_detail" in READS


@pytest.mark.parametrize("name", READS)
def test_reading_a_persons_records_is_logged(name, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    place = build_places(world)[OWN]
    users = build_users(world)
    role = ROLES[EXPECTED[(name, "GET")].index(200)]
    client = Client()
    client.force_login(users[role])
    pattern = PATTERNS[name]
    answer = call(client, "GET", url_for(name, _kwargs(pattern, place)), api=pattern.is_api)
    assert answer.status == 200
    logged = AuditEntry.objects.filter(
        actor=users[role], person_id=place.person.pk, action__in=["view", "export", "download"]
    )
    assert logged.exists(), f"{name} shows {role} a person's records without logging it"
