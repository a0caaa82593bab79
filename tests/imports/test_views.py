"""The import pages: administrators only (403 for other roles), another partnership's import
is 404; upload → check → confirm → import with the progress shown; templates and columns."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse

from conversations.models import Person
from imports.models import ImportJob
from imports.reading import read_rows
from tests.imports.conftest import upload_of

CASELOAD = "id,first_name,last_name,locality\nP1,Ann,Bell,North\n"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def job(run_import):
    return run_import("people", CASELOAD, apply=False)


@pytest.mark.parametrize("role", ["hub_worker", "practitioner", "forum_manager", "hscp_lead"])
def test_other_roles_get_403_on_every_import_page(make_user, job, role):
    client = client_for(make_user(role))
    for url in (
        reverse("imports:import_index"),
        reverse("imports:import_columns"),
        reverse("imports:import_template") + "?name=people.csv",
        reverse("imports:job_detail", args=[job.pk]),
    ):
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("imports:job_apply", args=[job.pk])).status_code == 403
    assert client.post(reverse("imports:import_index"), {"kind": "people"}).status_code == 403


def test_another_partnerships_administrator_gets_404_for_an_import(make_user, job):
    client = client_for(make_user("admin", outsider=True))
    assert client.get(reverse("imports:job_detail", args=[job.pk])).status_code == 404
    assert client.post(reverse("imports:job_apply", args=[job.pk])).status_code == 404
    assert job.file_name not in client.get(reverse("imports:import_index")).content.decode()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CHECKED


def test_upload_check_confirm_and_import_in_the_browser(
    admin, world, django_capture_on_commit_callbacks
):
    client = client_for(admin)
    with django_capture_on_commit_callbacks(execute=True):  # the tasks run in-process
        answer = client.post(
            reverse("imports:import_index"),
            {"kind": "people", "file": upload_of(CASELOAD, "caseload.csv")},
        )
    job = ImportJob.objects.get()
    assert answer.status_code == 302 and answer["Location"] == reverse(
        "imports:job_detail", args=[job.pk]
    )
    page = client.get(answer["Location"]).content.decode()
    assert "No problems found" in page and "will add 1, update 0" in page
    assert not Person.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:job_apply", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert Person.objects.get().external_id == "P1"
    assert "1 added" in client.get(reverse("imports:job_detail", args=[job.pk])).content.decode()


def test_a_running_job_shows_its_progress_and_polls(admin, job):
    from imports.services import set_progress

    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.APPLYING)
    set_progress(job.pk, 250, total=1000)
    client = client_for(admin)
    fragment = client.get(reverse("imports:job_detail", args=[job.pk]), HTTP_HX_REQUEST="true")
    body = fragment.content.decode()
    assert "<html" not in body and 'hx-trigger="every 1s"' in body
    assert "250 of 1000 rows (25%)" in body and 'value="25"' in body


def test_problems_are_listed_with_row_and_column(admin, run_import, world):
    bad = run_import("people", "id,first_name,locality\nP1,,North\n", apply=False)
    body = client_for(admin).get(reverse("imports:job_detail", args=[bad.pk])).content.decode()
    assert "The file has problems" in body and "<code>first_name</code>" in body
    assert '<th scope="row">2</th>' in body


def test_a_file_of_the_wrong_type_is_refused_with_a_message(admin, world):
    client = client_for(admin)
    answer = client.post(
        reverse("imports:import_index"), {"kind": "people", "file": upload_of("x", "caseload.pdf")}
    )
    assert "Choose a CSV file (.csv) or an Excel workbook (.xlsx)." in answer.content.decode()
    answer = client.post(
        reverse("imports:import_index"),
        {"kind": "people", "file": upload_of("id,first_name", "fake.xlsx")},
    )
    assert "not an Excel workbook" in answer.content.decode()
    assert not ImportJob.objects.exists()


def test_an_import_cannot_be_applied_before_its_check_passes(admin, run_import, world):
    bad = run_import("people", "id,first_name,locality\nP1,,North\n", apply=False)
    client_for(admin).post(reverse("imports:job_apply", args=[bad.pk]))
    bad.refresh_from_db()
    assert bad.status == ImportJob.Status.HAS_PROBLEMS


@pytest.mark.parametrize("kind", ["people", "waiting_list", "directory", "users"])
def test_each_template_downloads_as_csv_and_xlsx_with_its_columns(admin, world, kind):
    from imports.kinds import KINDS

    client = client_for(admin)
    for extension in ("csv", "xlsx"):
        answer = client.get(reverse("imports:import_template") + f"?name={kind}.{extension}")
        assert answer.status_code == 200
        assert f"{kind}-template.{extension}" in answer["Content-Disposition"]
        rows = list(read_rows(io.BytesIO(answer.content), extension))
        assert list(rows[0].values) == KINDS[kind].column_names


def test_an_unknown_template_is_404(admin, world):
    assert (
        client_for(admin).get(reverse("imports:import_template") + "?name=secrets.csv").status_code
        == 404
    )


def test_the_columns_page_lists_every_column_of_every_kind(admin, world):
    body = client_for(admin).get(reverse("imports:import_columns")).content.decode()
    for column in ("episode_state", "added_on", "cost_to_person", "role", "Lunch clubs"):
        assert column in body


def test_the_imports_list_reads_a_bounded_number_of_queries(
    admin, run_import, world, django_assert_max_num_queries
):
    for _ in range(5):
        run_import("people", CASELOAD, apply=False)
    client = client_for(admin)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("imports:import_index")).status_code == 200
