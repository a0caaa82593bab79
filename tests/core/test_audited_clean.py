"""AuditedModel.clean_fields skips the existence query only for a foreign key whose object the
instance holds, or whose value is the one read from the database with the row; a key changed
since is still checked, and a missing one still refused."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conversations.models import Episode
from tests.factories import EpisodeFactory

pytestmark = pytest.mark.django_db

PERSON_TABLE = 'FROM "conversations_person"'


def person_lookups(queries) -> int:
    return sum(PERSON_TABLE in query["sql"] for query in queries.captured_queries)


def test_a_held_person_is_not_looked_up_again():
    episode = EpisodeFactory()
    assert episode.person.pk == episode.person_id  # held
    with CaptureQueriesContext(connection) as queries:
        episode.clean_fields()
    assert person_lookups(queries) == 0


def test_a_key_read_from_the_database_is_not_looked_up_again():
    episode = Episode.objects.get(pk=EpisodeFactory().pk)  # the person is not held
    with CaptureQueriesContext(connection) as queries:
        episode.clean_fields()
    assert person_lookups(queries) == 0


def test_a_key_changed_since_it_was_read_is_checked():
    other = EpisodeFactory().person
    episode = Episode.objects.get(pk=EpisodeFactory().pk)
    episode.person_id = other.pk  # another person, not held: checked
    with CaptureQueriesContext(connection) as queries:
        episode.clean_fields()
    assert person_lookups(queries) == 1


def test_a_key_changed_since_it_was_read_to_a_missing_row_is_refused():
    episode = Episode.objects.get(pk=EpisodeFactory().pk)
    episode.person_id = 987654321
    with pytest.raises(ValidationError) as refused:
        episode.clean_fields()
    assert "person" in refused.value.message_dict


def test_a_new_instance_has_every_key_checked():
    read = Episode.objects.get(pk=EpisodeFactory().pk)
    new = Episode(
        person_id=read.person_id, partnership_id=read.partnership_id, locality_id=read.locality_id
    )
    with CaptureQueriesContext(connection) as queries:
        new.clean_fields(exclude=["first_contact_on", "channel", "state"])
    assert person_lookups(queries) == 1


def test_a_key_changed_away_from_the_held_object_is_checked_and_refused():
    episode = EpisodeFactory()
    episode.person  # noqa: B018 - held
    episode.person_id = 987654321  # no such person; the held object is now stale
    with pytest.raises(ValidationError) as refused:
        episode.clean_fields()
    assert "person" in refused.value.message_dict
