"""What the backup tests share: some real data with a finished report and its PDF, running
``manage.py`` in a subprocess against another database, and counting rows independently of
the backup code."""

from __future__ import annotations

import datetime
import hashlib
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from cls_portal.permissions import Role
from outcomes.models import Report
from outcomes.services.reports import report_generate
from tests.factories import ConversationFactory, EpisodeFactory, PersonFactory
from tests.outcomes.factories import ReportFactory

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Built:
    lead: object
    report: Report
    pdf: bytes


def build_data(world, make_user) -> Built:
    """A partnership with people, episodes and conversations, and a report made for real (its
    PDF in MEDIA_ROOT)."""
    lead = make_user(Role.HSCP_LEAD)
    for number in range(3):
        person = PersonFactory(locality=world.locality, first_name=f"Backup{number}")
        episode = EpisodeFactory(person=person, first_contact_on=datetime.date(2026, 3, 2))
        ConversationFactory(episode=episode, held_on=datetime.date(2026, 3, 2 + number))
    PersonFactory(locality=world.outsider_locality)
    report = ReportFactory(partnership=world.partnership, kind=Report.Kind.WAITING_LIST)
    report = report_generate(report_id=report.pk, generated_on=datetime.date(2026, 4, 2))
    assert report.status == Report.Status.DONE
    with report.file.open("rb") as handle:
        pdf = handle.read()
    return Built(lead=lead, report=report, pdf=pdf)


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """``manage.py`` in its own process with ``env`` over ours (no Celery broker: tasks, if
    any, run in-process)."""
    environment = {k: v for k, v in os.environ.items() if k != "CELERY_BROKER_URL"} | env
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


# Signs in as the lead and downloads the report through the product's own view, printing the
# status and the SHA-256 of what came back.
DOWNLOAD = """
import hashlib
from django.contrib.auth import get_user_model
from django.test import Client
from django.test.utils import setup_test_environment
from django.urls import reverse
setup_test_environment()
client = Client()
client.force_login(get_user_model().objects.get(pk={lead}))
answer = client.get(reverse("outcomes:report_download", args=[{report}]))
body = b"".join(answer.streaming_content) if answer.status_code == 200 else b""
print(answer.status_code, hashlib.sha256(body).hexdigest())
"""


def download(built: Built, env: dict[str, str]) -> tuple[int, str]:
    result = manage(
        "shell", "-c", DOWNLOAD.format(lead=built.lead.pk, report=built.report.pk), env=env
    )
    assert result.returncode == 0, result.stderr
    status, checksum = result.stdout.split()[-2:]
    return int(status), checksum


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def row_counts(cursor, tables) -> dict[str, int]:
    counts = {}
    for table in sorted(tables):
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608
        counts[table] = cursor.fetchone()[0]
    return counts


def migrations_clean(env: dict[str, str]) -> None:
    """``makemigrations --check`` and ``migrate --check`` against the database ``env`` names."""
    for command in (["makemigrations", "--check", "--dry-run"], ["migrate", "--check"]):
        result = manage(*command, env=env)
        assert result.returncode == 0, (command, result.stdout, result.stderr)
