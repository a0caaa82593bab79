"""Scope goes through selectors: no view reaches a model's manager itself, so every read a
view makes is one a selector made, limited to what the user may see (STYLE.md, "Scope first")."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from tests.trust.matrix import project_patterns

ROOT = Path(__file__).resolve().parents[2]
APPS = ("cls_portal", "hubs", "conversations", "peer_forum", "outcomes")
MANAGERS = {"objects", "_default_manager", "_base_manager"}
SHORTCUTS = {"get_object_or_404", "get_list_or_404"}  # a manager by another name


def _routed_modules() -> set[Path]:
    """The files holding every view the URL configuration routes to (whatever they are
    called), so a view in a module the name patterns below miss is linted too."""
    found = set()
    for pattern in project_patterns():
        view = getattr(pattern.callback, "cls", None) or getattr(
            pattern.callback, "view_class", pattern.callback
        )
        module = sys.modules.get(getattr(view, "__module__", "") or "")
        path = Path(getattr(module, "__file__", "") or "/").resolve()
        if path.is_relative_to(ROOT) and path.relative_to(ROOT).parts[0] in APPS:
            found.add(path)
    return found


def _view_modules() -> list[Path]:
    found = list(_routed_modules())
    for app in APPS:
        base = ROOT / app
        found += base.rglob("views.py")
        found += (path for path in base.rglob("views/*.py"))
        found += base.rglob("api/views*.py")
        found += base.rglob("api/*_views.py")
    return sorted({path for path in found if "migrations" not in path.parts})


def _reaches_a_manager(path: Path, root: Path = ROOT) -> list[str]:
    """``Model.objects…`` anywhere, except ``Model.objects.none()`` (it reads nothing)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in MANAGERS:
            parent = parents.get(node)
            if isinstance(parent, ast.Attribute) and parent.attr == "none":
                continue
            found.append(f"{path.relative_to(root)}:{node.lineno}: {ast.unparse(node)}")
        elif isinstance(node, ast.Name) and node.id in SHORTCUTS:
            found.append(f"{path.relative_to(root)}:{node.lineno}: {node.id}")
    return found


def test_the_lint_finds_the_view_modules():
    names = {str(path.relative_to(ROOT)) for path in _view_modules()}
    assert "conversations/views/timeline.py" in names
    assert "conversations/api/episodes.py" in names  # found through the URLs alone
    assert "hubs/api/views.py" in names and "cls_portal/views.py" in names
    assert "cls_portal/accounts/api_urls.py" in names  # found through the URLs alone


def test_the_lint_would_catch_a_manager_in_a_view(tmp_path):
    view = tmp_path / "views.py"
    view.write_text(
        "def v(request, pk):\n    Person.objects.none()\n    return Person.objects.get(pk=pk)\n"
    )
    assert _reaches_a_manager(view, root=tmp_path) == ["views.py:3: Person.objects"]


@pytest.mark.parametrize("path", _view_modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_views_do_not_reach_a_model_manager(path):
    found = _reaches_a_manager(path)
    assert not found, "Move these queries into a selector:\n" + "\n".join(found)
