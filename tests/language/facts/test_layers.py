"""The facts of the rule language import nothing else of Settle: packs and the engines build on
them, never the other way round."""

from __future__ import annotations

import ast
from pathlib import Path

import settle.language

LANGUAGE = Path(settle.language.__file__).parent
MODULES = [*sorted((LANGUAGE / "facts").rglob("*.py")), LANGUAGE / "dates.py", LANGUAGE / "echo.py"]


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
    return found


def test_the_fact_modules_import_only_the_language_of_settle() -> None:
    assert len(MODULES) > 20
    for path in MODULES:
        outside = {m for m in _imports(path) if m.split(".")[0] == "settle"
                   and not m.startswith("settle.language")}
        assert not outside, f"{path.relative_to(LANGUAGE)} imports {sorted(outside)}"


def test_hypothesis_is_imported_only_when_a_strategy_is_asked_for() -> None:
    for path in MODULES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
        names = {a.name for n in top if isinstance(n, ast.Import) for a in n.names}
        names |= {n.module or "" for n in top if isinstance(n, ast.ImportFrom)}
        assert not any(n.startswith("hypothesis") for n in names), path.name
