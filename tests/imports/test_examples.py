"""The example files in docs/examples import cleanly into the demo partnership, and the demo
directory makes sense (each entry's name, organisation, category and cost agree)."""

from __future__ import annotations

import io
from pathlib import Path

from django.core.management import call_command

from cls_portal.accounts.models import User
from conversations.models import Person, WaitingListEntry
from conversations.selectors.people import person_search
from demo.directory import CATALOGUE, EXAMPLE, entry
from hubs.models import CommunitySolution
from imports.models import ImportJob
from imports.reading import read_rows
from tests.imports.conftest import upload_of

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"


def _import(admin, kind: str, path: Path) -> ImportJob:
    from imports.services import import_job_confirm, import_job_run, import_job_upload

    job = import_job_upload(
        actor=admin,
        partnership=admin.partnership,
        kind=kind,
        upload=upload_of(path.read_bytes(), path.name),
    )
    job = import_job_run(job_id=job.pk, apply=False)
    assert job.status == ImportJob.Status.CHECKED, job.problems
    import_job_confirm(actor=admin, job=job)
    return import_job_run(job_id=job.pk, apply=True)


def test_the_examples_import_cleanly_into_the_demo_and_staff_can_work_them(
    db, settings, tmp_path, today
):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=io.StringIO(), quiet_logins=True)
    admin = User.objects.get(username="admin")
    solutions = CommunitySolution.objects.count()

    caseload = _import(admin, "people", EXAMPLES / "caseload.csv")
    assert (caseload.status, caseload.to_create) == (ImportJob.Status.DONE, 8)
    waiting = _import(admin, "waiting_list", EXAMPLES / "waiting-list.csv")
    assert (waiting.status, waiting.to_create, waiting.notes) == (ImportJob.Status.DONE, 5, [])
    directory = _import(admin, "directory", EXAMPLES / "directory.xlsx")
    # the demo's entries carry the example's ids: found again, not added twice
    assert (directory.status, directory.to_create) == (ImportJob.Status.DONE, 0)
    assert CommunitySolution.objects.count() == solutions

    worker = User.objects.get(username="hubworker")
    found = person_search(user=worker, text="Quarrier")
    assert [p.full_name for p in found.people] == ["Isla Quarrier"]
    vass = WaitingListEntry.objects.filter(episode__person__last_name="Vass")
    assert {e.added_on.isoformat() for e in vass} == {"2026-05-13", "2026-05-20"}
    assert Person.objects.filter(external_id__startswith="RV-").count() == 8

    for path, kind in (
        (EXAMPLES / "caseload.csv", "people"),
        (EXAMPLES / "waiting-list.csv", "waiting_list"),
    ):
        again = _import(admin, kind, path)
        assert (again.to_create, again.to_update) == (0, 0)


def test_the_demo_directory_entries_agree_with_their_catalogue_entry(db):
    call_command("seed_demo", stdout=io.StringIO(), quiet_logins=True)
    for solution in CommunitySolution.objects.select_related("category").order_by("pk"):
        listed = next(e for e in CATALOGUE if solution.external_id.startswith(e[0]))
        _key, name, organisation, slug, cost, schedule, _about = listed
        assert solution.name.startswith(name)
        assert (
            solution.organisation,
            solution.category.slug,
            solution.cost_to_person,
            solution.schedule,
        ) == (organisation, slug, cost, schedule)
    befriending = CommunitySolution.objects.get(
        name="Befriending at home", partnership__slug="riverside"
    )
    assert befriending.organisation == "Riverside Befriending Network"
    assert befriending.cost_to_person == "Free"


def test_the_example_directory_file_is_the_catalogue():
    rows = [row.values for row in read_rows(EXAMPLE.open("rb"), "xlsx")]
    assert [row["id"] for row in rows] == [e[0] for e in CATALOGUE]
    assert rows[0] == entry(0, "")
