"""The benchmark's measurements made inside Django (``bench/run.py`` runs this module in the
benchmark's environment: production settings, the benchmark database, the Celery broker).

``python bench/measure.py pages OUT.json``
    Each journey's page once more with Django's test client, counting its queries (the bounds
    the test suite asserts, seen on the large data), then profiled: the median of five requests
    split into SQL time, template time (its own SQL excluded) and the rest (Python: middleware,
    view, forms, serialising).

``python bench/measure.py rollups OUT.json``
    What Celery beat does in production: every stale rollup (the last 13 months of figures for
    the partnership and each locality) worked out, timed; then the dashboard opened cold for
    each of those months and places (a new client each time, nothing in any cache), timed.

``python bench/measure.py programme OUT.json``
    The national programme's lead: the programme view opened cold for each of the last 12
    months (a new client, nothing in any cache; the partnerships' figures from their rollups),
    and the annual programme PDF for last financial year through the worker (twice).

``python bench/measure.py reports OUT.json``
    The monthly outcomes report for the whole partnership, last full month:
    - through the real task path, as a lead asking for it would: ``report_request`` queues the
      Celery task on commit, a worker makes the figures and the PDF, we wait until it is done
      (three times; each is a new report);
    - the figures alone (``outcome_figures``, what the report and the dashboard compute),
      in this process, five times;
    - the floor: the SQL those figures run, captured once and replayed straight through
      psycopg on its own connection (no ORM, no Python arithmetic), five times;
    - one report rendered in this process, to split its time into figures, HTML and PDF.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cls_portal.settings")

import django  # noqa: E402

django.setup()

import psycopg  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from cls_portal.accounts.models import User  # noqa: E402
from conversations.models import Person  # noqa: E402
from hubs.models import Hub, HubSession  # noqa: E402
from hubs.services.sessions import hub_session_open  # noqa: E402
from outcomes.models import FigureRollup, Report  # noqa: E402
from outcomes.pdf import render_report_pdf, report_html  # noqa: E402
from outcomes.periods import Month  # noqa: E402
from outcomes.selectors.core_data_set import outcome_figures  # noqa: E402
from outcomes.selectors.cost_benefit import studies_for_scope  # noqa: E402
from outcomes.selectors.scopes import scope_for  # noqa: E402
from outcomes.services.programmes import programme_report_request  # noqa: E402
from outcomes.services.reports import report_request  # noqa: E402
from outcomes.services.rollups import rollups_refresh_all  # noqa: E402
from peer_forum.models import ForumMeeting  # noqa: E402

HOST = (settings.ALLOWED_HOSTS or ["127.0.0.1"])[0]
TASK_RUNS = 3
FIGURE_RUNS = 5
PROFILE_RUNS = 5


class _Split:
    """Where one request's time goes: SQL (timed around every query) and templates (timed
    around the outermost render; the SQL a template runs lazily counts as SQL, not template)."""

    def __init__(self) -> None:
        self.sql = self.template = self.sql_in_template = 0.0
        self.depth = 0

    def time_query(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent = time.perf_counter() - started
            self.sql += spent
            if self.depth:
                self.sql_in_template += spent


def _profiled(client: Client, url: str, headers: dict) -> dict:
    from django.template.backends.django import Template

    split, render = _Split(), Template.render

    def timed_render(template, context=None, request=None):
        split.depth += 1
        started = time.perf_counter()
        try:
            return render(template, context, request)
        finally:
            split.depth -= 1
            if not split.depth:
                split.template += time.perf_counter() - started

    Template.render = timed_render
    try:
        with connection.execute_wrapper(split.time_query):
            started = time.perf_counter()
            client.get(url, **headers)
            total = time.perf_counter() - started
    finally:
        Template.render = render
    template = split.template - split.sql_in_template
    return {
        "total_ms": total * 1000,
        "sql_ms": split.sql * 1000,
        "template_ms": template * 1000,
        "python_ms": (total - split.sql - template) * 1000,
    }


def _todays_session(worker: User) -> HubSession:
    """Today's open session at a hub of the worker's locality (the load opened some)."""
    session = (
        HubSession.objects.filter(
            hub__locality__in=worker.localities.all(),
            date=timezone.localdate(),
            closed_at__isnull=True,
        )
        .order_by("pk")
        .first()
    )
    if session is None:
        hub = Hub.objects.filter(locality__in=worker.localities.all()).order_by("pk").first()
        session, _created = hub_session_open(actor=worker, hub=hub)
    return session


def _a_meeting() -> ForumMeeting:
    """The practitioner's forum's latest meeting held (its agenda and decisions)."""
    manager = User.objects.get(username="manager")
    return (
        ForumMeeting.objects.filter(forum__locality__in=manager.localities.all())
        .order_by("-held_on", "-pk")
        .first()
    )


def programme() -> dict:
    lead = User.objects.get(username="programmelead")
    today = timezone.localdate()
    times = []
    client = _signed_in(lead)
    for back in range(12):
        month = Month.last_full(today).shift(-back)
        url = f"/outcomes/programme/?period={month}"
        started = time.perf_counter()
        status = client.get(url).status_code
        times.append({"url": url, "ms": (time.perf_counter() - started) * 1000, "status": status})
    the_programme = lead.led_programmes.get()
    # the last whole financial year (April to March)
    year = today.year - 1 if today.month >= 4 else today.year - 2
    pdf_runs = []
    for _ in range(2):
        started = time.perf_counter()
        with transaction.atomic():
            report = programme_report_request(actor=lead, programme=the_programme, year=year)
        done = _wait_for(report.pk, timeout=600)
        pdf_runs.append(
            {"report": done.pk, "status": done.status, "seconds": time.perf_counter() - started}
        )
        Report.objects.filter(pk=done.pk).update(status=Report.Status.FAILED)  # ask afresh
    sharing = the_programme.sharing.filter(sharing=True).count()
    return {"views": times, "pdf_runs": pdf_runs, "year": year, "partnerships": sharing}


def pages() -> dict:
    worker = User.objects.get(username="hubworker")
    session = _todays_session(worker)
    person = (
        Person.objects.filter(locality__in=worker.localities.all(), is_anonymised=False)
        .order_by("pk")
        .first()
    )
    htmx = {"HTTP_HX_REQUEST": "true"}
    wanted = [
        ("hub session: page", "hubworker", f"/hubs/sessions/{session.pk}/", {}),
        ("hub session: seen at this session", "hubworker",
         f"/hub-sessions/{session.pk}/seen/", htmx),
        ("person search", "hubworker", f"/people/?session={session.pk}&q=Agnes+Mac", htmx),
        ("log a drop-in: form", "hubworker",
         f"/hub-sessions/{session.pk}/drop-in/?person={person.pk}", htmx),
        ("crisis board", "practitioner", "/crisis-board/", {}),
        ("forum queue", "manager", "/peer-forum/queue/", {}),
        ("HSCP dashboard", "lead", "/outcomes/", {}),
        ("today: hub worker", "hubworker", "/", {}),
        ("today: practitioner", "practitioner", "/", {}),
        ("today: forum manager", "manager", "/", {}),
        ("meeting page", "manager", f"/peer-forum/meetings/{_a_meeting().pk}/", {}),
        ("intake page", "practitioner", "/people/new/referral/", {}),
    ]  # fmt: skip
    found = {}
    for name, username, url, headers in wanted:
        client = Client(SERVER_NAME=HOST)
        client.force_login(User.objects.get(username=username))
        client.get(url, **headers)  # warm
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, **headers)
        count = len(queries)  # now: each request clears the log it reads when DEBUG is on
        runs = [_profiled(client, url, headers) for _ in range(PROFILE_RUNS)]
        split = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
        found[name] = {
            "url": url,
            "status": response.status_code,
            "queries": count,
            "split": split,
        }
    floor = Client(SERVER_NAME=HOST)
    floor.force_login(User.objects.get(username="hubworker"))
    runs = [_profiled(floor, "/healthz/signed-in", {}) for _ in range(PROFILE_RUNS)]
    return {
        "pages": found,
        "signed_in_floor": {key: statistics.median(run[key] for run in runs) for key in runs[0]},
    }


def _signed_in(user: User) -> Client:
    """A client signed in, its handler warmed on another page: a gunicorn worker loads the
    middleware (whitenoise reads the static files' list) once, not on each request, so the
    pages timed after this are cold only in their figures (nothing of theirs is cached)."""
    client = Client(SERVER_NAME=HOST)
    client.force_login(user)
    client.get("/healthz/signed-in")
    return client


def rollups() -> dict:
    started = time.perf_counter()
    count = rollups_refresh_all()
    seconds = time.perf_counter() - started
    lead = User.objects.get(username="lead")
    times = []
    kept = FigureRollup.objects.filter(partnership=lead.partnership, figures__isnull=False)
    client = _signed_in(lead)
    for month, locality_id in kept.values_list("month", "locality_id").order_by("-month"):
        place = f"&place=locality={locality_id}" if locality_id else ""
        url = f"/outcomes/?period={month:%Y-%m}{place}"
        started = time.perf_counter()
        status = client.get(url).status_code
        times.append({"url": url, "ms": (time.perf_counter() - started) * 1000, "status": status})
    return {"rollups": count, "seconds": seconds, "cold_dashboards": times}


def _wait_for(report_id: int, timeout: float = 300) -> Report:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        report = Report.objects.get(pk=report_id)
        if report.status in (Report.Status.DONE, Report.Status.FAILED):
            return report
        time.sleep(0.05)
    raise TimeoutError(f"Report {report_id} was not made within {timeout:.0f}s.")


def _replay(statements: list[str]) -> float:
    """Run the captured SQL directly with psycopg, fetching every row; seconds taken. The
    connection has the same session settings as Django's (e.g. JIT off)."""
    dsn = settings.DATABASES["default"]
    with psycopg.connect(
        dbname=dsn["NAME"],
        user=dsn.get("USER") or None,
        password=dsn.get("PASSWORD") or None,
        host=dsn.get("HOST") or None,
        port=dsn.get("PORT") or None,
        options=dsn.get("OPTIONS", {}).get("options") or None,
        autocommit=True,
    ) as raw:
        started = time.perf_counter()
        for sql in statements:
            raw.execute(sql).fetchall()
        return time.perf_counter() - started


def reports() -> dict:
    lead = User.objects.get(username="lead")
    scope = scope_for(user=lead)
    month = Month.last_full(timezone.localdate())
    studies = studies_for_scope(scope=scope)

    def figures() -> object:
        return outcome_figures(month=month, scope=scope, studies=studies)

    figures()  # warm: the first call also imports and fills the database's caches
    figure_times = []
    for _ in range(FIGURE_RUNS):
        started = time.perf_counter()
        figures()
        figure_times.append(time.perf_counter() - started)
    with CaptureQueriesContext(connection) as captured:
        figures()
    statements = [query["sql"] for query in captured.captured_queries]
    sql_times = [_replay(statements) for _ in range(FIGURE_RUNS)]

    task_runs = []
    for _ in range(TASK_RUNS):
        started = time.perf_counter()
        with transaction.atomic():
            report = report_request(actor=lead, kind=Report.Kind.OUTCOMES, month=month, scope=scope)
        done = _wait_for(report.pk)
        task_runs.append(
            {
                "report": done.pk,
                "status": done.status,
                "seconds": time.perf_counter() - started,
                "worker_seconds": (done.finished_at - done.started_at).total_seconds()
                if done.finished_at and done.started_at
                else None,
                "bytes": done.file.size if done.file else 0,
            }
        )

    report = Report.objects.get(pk=task_runs[-1]["report"])
    started = time.perf_counter()
    figures()
    split = {"figures": time.perf_counter() - started}
    started = time.perf_counter()
    report_html(report, generated_on=timezone.localdate())
    split["figures_and_html"] = time.perf_counter() - started
    started = time.perf_counter()
    render_report_pdf(report, generated_on=timezone.localdate())
    split["figures_html_and_pdf"] = time.perf_counter() - started
    return {
        "month": str(month),
        "scope": scope.name,
        "task_runs": task_runs,
        "figures_seconds": figure_times,
        "sql_seconds": sql_times,
        "sql_statements": len(statements),
        "in_process": split,
    }


if __name__ == "__main__":
    what, out = sys.argv[1], Path(sys.argv[2])
    jobs = {"pages": pages, "reports": reports, "rollups": rollups, "programme": programme}
    result = jobs[what]()
    out.write_text(json.dumps(result, indent=2, default=str), encoding="utf-8")
    print(f"{what}: written to {out}")
    if what == "reports":
        task = statistics.median(run["seconds"] for run in result["task_runs"])
        print(
            f"  report via the worker: {task:.2f}s,"
            f" figures {statistics.median(result['figures_seconds']):.3f}s,"
            f" bare SQL {statistics.median(result['sql_seconds']):.3f}s"
        )
