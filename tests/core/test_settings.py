"""Settings fall back to embedded defaults, use real services when configured, and refuse
insecure production values. Each case runs in a fresh interpreter with its own environment."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "k3y-" + "x1y2z3w4" * 8
PROBE = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'engine': s.DATABASES['default']['ENGINE'], "
    "'name': str(s.DATABASES['default']['NAME']), 'eager': s.CELERY_TASK_ALWAYS_EAGER, "
    "'broker': s.CELERY_BROKER_URL, 'debug': s.DEBUG}))"
)
CLEAN = {
    k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "CELERY_"))
}


def run(code_or_args, **env):
    args = code_or_args if isinstance(code_or_args, list) else [sys.executable, "-c", code_or_args]
    return subprocess.run(
        args,
        cwd=ROOT,
        env=CLEAN | {"DJANGO_SETTINGS_MODULE": "cls_portal.settings"} | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def probe(**env) -> dict:
    result = run(PROBE, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_with_nothing_set_the_portal_uses_sqlite_and_runs_tasks_in_process():
    found = probe()
    assert found["engine"] == "django.db.backends.sqlite3"
    assert found["name"].endswith("cls_portal.sqlite3")
    assert found["eager"] is True
    assert found["debug"] is True


def test_with_a_database_url_and_broker_the_portal_uses_postgres_and_real_workers():
    found = probe(
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/cls_portal",
        CELERY_BROKER_URL="redis://127.0.0.1:6379/0",
    )
    assert found["engine"] == "django.db.backends.postgresql"
    assert found["name"] == "cls_portal"
    assert found["eager"] is False
    assert found["broker"] == "redis://127.0.0.1:6379/0"


def test_production_refuses_to_start_without_a_secret_key():
    result = run(PROBE, DJANGO_ENV="production", DJANGO_ALLOWED_HOSTS="cls.example.org")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_the_development_secret_key():
    result = run(
        PROBE,
        DJANGO_ENV="production",
        DJANGO_ALLOWED_HOSTS="cls.example.org",
        DJANGO_SECRET_KEY="django-insecure-" + "a" * 60,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run(PROBE, DJANGO_ENV="production", DJANGO_SECRET_KEY=GOOD_KEY)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_production_refuses_debug():
    result = run(
        PROBE,
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY=GOOD_KEY,
        DJANGO_ALLOWED_HOSTS="cls.example.org",
        DJANGO_DEBUG="true",
    )
    assert result.returncode != 0
    assert "DJANGO_DEBUG" in result.stderr


def test_a_typo_in_a_boolean_setting_is_refused_with_a_clear_message():
    result = run(PROBE, DJANGO_DEBUG="maybe")
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be true or false" in result.stderr


def test_check_deploy_in_production_mode_reports_no_warnings():
    result = run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY=GOOD_KEY,
        DJANGO_ALLOWED_HOSTS="cls.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_management_commands_start_on_a_new_database(tmp_path):
    """`make run` migrates first: a command whose system checks load the API's settings before
    anything else (migrate does) must start. DRF's settings name classes of cls_portal.api, so
    that module must not import rest_framework.views as it loads (a circular import)."""
    result = run(
        [sys.executable, "manage.py", "migrate", "--plan"],
        DATABASE_URL=f"sqlite:///{tmp_path / 'new.sqlite3'}",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Planned operations" in result.stdout
