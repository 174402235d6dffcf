"""The layers stay one-way (docs/architecture.md): pages and API handlers never touch the database
session themselves — they read through queries and write through operations. import-linter checks the
imports (setup.cfg); this checks what the import cannot show: no `db` in a view or handler module."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HANDLERS = sorted([*ROOT.glob("grants/*/*views.py"), *ROOT.glob("grants/*/views/*.py"), *ROOT.glob("grants/api/*.py")])


def _uses_db(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    problems = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in ("grants.extensions", "grants.db"):
            problems += [f"{path.name}:{node.lineno} imports {a.name}" for a in node.names if a.name == "db"]
        if (
            isinstance(node, ast.Attribute)
            and node.attr == "session"
            and isinstance(node.value, ast.Name)
            and node.value.id == "db"
        ):
            problems.append(f"{path.name}:{node.lineno} uses db.session")
    return problems


def test_handlers_found():
    assert len(HANDLERS) >= 8


def test_views_and_api_handlers_do_not_touch_the_session():
    problems = [problem for path in HANDLERS for problem in _uses_db(path)]
    assert problems == []
