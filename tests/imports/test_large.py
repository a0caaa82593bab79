"""A caseload of 50,000 people goes through the tasks (check, then import) and finishes; the
file is read as a stream, so memory does not grow with it."""

from __future__ import annotations

import datetime
import io
import string
import tracemalloc

from conversations.models import Episode, Person
from imports.models import ImportJob
from imports.reading import read_rows
from imports.services import import_job_confirm, import_job_upload
from tests.imports.conftest import upload_of

LETTERS = string.ascii_lowercase
BORN_FROM = datetime.date(1925, 1, 1)


def caseload_rows(count: int):
    """People with names, dates of birth and postcodes of a real caseload (dates of birth shared
    by two or three people each, as in a real one), none of them the same person."""
    yield "id,first_name,last_name,date_of_birth,postcode,locality,episode_state,first_contact_on"
    for i in range(count):
        last = (LETTERS[i % 26] + LETTERS[i // 26 % 26] + LETTERS[i // 676 % 26]).title() + "son"
        born = BORN_FROM + datetime.timedelta(days=i % 25_000)
        yield f"OLD-{i},Ann,{last},{born:%d/%m/%Y},RV{i % 9 + 1} {i % 10}AB,North,waiting,01/10/2026"


def test_a_caseload_of_50000_people_is_checked_and_imported_by_the_tasks(
    admin, world, django_capture_on_commit_callbacks
):
    text = "\n".join(caseload_rows(50_000))
    with django_capture_on_commit_callbacks(execute=True):  # the task runs in-process
        job = import_job_upload(
            actor=admin,
            partnership=world.partnership,
            kind="people",
            upload=upload_of(text, "caseload.csv"),
        )
    job.refresh_from_db()
    assert (job.status, job.rows, job.to_create) == (ImportJob.Status.CHECKED, 50_000, 50_000)
    assert not Person.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        import_job_confirm(actor=admin, job=job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.problems[:3]
    assert Person.objects.count() == 50_000
    assert Episode.objects.filter(state="waiting").count() == 50_000


def _peak_while_reading(data: bytes, fmt: str) -> tuple[int, int]:
    tracemalloc.start()
    try:
        rows = sum(1 for _row in read_rows(io.BytesIO(data), fmt))
        return rows, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_large_csv_file_is_read_as_a_stream():
    data = "\n".join(caseload_rows(100_000)).encode()
    rows, peak = _peak_while_reading(data, "csv")
    assert rows == 100_000
    assert peak < 2_000_000 < len(data)  # under 2 MB for a 7 MB file


def test_a_large_xlsx_file_is_read_as_a_stream():
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for line in caseload_rows(30_000):
        sheet.append(line.split(","))
    out = io.BytesIO()
    workbook.save(out)
    rows, peak = _peak_while_reading(out.getvalue(), "xlsx")
    assert rows == 30_000
    # openpyxl's whole-workbook mode holds every cell (hundreds of bytes each: 240,000 here,
    # tens of megabytes); read-only mode holds a row at a time, plus the parser's buffers (5.3 MB
    # seen on a fresh install), so 15 MB still tells the two apart.
    assert peak < 15_000_000
