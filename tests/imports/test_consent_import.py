"""Consent comes in as records: each answer given is a "keep their details" consent record,
and someone who did not agree cannot be imported with their details."""

from __future__ import annotations

from conversations.models import ConsentRecord, Person
from imports.models import ImportJob
from tests.imports.test_services_people import csv_of


def test_each_answer_given_becomes_a_consent_record(run_import, world, admin, today):
    job = run_import(
        "people",
        csv_of(
            "C1,Ann,Bellingham,,,,,given,North,,,,,,",
            "C2,Bob,Carruthers,,,,,verbal,North,,,,,,",
            "C3,Cat,Dunn,,,,,,North,,,,,,",
        ),
    )
    assert job.status == ImportJob.Status.DONE, job.problems
    records = {r.person.external_id: r for r in ConsentRecord.objects.select_related("person")}
    assert set(records) == {"C1", "C2"}  # "not asked yet" records nothing
    ann, bob = records["C1"], records["C2"]
    assert (ann.kind, ann.agreed, ann.how, ann.given_on, ann.recorded_by) == (
        ConsentRecord.Kind.KEEP,
        True,
        ConsentRecord.How.NOT_RECORDED,
        today,
        admin,
    )
    assert (bob.agreed, bob.how) == (True, ConsentRecord.How.IN_PERSON)
    # the same file again changes nothing, and adds no second record
    again = run_import(
        "people",
        csv_of(
            "C1,Ann,Bellingham,,,,,given,North,,,,,,",
            "C2,Bob,Carruthers,,,,,verbal,North,,,,,,",
            "C3,Cat,Dunn,,,,,,North,,,,,,",
        ),
    )
    assert again.status == ImportJob.Status.DONE
    assert ConsentRecord.objects.count() == 2
    # a changed answer is a new record; the history stays
    run_import("people", csv_of("C3,Cat,Dunn,,,,,given,North,,,,,,"))
    assert ConsentRecord.objects.filter(person__external_id="C3").count() == 1


def test_someone_who_did_not_agree_cannot_come_in_with_their_details(run_import, world):
    job = run_import(
        "people",
        csv_of("D1,Dee,Ewart,,,,,declined,North,,,,,,", "D2,Eve,Fox,,,,,given,North,,,,,,"),
    )
    assert job.status != ImportJob.Status.DONE
    assert any(p["column"] == "consent" and p["row"] == 2 for p in job.problems), job.problems
    assert not Person.objects.filter(external_id__in=["D1", "D2"]).exists()
    assert not ConsentRecord.objects.exists()
