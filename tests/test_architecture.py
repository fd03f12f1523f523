"""The shape docs/ARCHITECTURE.md describes, kept: the engine without Textual, the app a thin
shell over the session, no side channel beside the event bus."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).parents[1]
APP = ROOT / "tui_app" / "app.py"


def _imports(path: Path) -> set[str]:
    """Every module ``path`` imports, by its absolute dotted name's first part (relative: '.')."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            found.add((node.module or ".").split(".")[0] if node.level == 0 else ".")
    return found


def test_the_engine_never_imports_textual() -> None:
    importing = [p.name for p in (ROOT / "server_core").rglob("*.py") if "textual" in _imports(p)]
    assert importing == []


def test_the_app_module_is_a_thin_shell() -> None:
    source = APP.read_text(encoding="utf-8")
    assert len(source.splitlines()) < 400
    long = [
        (node.name, node.end_lineno - node.lineno + 1)
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno is not None
        if node.end_lineno - node.lineno + 1 > 40
    ]
    assert long == []


def test_no_module_of_the_app_makes_a_queue_of_its_own() -> None:
    """Events reach the app through the bus and workers' results as worker state: nothing else."""
    making = [
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "tui_app").rglob("*.py")
        if "queue" in _imports(p) or "Queue(" in p.read_text(encoding="utf-8")
    ]
    assert making == []
