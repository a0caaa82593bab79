"""People and their open episodes: every row problem said with its row and column; a file
with any problem changes nothing; a re-import changes nothing; duplicates found by the drop-in
form's rules; one audit entry for the whole import."""

from __future__ import annotations

import datetime

import pytest

from cls_portal.audit.models import AuditEntry
from conversations.models import Episode, Person
from conversations.selectors.people import person_search
from conversations.services.people import person_create
from imports.models import ImportJob

HEADER = "id,first_name,last_name,date_of_birth,postcode,phone,health_number,consent,locality,episode_state,first_contact_on,first_conversation_on,channel,source,portal_id"
GOOD = "P1,Ann,Bellingham,01/02/1950,rv1 2ab,01234 567890,,given,North,waiting,01/10/2026,,,,"
GOOD2 = "P2,Bob,Carruthers,1961-07-12,,,,,South,conversation_1,02/10/2026,05/10/2026,phone,gp,"


def csv_of(*rows: str, header: str = HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


def test_a_good_file_adds_people_and_their_open_episodes(run_import, world, admin):
    job = run_import("people", csv_of(GOOD, GOOD2, "P3,Cat,Dunn,,,,,,North,,,,,,"))
    assert job.status == ImportJob.Status.DONE, job.problems
    assert (job.rows, job.to_create, job.to_update, job.unchanged) == (3, 3, 0, 0)
    ann = Person.objects.get(external_id="P1")
    assert (ann.postcode, ann.consent, ann.locality, ann.created_by) == (
        "RV1 2AB",
        "given",
        world.locality,
        admin,
    )
    assert ann.episodes.get().state == Episode.State.WAITING
    bob = Episode.objects.get(person__external_id="P2")
    assert (bob.state, bob.first_contact_on, bob.first_conversation_on, bob.channel) == (
        "conversation_1",
        datetime.date(2026, 10, 2),
        datetime.date(2026, 10, 5),
        "phone",
    )
    assert bob.locality == world.other_locality
    assert not Episode.objects.filter(person__external_id="P3").exists()


def test_a_chi_number_goes_on_the_person_by_the_partnership_nation(run_import, world):
    job = run_import("people", csv_of("P9,Dee,Ewart,,,,1403481237,,North,,,,,,"))
    assert job.status == ImportJob.Status.DONE, job.problems
    assert Person.objects.get().chi_number == "1403481237"


# (row cells, column, words in the message): one of every kind of row problem
ROW_PROBLEMS = [
    ("P1,,Bell,,,,,,North,,,,,,", "first_name", "must be filled in"),
    (",Ann,Bell,,,,,,North,,,,,,", "id", "must be filled in"),
    ("P1,Ann,Bell,31/02/1950,,,,,North,,,,,,", "date_of_birth", "is not a date"),
    ("P1,Ann,Bell,01/01/2090,,,,,North,,,,,,", "date_of_birth", "in the future"),
    ("P1,Ann,Bell,01/01/1850,,,,,North,,,,,,", "date_of_birth", "too early"),
    ("P1,Ann,Bell,,,,1234567890,,North,,,,,,", "health_number", "not a valid CHI"),
    ("P1,Ann,Bell,,,,12345,,North,,,,,,", "health_number", "exactly 10 digits"),
    ("P1,Ann,Bell,,,,,maybe,North,,,,,,", "consent", "is not one of"),
    ("P1,Ann,Bell,,,,,,Atlantis,,,,,,", "locality", "no locality called"),
    ("P1,Ann,Bell,,,,,,,,,,,,", "locality", "must be filled in"),
    ("P1,Ann,Bell,,,,,,North,sleeping,01/10/2026,,,,", "episode_state", "is not one of"),
    ("P1,Ann,Bell,,,,,,North,waiting,,,,,", "first_contact_on", "must be filled in"),
    ("P1,Ann,Bell,,,,,,North,,01/10/2026,,,,", "episode_state", "Give the episode's state"),
    (
        "P1,Ann,Bell,,,,,,North,waiting,01/10/2026,02/10/2026,,,",
        "first_conversation_on",
        "leave this blank",
    ),
    (
        "P1,Ann,Bell,,,,,,North,conversation_3,01/10/2026,,,,",
        "first_conversation_on",
        "Give the day",
    ),
    (
        "P1,Ann,Bell,,,,,,North,conversation_1,01/10/2026,01/09/2026,,,",
        "first_conversation_on",
        "too early",
    ),
    ("P1,Ann,Bell,,,,,,North,waiting,01/10/2026,,by pigeon,,", "channel", "is not one of"),
    ("P1,Ann,Bell,,,,,,North,waiting,01/10/2026,,,aliens,", "source", "is not one of"),
    ("P1,Ann,Bell,,,,,,North,,,,,,maybe", "portal_id", "not a CLS Portal record number"),
    ("P1,Ann,Bell,,,,,,North,,,,,,99999", "portal_id", "no person with record number"),
    ("P1," + "A" * 81 + ",Bell,,,,,,North,,,,,,", "first_name", "too long"),
]


@pytest.mark.parametrize(
    ("cells", "column", "words"), ROW_PROBLEMS, ids=[p[2] for p in ROW_PROBLEMS]
)
def test_each_row_problem_is_said_with_its_row_and_column_and_nothing_changes(
    run_import, world, cells, column, words
):
    job = run_import("people", csv_of(GOOD2, cells))
    assert job.status == ImportJob.Status.HAS_PROBLEMS
    assert any(
        p["row"] == 3 and p["column"] == column and words in p["message"] for p in job.problems
    ), job.problems
    assert not Person.objects.exists() and not Episode.objects.exists()


def test_an_email_address_is_checked_by_the_model(run_import, world):
    job = run_import(
        "people", csv_of("P1,Ann,Bell,,,,,,North,,,,,,", header=HEADER).replace(HEADER, HEADER) + ""
    )
    assert job.status == ImportJob.Status.DONE
    bad = "id,first_name,email,locality\nP2,Bob,not-an-address,North\n"
    job = run_import("people", bad)
    assert job.problems == [
        {"row": 2, "column": "email", "message": "Enter a valid email address."}
    ]


def test_the_same_id_twice_in_a_file_is_a_problem(run_import, world):
    job = run_import("people", csv_of(GOOD, GOOD.replace("Ann,Bellingham", "Anna,Smith")))
    assert {"row": 3, "column": "id", "message": "The id “P1” is also on row 2."} in job.problems
    assert not Person.objects.exists()


def test_missing_and_unknown_columns_are_problems_of_the_header(run_import, world):
    job = run_import("people", "id,first_name,colour\nP1,Ann,red\n")
    columns = {(p["row"], p["column"]) for p in job.problems}
    assert columns == {(1, "locality"), (1, "colour")}
    assert not Person.objects.exists()


def test_a_file_that_is_not_text_is_refused_in_plain_words(run_import, world):
    job = run_import("people", "id,first_name,locality\nP1,Ann\xe9,North\n".encode("latin-1"))
    assert job.status == ImportJob.Status.HAS_PROBLEMS
    assert "UTF-8" in job.problems[0]["message"] and job.problems[0]["row"] == 0


def test_a_file_with_one_bad_row_among_many_changes_nothing(run_import, world):
    rows = [f"P{i},Name{i},Last{i},,,,,,North,waiting,01/10/2026,,,," for i in range(1200)]
    rows[1100] = rows[1100].replace("North", "Nowhere")
    job = run_import("people", csv_of(*rows))
    assert job.problem_count == 1 and job.problems[0]["row"] == 1102
    assert job.to_create == 1199  # what it would have done
    assert not Person.objects.exists() and not Episode.objects.exists()


def test_reimporting_the_same_file_changes_nothing(run_import, world):
    text = csv_of(GOOD, GOOD2)
    run_import("people", text)
    before = list(Person.objects.order_by("pk").values())
    episodes = list(Episode.objects.order_by("pk").values())
    audit_rows = AuditEntry.objects.count()
    again = run_import("people", text)
    assert again.status == ImportJob.Status.DONE
    assert (again.to_create, again.to_update, again.unchanged) == (0, 0, 2)
    assert list(Person.objects.order_by("pk").values()) == before
    assert list(Episode.objects.order_by("pk").values()) == episodes
    # the upload and the job's own entry only: nothing about any person
    new = AuditEntry.objects.order_by("pk")[audit_rows:]
    assert {entry.model for entry in new} == {"imports.importjob"}


def test_a_changed_row_updates_the_person_and_keeps_their_episode(run_import, world):
    run_import("people", csv_of(GOOD))
    episode = Episode.objects.get()
    job = run_import(
        "people",
        csv_of(
            GOOD.replace("01234 567890", "07700 900123").replace(
                "waiting,01/10/2026", "waiting,03/10/2026"
            )
        ),
    )
    assert (job.to_create, job.to_update) == (0, 1)
    assert Person.objects.get().phone == "07700 900123"
    assert Episode.objects.get() == episode and episode.first_contact_on == datetime.date(
        2026, 10, 1
    )
    assert "keep it as it is" in job.notes[0]


def test_someone_already_known_is_a_problem_until_the_row_says_who_they_are(
    run_import, world, admin
):
    known = person_create(
        actor=admin,
        partnership=world.partnership,
        locality=world.locality,
        first_name="Annie",
        last_name="Bellamy",
        date_of_birth=datetime.date(1950, 2, 1),
    )
    job = run_import("people", csv_of(GOOD))  # Ann Bellingham, same day: the drop-in rules
    assert job.status == ImportJob.Status.HAS_PROBLEMS
    assert job.problems[0]["column"] == "portal_id"
    assert f"record {known.pk}, Annie Bellamy, born 01/02/1950" in job.problems[0]["message"]
    assert Person.objects.count() == 1

    job = run_import("people", csv_of(GOOD + "new"))
    assert job.status == ImportJob.Status.DONE and Person.objects.count() == 2


def test_a_row_naming_a_portal_record_updates_that_person(run_import, world, admin):
    known = person_create(
        actor=admin,
        partnership=world.partnership,
        locality=world.locality,
        first_name="Annie",
        last_name="Bellamy",
        date_of_birth=datetime.date(1950, 2, 1),
    )
    job = run_import("people", csv_of(GOOD + str(known.pk)))
    assert (job.status, job.to_create, job.to_update) == (ImportJob.Status.DONE, 0, 1)
    known.refresh_from_db()
    assert (known.external_id, known.first_name) == ("P1", "Ann")
    again = run_import("people", csv_of(GOOD + str(known.pk)))
    assert again.unchanged == 1


def test_two_rows_of_one_person_in_the_file_are_found(run_import, world):
    twin = GOOD.replace("P1,", "P7,").replace("rv1 2ab", "")
    job = run_import("people", csv_of(GOOD, GOOD2, twin))
    assert job.problems == [
        {
            "row": 4,
            "column": "portal_id",
            "message": "This may be the person on row 2. If they are two people, put “new” in "
            "portal_id; if not, remove one of the rows.",
        }
    ]
    assert not Person.objects.exists()


def test_a_person_of_another_partnership_is_no_duplicate(run_import, world, make_user):
    outsider = make_user("admin", outsider=True)
    person_create(
        actor=outsider,
        partnership=world.outsider_partnership,
        locality=world.outsider_locality,
        first_name="Ann",
        last_name="Bellingham",
        date_of_birth=datetime.date(1950, 2, 1),
    )
    assert run_import("people", csv_of(GOOD)).status == ImportJob.Status.DONE


def test_the_import_is_audited_once_with_its_row_count(run_import, world, admin):
    job = run_import("people", csv_of(GOOD, GOOD2))
    assert not AuditEntry.objects.filter(
        model__in=["conversations.person", "conversations.episode"]
    ).exists()
    entry = AuditEntry.objects.get(model="imports.importjob", action="update")
    assert entry.actor == admin and entry.object_id == str(job.pk)
    assert entry.partnership_id == world.partnership.pk
    assert (entry.changes["rows"], entry.changes["created"]) == (2, 2)
    assert sorted(entry.changes["ids"]) == sorted(
        str(pk) for pk in Person.objects.values_list("pk", flat=True)
    )


def test_imported_people_are_found_by_the_people_search(run_import, world, make_user):
    run_import("people", csv_of(GOOD, GOOD2))
    worker = make_user("hub_worker")
    found = person_search(user=worker, text="Bellingham 01/02/1950")
    assert [p.full_name for p in found.people] == ["Ann Bellingham"]
    assert found.people[0].has_open_episode


def test_an_xlsx_file_imports_like_a_csv_with_excel_dates(run_import, world):
    from tests.imports.helpers import xlsx_of

    data = xlsx_of(
        [
            "id",
            "first_name",
            "last_name",
            "date_of_birth",
            "phone",
            "locality",
            "episode_state",
            "first_contact_on",
        ],
        [
            "P1",
            "Ann",
            "Bell",
            datetime.datetime(1950, 2, 1),
            1234567890,
            "north",
            "Waiting",
            datetime.date(2026, 10, 1),
        ],
    )
    job = run_import("people", data, name="caseload.xlsx")
    assert job.status == ImportJob.Status.DONE, job.problems
    person = Person.objects.get()
    assert (person.date_of_birth, person.phone) == (datetime.date(1950, 2, 1), "1234567890")


def test_every_problem_of_a_row_is_listed_at_once(run_import, world):
    job = run_import(
        "people",
        "id,first_name,date_of_birth,locality,health_number\nX1,,31/02/1950,Nowhere,1234567890\n",
    )
    assert {(p["row"], p["column"]) for p in job.problems} == {
        (2, "first_name"),
        (2, "date_of_birth"),
        (2, "locality"),
        (2, "health_number"),
    }
