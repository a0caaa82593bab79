"""Writing ``docs/performance.md`` from a benchmark run's results (``bench/run.py``).

The numbers and the pass/fail lines are generated; what was done to meet the targets, and what
limits them, is written by hand in ``bench/notes.md`` and included as it is.
"""

from __future__ import annotations

import re
import statistics
from pathlib import Path
from typing import Any

NOTES = Path(__file__).resolve().parent / "notes.md"
FLOOR = "floor: /healthz"
SIGNED_IN_FLOOR = "floor: signed in"
COLD_DASHBOARD_LIMIT_MS = 150
# The journeys of bench/locustfile.py, in the order the issue lists them.
JOURNEYS = [
    "hub session: page",
    "hub session: seen at this session",
    "person search",
    "log a drop-in: form",
    "log a drop-in: save",
    "crisis board",
    "forum queue",
    "HSCP dashboard",
    "today: hub worker",
    "today: practitioner",
    "today: forum manager",
    "meeting page",
    "intake page",
]
P95_LIMIT_MS = 100
FLOOR_RATIO = 3
REPORT_LIMIT_S = 10
SQL_RATIO = 3
SEED_LIMIT_S = 360  # the national seed: six minutes
PROGRAMME_VIEW_LIMIT_MS = 500
PROGRAMME_PDF_LIMIT_S = 30


