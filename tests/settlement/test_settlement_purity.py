"""The settlement package imports only the standard library, `holidays` and `scoring.decimals` - checked on
the source, as import-linter's `settlement-is-pure` contract forbids a list and cannot say "only"."""

import ast
import sys
from pathlib import Path

import settlement

PACKAGE = Path(settlement.__file__).resolve().parent
ALLOWED = {"holidays", "scoring.decimals"}


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return names


def _allowed(name: str) -> bool:
    top = name.split(".")[0]
    return top in sys.stdlib_module_names or top in ("settlement", "__future__") or name in ALLOWED


def test_the_package_has_its_modules():
    assert {p.stem for p in PACKAGE.glob("*.py")} >= {"calendar", "deadlines", "interest", "lines", "ledger"}


def test_settlement_imports_only_the_standard_library_holidays_and_scoring_decimals():
    foreign = [f"{path.name}: {name}" for path in sorted(PACKAGE.glob("*.py")) for name in _imports(path)]
    assert [entry for entry in foreign if not _allowed(entry.split(": ")[1])] == []
