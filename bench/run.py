"""``make bench``: the benchmark of CLS Portal on a national programme, end to end (the large
partnership and nine of 20,000 people, ``seed_demo --scale national``).

1. PostgreSQL and Redis: started if the machine has them and they are not running.
2. The database ``cls_bench`` (``BENCH_DATABASE_URL``): migrated and seeded with
   ``seed_demo --scale national`` (timed), then analysed. A database already seeded with the same
   seed and scale is reused (the ``bench_seed`` marker table says how it was made); ``--fresh``
   seeds it again.
3. ``collectstatic``, then gunicorn (production settings: ``DJANGO_ENV=production``, a newly
   generated secret key, plain HTTP on loopback) and a Celery worker on Redis DB 12.
4. The rollups worked out (what beat keeps), then the dashboard opened cold on each of them.
   locust, headless: the journeys of ``bench/locustfile.py`` at 20 users for ``--duration``
   seconds, with probes of ``/healthz`` and ``/healthz/signed-in`` (the two floors) in the
   same run; then the capacity steps (20, 50, 100, 200 users, ``--step-duration`` each).
5. ``bench/measure.py``: queries per journey page and where each one's time goes; the
   monthly outcomes report through the worker, the figures alone and their bare SQL.
6. ``docs/performance.md`` written from the results (``bench/report.py``); the raw numbers go
   to ``var/bench/results.json``.

Everything it starts, it stops. Options: ``--fresh``, ``--duration``, ``--workers``, ``--port``,
``--seed``, ``--no-load`` (skip step 4), ``--out``.

bandit: the subprocess calls run our own servers and commands (fixed arguments, no shell) and
the only URL opened is the loopback server's.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import secrets
import shutil
import signal
import subprocess  # nosec B404
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))

from bench.report import write_report  # noqa: E402

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/cls_bench"
DEFAULT_BROKER = "redis://127.0.0.1:6379/12"
SCALE = "national"  # the large partnership and nine of 20,000, sharing with one programme


def say(text: str) -> None:
    print(f"== {text}", flush=True)


def run(*args: str, env: dict | None = None, capture: bool = False, check: bool = True) -> str:
    """Run a command to completion (failing loudly); return its output when captured."""
    result = subprocess.run(  # noqa: S603  # nosec B603
        list(args), cwd=ROOT, env=env, check=check, text=True, capture_output=capture
    )
    return result.stdout if capture else ""


# --- services ----------------------------------------------------------------------------------


def _pg_ready(url: str) -> bool:
    import psycopg

    try:
        with psycopg.connect(_maintenance_dsn(url), connect_timeout=3):
            return True
    except psycopg.OperationalError:
        return False


def _redis_ready(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=3).ping())
    except redis.exceptions.RedisError:
        return False


def services_up(database_url: str, broker_url: str) -> None:
    """Start local PostgreSQL and Redis the way ``.ci/run`` does, if they are not running."""
    if not _pg_ready(database_url) and shutil.which("pg_ctlcluster"):
        versions = sorted(os.listdir("/etc/postgresql")) if os.path.isdir("/etc/postgresql") else []
        if versions:
            say(f"starting PostgreSQL {versions[-1]}")
            subprocess.run(  # noqa: S603  # nosec B603 B607
                ["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1], "main", "start"],  # noqa: S607
                check=False,
            )
    if not _redis_ready(broker_url) and shutil.which("redis-server"):
        say("starting Redis")
        subprocess.run(  # nosec B603 B607
            ["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "--port", "6379",  # noqa: S607
             "--save", "", "--appendonly", "no"],
            check=False,
        )  # fmt: skip
    for _ in range(30):
        if _pg_ready(database_url) and _redis_ready(broker_url):
            return
        time.sleep(1)
    raise SystemExit("PostgreSQL and Redis are needed (BENCH_DATABASE_URL, BENCH_BROKER_URL).")


# --- the database ------------------------------------------------------------------------------


def _maintenance_dsn(url: str) -> str:
    return urlparse(url)._replace(path="/postgres").geturl()


def _database_name(url: str) -> str:
    name = urlparse(url).path.lstrip("/")
    if not re.fullmatch(r"cls_bench\w*", name):
        raise SystemExit(f"The benchmark only uses databases named cls_bench…, not {name!r}.")
    return name


def _marker(url: str) -> dict | None:
    import psycopg

    try:
        with psycopg.connect(url, connect_timeout=5) as conn:
            row = conn.execute(
                "SELECT seed, scale, seeded_at, seconds, output FROM bench_seed"
            ).fetchone()
    except psycopg.Error:
        return None
    if row is None:
        return None
    seed, scale, seeded_at, seconds, output = row
    return {"seed": seed, "scale": scale, "seeded_at": seeded_at.isoformat(),
            "seconds": seconds, "output": output}  # fmt: skip


def _recreate(url: str) -> None:
    import psycopg

    name = _database_name(url)
    with psycopg.connect(_maintenance_dsn(url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def prepare_database(url: str, seed: int, fresh: bool, env: dict) -> dict:
    """Reuse a database seeded with this seed and scale, or make it afresh; return the marker."""
    _database_name(url)
    marker = _marker(url)
    if marker and not fresh and marker["seed"] == seed and marker["scale"] == SCALE:
        say(f"reusing {url} (seeded {marker['seeded_at']} in {marker['seconds']:.0f}s)")
        run(str(BIN / "python"), "manage.py", "migrate", "--noinput", "-v", "0", env=env)
        return marker | {"reused": True}
    say(f"creating {url}")
    _recreate(url)
    run(str(BIN / "python"), "manage.py", "migrate", "--noinput", "-v", "0", env=env)
    say(f"seed_demo --scale {SCALE} --seed {seed}")
    started = time.monotonic()
    output = run(
        str(BIN / "python"), "manage.py", "seed_demo", "--scale", SCALE, "--seed", str(seed),
        "--quiet-logins", env=env, capture=True,
    )  # fmt: skip
    seconds = time.monotonic() - started
    print(output, end="")
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")  # as autovacuum would soon after a bulk load
        conn.execute(
            "CREATE TABLE bench_seed (seed integer, scale text, seeded_at timestamptz, "
            "seconds double precision, output text)"
        )
        conn.execute(
            "INSERT INTO bench_seed VALUES (%s, %s, now(), %s, %s)", [seed, SCALE, seconds, output]
        )
    return _marker(url) | {"reused": False}


# --- processes ---------------------------------------------------------------------------------


def start(name: str, args: list[str], env: dict) -> subprocess.Popen:
    log = open(VAR / f"{name}.log", "w", encoding="utf-8")  # noqa: SIM115 - closed with the process
    return subprocess.Popen(  # noqa: S603  # nosec B603
        args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )


def stop(process: subprocess.Popen | None) -> None:
    """Stop a process we started (and its children: gunicorn's and Celery's workers)."""
    if process is None or process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def wait_for_http(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"The server stopped; see {VAR / 'gunicorn.log'}.")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310  # nosec B310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"{url} did not answer within {timeout:.0f}s.")


# --- machine -----------------------------------------------------------------------------------


def machine(database_url: str) -> dict:
    import psycopg

    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        cpu = found[1].strip() if found else cpu
    memory = "unknown"
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        found = re.search(r"MemTotal:\s*(\d+) kB", meminfo.read_text())
        memory = f"{int(found[1]) / 1024 / 1024:.1f} GiB" if found else memory
    with psycopg.connect(_maintenance_dsn(database_url)) as conn:
        postgres = conn.execute("SHOW server_version").fetchone()[0]
    commit = (
        run("git", "rev-parse", "--short", "HEAD", capture=True).strip()
        if (ROOT / ".git").exists()
        else "unknown"
    )
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": memory,
        "postgres": postgres,
        "python": sys.version.split()[0],
        "commit": commit,
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


# --- main --------------------------------------------------------------------------------------


CAPACITY_STEPS = (20, 50, 100, 200)


def locust(args: argparse.Namespace, env: dict, users: int, seconds: int, out: Path) -> dict:
    """One headless locust run of the journeys at ``users`` (plus the two probes)."""
    out.unlink(missing_ok=True)
    run(
        str(BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
        "--users", str(users + 2), "--spawn-rate", str(max(10, users // 5)),
        "--run-time", f"{seconds}s", "--host", f"http://127.0.0.1:{args.port}",
        "--only-summary", "--stop-timeout", "10",
        env=env | {"BENCH_SAMPLES": str(out), "BENCH_WARM_UP": str(args.warm_up),
                   "BENCH_USERS": str(users)},
        check=False,  # locust exits 1 if any request failed: the report counts them
    )  # fmt: skip
    return json.loads(out.read_text())


def capacity(args: argparse.Namespace, env: dict) -> list[dict]:
    """The step load: each step's journeys together (their p95 and errors), on the same
    gunicorn workers; the report names the most users held at p95 ≤ 100 ms, no errors."""
    steps = []
    for users in CAPACITY_STEPS:
        say(f"capacity: {users} users for {args.step_duration}s")
        found = locust(args, env, users, args.step_duration, VAR / f"capacity-{users}.json")
        steps.append({"users": users} | found)
    return steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fresh", action="store_true", help="seed the database again")
    parser.add_argument("--duration", type=int, default=180, help="seconds of load (default 180)")
    parser.add_argument("--warm-up", type=int, default=20, help="seconds before measuring")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (as deployed)")
    parser.add_argument("--port", type=int, default=8100)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--no-load", action="store_true", help="skip the locust run")
    parser.add_argument(
        "--capacity", action=argparse.BooleanOptionalAction, default=True,
        help="the step load after the main run (20, 50, 100, 200 users)",
    )  # fmt: skip
    parser.add_argument("--step-duration", type=int, default=60, help="seconds per step")
    parser.add_argument("--out", default=str(ROOT / "docs" / "performance.md"))
    args = parser.parse_args()

    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE)
    broker_url = os.environ.get("BENCH_BROKER_URL", DEFAULT_BROKER)
    VAR.mkdir(parents=True, exist_ok=True)
    env = os.environ | {
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",  # plain HTTP on loopback
        "DJANGO_LOG_LEVEL": "WARNING",
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": broker_url,
        "CACHE_URL": broker_url,  # the cache shared by gunicorn's workers, as in production
        "CLS_VAR_DIR": str(VAR),
        "PYTHONPATH": str(ROOT),
    }
    started_at = datetime.datetime.now().astimezone()
    services_up(database_url, broker_url)
    results: dict = {"started_at": started_at.isoformat(timespec="seconds"),
                     "machine_before": machine(database_url)}  # fmt: skip
    results["seed"] = prepare_database(database_url, args.seed, args.fresh, env)
    say("collectstatic")
    run(str(BIN / "python"), "manage.py", "collectstatic", "--noinput", "-v", "0", env=env)

    server = worker = None
    try:
        say("Celery worker (Redis DB 12)")
        run(str(BIN / "celery"), "-A", "cls_portal", "purge", "-f", env=env, capture=True)
        worker = start(
            "celery",
            [str(BIN / "celery"), "-A", "cls_portal", "worker", "--queues=celery,reports",
             "--loglevel=WARNING", "--concurrency=2", "--without-heartbeat", "--without-mingle",
             "--without-gossip"],
            env,
        )  # fmt: skip
        if not args.no_load:
            say(f"gunicorn on 127.0.0.1:{args.port} ({args.workers} workers)")
            server = start(
                "gunicorn",
                [str(BIN / "gunicorn"), "cls_portal.wsgi:application", "--bind",
                 f"127.0.0.1:{args.port}", "--workers", str(args.workers)],
                env,
            )  # fmt: skip
            wait_for_http(f"http://127.0.0.1:{args.port}/healthz", server)
            say("the rollups, as Celery beat keeps them; then the dashboard opened cold")
            run(str(BIN / "python"), "bench/measure.py", "rollups", str(VAR / "rollups.json"),
                env=env)  # fmt: skip
            results["rollups"] = json.loads((VAR / "rollups.json").read_text())
            say(f"locust: 20 users, two probes, {args.duration}s ({args.warm_up}s warm-up)")
            found = locust(args, env, 20, args.duration, VAR / "samples.json")
            results["load"] = found | {
                "duration": args.duration,
                "warm_up": args.warm_up,
                "workers": args.workers,
            }
            if args.capacity:
                results["capacity"] = capacity(args, env)
            stop(server)
            server = None
        say("queries per journey page")
        run(str(BIN / "python"), "bench/measure.py", "pages", str(VAR / "pages.json"), env=env)
        results |= json.loads((VAR / "pages.json").read_text())
        say("the monthly outcomes report")
        run(str(BIN / "python"), "bench/measure.py", "reports", str(VAR / "reports.json"), env=env)
        results["reports"] = json.loads((VAR / "reports.json").read_text())
        say("the national programme: its view cold, and its annual PDF")
        run(str(BIN / "python"), "bench/measure.py", "programme", str(VAR / "programme.json"),
            env=env)  # fmt: skip
        results["programme"] = json.loads((VAR / "programme.json").read_text())
    finally:
        stop(server)
        stop(worker)
    results["machine"] = machine(database_url)
    results["finished_at"] = datetime.datetime.now().astimezone().isoformat(timespec="seconds")
    (VAR / "results.json").write_text(json.dumps(results, indent=2, default=str), "utf-8")
    write_report(results, Path(args.out))
    say(f"written {args.out} (raw numbers in {VAR / 'results.json'})")


if __name__ == "__main__":
    main()