def percentile(values: list[float], share: float) -> float | None:
    """Nearest rank: the value at rank ⌈share × n⌉ of the n ordered values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-int(share * 1000) * len(ordered) // 1000))
    return ordered[rank - 1]


def verdict(ok: bool) -> str:
    return "**pass**" if ok else "**FAIL**"


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"


def _journey_rows(load: dict) -> tuple[list[str], list[bool]]:
    samples, failures = load["samples"], load["failures"]
    seconds = max(load["duration"] - load["warm_up"], 1)
    floor_p95 = percentile(samples.get(FLOOR, []), 0.95)
    signed_in_p95 = percentile(samples.get(SIGNED_IN_FLOOR, []), 0.95)
    rows, passes = [], []
    for name in [*JOURNEYS, SIGNED_IN_FLOOR, FLOOR]:
        times = samples.get(name, [])
        errors = failures.get(name, 0)
        p50, p95, p99 = (percentile(times, share) for share in (0.5, 0.95, 0.99))
        ratio = p95 / floor_p95 if p95 is not None and floor_p95 else None
        signed_in_ratio = p95 / signed_in_p95 if p95 is not None and signed_in_p95 else None
        if name in (FLOOR, SIGNED_IN_FLOOR):
            results = "(a floor) | "
        else:
            fast = bool(times) and errors == 0 and p95 is not None and p95 <= P95_LIMIT_MS
            near_floor = ratio is not None and ratio <= FLOOR_RATIO
            passes += [fast, near_floor]
            results = f"{verdict(fast)} | {verdict(near_floor)}"
        rows.append(
            f"| {name} | {len(times)} | {len(times) / seconds:.2f} | {errors} | {_ms(p50)} | "
            f"{_ms(p95)} | {_ms(p99)} | {_times(ratio)} | {_times(signed_in_ratio)} | {results} |"
        )
    return rows, passes


def _times(ratio: float | None) -> str:
    return "–" if ratio is None else f"{ratio:.1f}×"


def _seed_lines(seed: dict) -> list[str]:
    lines = [
        f"`seed_demo --scale {seed.get('scale', 'large')} --seed {seed['seed']}` on PostgreSQL "
        "took "
        f"**{seed['seconds']:.0f} s** (target ≤ {SEED_LIMIT_S} s: "
        f"{verdict(seed['seconds'] <= SEED_LIMIT_S)}), on {seed['seeded_at'][:10]}"
        + (" (an earlier run; this run reused its database)." if seed.get("reused") else "."),
        "",
        "```",
        *[line for line in (seed.get("output") or "").splitlines() if line.strip()],
        "```",
    ]
    return lines


def _rollup_lines(rollups: dict | None) -> tuple[list[str], list[bool]]:
    if not rollups or not rollups.get("cold_dashboards"):
        return [], []
    times = [row["ms"] for row in rollups["cold_dashboards"]]
    errors = sum(row["status"] != 200 for row in rollups["cold_dashboards"])
    p50, p95 = percentile(times, 0.5), percentile(times, 0.95)
    ok = errors == 0 and p95 is not None and p95 <= COLD_DASHBOARD_LIMIT_MS
    return [
        "## Figures that are never cold",
        "",
        "The dashboard answers from the rollups (`outcomes/services/rollups.py`): the last 13 "
        "months of figures for the partnership and every locality, kept true by beat. Working "
        f"them all out from nothing took {rollups['seconds']:.1f} s ({rollups['rollups']} "
        "rollups); after a change beat works out only the months it touches. Then each of "
        f"those {len(times)} months and places was opened once, cold (nothing of its figures "
        "in any cache: the page reads its rollup), in one process with Django's test client "
        "signed in once, its middleware loaded as a gunicorn worker's is:",
        "",
        "| measure | ms | target | result |",
        "|---|---:|---|---|",
        f"| cold dashboard p50 | {_ms(p50)} | | |",
        f"| cold dashboard p95 ({errors} errors) | {_ms(p95)} | ≤ {COLD_DASHBOARD_LIMIT_MS} ms "
        f"| {verdict(ok)} |",
        "",
    ], [ok]


def _capacity_lines(steps: list[dict] | None) -> tuple[list[str], list[bool]]:
    if not steps:
        return [], []
    rows, held, holding = [], 0, True
    for step in steps:
        times = [
            ms for name, values in step["samples"].items() if name in JOURNEYS for ms in values
        ]
        errors = sum(count for name, count in step["failures"].items() if name in JOURNEYS)
        p95 = percentile(times, 0.95)
        ok = bool(times) and errors == 0 and p95 is not None and p95 <= P95_LIMIT_MS
        holding = holding and ok  # held: this step and every smaller one
        if holding:
            held = step["users"]
        rows.append(f"| {step['users']} | {len(times)} | {errors} | {_ms(p95)} | {verdict(ok)} |")
    return [
        "## Capacity",
        "",
        "A step load on the same three gunicorn workers: each step runs the journeys' mix "
        "(2 in 5 hub workers, 1 in 5 each practitioners, forum managers and leads) for the "
        "step's length after its warm-up. p95 is over every journey together.",
        "",
        "| users | requests | errors | p95 ms | p95 ≤ 100 ms, no errors |",
        "|---:|---:|---:|---:|---|",
        *rows,
        "",
        f"**The most users held at p95 ≤ {P95_LIMIT_MS} ms with no errors: "
        + (f"{held}.**" if held else "none of the steps.**"),
        "",
    ], [bool(held)]


def _programme_lines(programme: dict | None) -> tuple[list[str], list[bool]]:
    if not programme:
        return [], []
    times = [row["ms"] for row in programme["views"]]
    errors = sum(row["status"] != 200 for row in programme["views"])
    p95 = percentile(times, 0.95)
    view_ok = errors == 0 and p95 is not None and p95 <= PROGRAMME_VIEW_LIMIT_MS
    pdf = statistics.median(run["seconds"] for run in programme["pdf_runs"])
    pdf_ok = pdf <= PROGRAMME_PDF_LIMIT_S and {r["status"] for r in programme["pdf_runs"]} == {
        "done"
    }
    return [
        "## The national programme",
        "",
        f"The programme lead's view of {programme['partnerships']} sharing partnerships, each of "
        "the last 12 months opened once, cold (nothing of it in any cache: the "
        "partnerships' figures come from their rollups; one client signed in once), and the "
        "annual PDF for the financial "
        f"year from April {programme['year']} through the worker.",
        "",
        "| measure | value | target | result |",
        "|---|---:|---|---|",
        f"| programme view cold p95 ({errors} errors) | {_ms(p95)} ms | ≤ "
        f"{PROGRAMME_VIEW_LIMIT_MS} ms | {verdict(view_ok)} |",
        f"| annual programme PDF (median of {len(programme['pdf_runs'])}) | {pdf:.1f} s | ≤ "
        f"{PROGRAMME_PDF_LIMIT_S} s | {verdict(pdf_ok)} |",
        "",
    ], [view_ok, pdf_ok]


def _split_lines(pages: dict, floor: dict | None) -> list[str]:
    rows = []
    for name, row in pages.items():
        split = row.get("split")
        if not split:
            continue
        ratio = split["total_ms"] / floor["total_ms"] if floor and floor["total_ms"] else None
        rows.append(
            f"| {name} | {split['total_ms']:.1f} | {split['sql_ms']:.1f} | "
            f"{split['template_ms']:.1f} | {split['python_ms']:.1f} | {_times(ratio)} |"
        )
    if floor:
        rows.append(
            f"| floor: signed in | {floor['total_ms']:.1f} | {floor['sql_ms']:.1f} | "
            f"{floor['template_ms']:.1f} | {floor['python_ms']:.1f} | 1.0× |"
        )
    if not rows:
        return []
    return [
        "## Where the time goes",
        "",
        "Each journey's page requested alone, in one process with Django's test client "
        "(median of five): SQL is timed around every query, templates around the outermost "
        "render (their lazy SQL counted as SQL), Python is the rest (middleware, session and "
        "user, view, forms). The last column compares with the signed-in floor measured the "
        "same way.",
        "",
        "| page | total ms | SQL | templates | Python | × signed-in floor |",
        "|---|---:|---:|---:|---:|---:|",
        *rows,
        "",
    ]


def render(results: dict[str, Any]) -> str:
    machine = results["machine"]
    before = results["machine_before"]
    out = [
        "# Performance",
        "",
        "<!-- Written by `make bench` (bench/run.py → bench/report.py); edit bench/notes.md. -->",
        "",
        f"Run of {results['started_at']} to {results['finished_at']}, commit "
        f"`{machine['commit']}`, on {machine['cpu']} ({machine['cores']} cores), "
        f"{machine['memory']} memory, PostgreSQL {machine['postgres']}, Python "
        f"{machine['python']}. Load average before the run {before['load_average']}, "
        f"after {machine['load_average']} (other work on the machine makes the numbers noisy; "
        "take them on a quiet machine).",
        "",
        "Reproduce: `make bench` (reuses a `cls_bench` database seeded with the same seed and "
        "scale), `make bench BENCH_ARGS=--fresh` to seed it again; `BENCH_ARGS` also takes "
        "`--duration`, `--workers`, `--port`, `--seed`. See bench/run.py.",
        "",
        "## The data",
        "",
        *_seed_lines(results["seed"]),
        "",
    ]
    all_passes = []
    load = results.get("load")
    if load:
        rows, passes = _journey_rows(load)
        all_passes += passes
        out += [
            "## The journeys at 20 users",
            "",
            f"gunicorn with production settings ({load['workers']} sync workers, as in "
            "docker-compose.yml), a Celery worker on Redis, locust headless: 8 hub workers, "
            "4 practitioners, 4 forum managers and 4 HSCP leads, each waiting 1–5 s between "
            f"actions, for {load['duration']} s; the first {load['warm_up']} s after every "
            "user had started are not counted. Two probes, in the same run, ask every 0.5 s for "
            "`/healthz` (answered before any middleware) and for `/healthz/signed-in` (a "
            "signed-in trivial page: the session, the user and every middleware). Times in "
            "milliseconds; throughput in requests per second over the measured time; the two "
            "ratios are the journey's p95 over each floor's p95.",
            "",
            f"Targets: p95 ≤ {P95_LIMIT_MS} ms, no errors, p95 within {FLOOR_RATIO}× the "
            "`/healthz` floor's p95.",
            "",
            f"| journey | requests | per second | errors | p50 | p95 | p99 | × /healthz | "
            f"× signed in | p95 ≤ "
            f"{P95_LIMIT_MS} ms, no errors | ≤ {FLOOR_RATIO}× the floor |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
            *rows,
            "",
        ]
    programme_lines, programme_passes = _programme_lines(results.get("programme"))
    out += programme_lines
    all_passes += programme_passes
    capacity_lines, capacity_passes = _capacity_lines(results.get("capacity"))
    out += capacity_lines
    all_passes += capacity_passes
    rollup_lines, rollup_passes = _rollup_lines(results.get("rollups"))
    out += rollup_lines
    all_passes += rollup_passes
    pages = results.get("pages")
    if pages:
        out += _split_lines(pages, results.get("signed_in_floor"))
        out += [
            "## Queries per page",
            "",
            "Each journey's page on the large data, counted with Django's test client; the "
            "test suite asserts a bound on each (with enough rows that an N+1 would show).",
            "",
            "| page | URL | queries |",
            "|---|---|---:|",
            *[f"| {name} | `{row['url']}` | {row['queries']} |" for name, row in pages.items()],
            "",
        ]
    reports = results.get("reports")
    if reports:
        task = statistics.median(run["seconds"] for run in reports["task_runs"])
        worker = statistics.median(
            run["worker_seconds"] for run in reports["task_runs"] if run["worker_seconds"]
        )
        figures = statistics.median(reports["figures_seconds"])
        sql = statistics.median(reports["sql_seconds"])
        split = reports["in_process"]
        statuses = {run["status"] for run in reports["task_runs"]}
        report_ok = task <= REPORT_LIMIT_S and statuses == {"done"}
        sql_ok = figures <= SQL_RATIO * sql
        all_passes += [report_ok, sql_ok]
        out += [
            "## The monthly outcomes report",
            "",
            f"The outcomes report for {reports['scope']}, {reports['month']} (the last full "
            "month, with its 12-month trends), on the large data.",
            "",
            "| measure | seconds | target | result |",
            "|---|---:|---|---|",
            f"| requested → worker → done (figures and PDF; median of "
            f"{len(reports['task_runs'])}) | {task:.2f} | ≤ {REPORT_LIMIT_S} s | "
            f"{verdict(report_ok)} |",
            f"| of which in the worker | {worker:.2f} | | |",
            f"| the figures alone (`outcome_figures`, median of {len(reports['figures_seconds'])})"
            f" | {figures:.3f} | ≤ {SQL_RATIO}× the SQL | {verdict(sql_ok)} "
            f"({figures / sql:.2f}×) |",
            f"| floor: their {reports['sql_statements']} SQL statements run alone with psycopg"
            f" | {sql:.3f} | | |",
            f"| in one process: figures + HTML | {split['figures_and_html']:.2f} | | |",
            f"| in one process: figures + HTML + PDF (WeasyPrint) | "
            f"{split['figures_html_and_pdf']:.2f} | | |",
            "",
        ]
    out += [
        "## Summary",
        "",
        f"{sum(all_passes)} of {len(all_passes)} targets met"
        + (" — all of them." if all(all_passes) else "; see the **FAIL** lines above.")
        if all_passes
        else "No targets were measured.",
        "",
    ]
    if NOTES.exists():
        notes = NOTES.read_text(encoding="utf-8").strip()
        out += [re.sub(r"^# ", "## ", notes, flags=re.MULTILINE), ""]
    return "\n".join(out)


def write_report(results: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(results), encoding="utf-8")
