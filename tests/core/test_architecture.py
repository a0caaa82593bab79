"""The dependency rule (DESIGN §3), kept by import-linter's contracts in pyproject.toml: apps
depend one way (demo > outcomes > peer_forum > conversations > cls_portal.accounts > hubs) and
the core of cls_portal imports no app."""

from __future__ import annotations

import os
import pkgutil
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import cls_portal

ROOT = Path(__file__).resolve().parents[2]
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
# What cls_portal holds besides its core: accounts is an app (in the layers), and these wire
# the apps together, so they may import any app.
NOT_CORE = {"accounts", "urls", "settings", "celery"}


def lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    executable = Path(sys.executable).with_name("lint-imports")
    env = {**os.environ, "PYTHONPATH": str(cwd), "COLUMNS": "200"}
    return subprocess.run(
        [str(executable), "--no-cache", "--no-logo"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_real_tree_keeps_the_contracts():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_every_module_of_cls_portal_is_core_or_named_as_not():
    """A new module of cls_portal is held to the core contract unless it is named as wiring."""
    core = next(c for c in CONFIG["contracts"] if c["id"] == "core-imports-no-app")
    listed = {name.removeprefix("cls_portal.") for name in core["source_modules"]}
    modules = {module.name for module in pkgutil.iter_modules(cls_portal.__path__)}
    assert modules - NOT_CORE == listed


@pytest.fixture
def copied_tree(tmp_path: Path) -> Path:
    """The root packages and the contracts, without migrations and templates (fast to copy)."""
    ignore = shutil.ignore_patterns("migrations", "templates", "__pycache__", "*.pyc")
    for package in CONFIG["root_packages"]:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=ignore)
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


@pytest.mark.parametrize(
    ("module", "imports", "broken"),
    [
        ("hubs/_violation.py", "conversations.models", "Apps depend one way"),
        ("hubs/_violation.py", "cls_portal.accounts.models", "Apps depend one way"),
        ("conversations/_violation.py", "peer_forum.models", "Apps depend one way"),
        ("peer_forum/_violation.py", "outcomes.models", "Apps depend one way"),
        ("outcomes/_violation.py", "demo.context", "Apps depend one way"),
        ("cls_portal/audit/_violation.py", "conversations.models", "core of cls_portal"),
    ],
)
def test_a_lower_module_importing_a_higher_one_breaks_a_contract(
    copied_tree: Path, module: str, imports: str, broken: str
):
    (copied_tree / module).write_text(f"import {imports}\n")
    result = lint_imports(copied_tree)
    importer = module.removesuffix(".py").replace("/", ".")
    assert result.returncode != 0
    assert f"{importer} -> {imports}" in result.stdout, result.stdout + result.stderr
    assert broken in result.stdout.split("Broken contracts", 1)[1]


def test_the_copied_tree_alone_keeps_the_contracts(copied_tree: Path):
    """So a broken contract above is the planted import, not an artefact of the copy."""
    result = lint_imports(copied_tree)
    assert result.returncode == 0, result.stdout + result.stderr
