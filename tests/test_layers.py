"""Imports run down the layers, never up (docs/architecture.md draws them).

Every ``import`` of a ``learnmeta`` module in every file is read from the source (``ast``),
including the ones inside functions that run late, so an arrow that only a rare path takes is
seen too. The rules:

* the front ends (``app``, ``cli``, ``plain``, ``serve``) are imported by no module outside them;
* ``content`` imports neither ``quiz``, ``progress`` nor ``instructor``;
* ``quiz`` imports neither ``progress`` nor ``instructor``;
* ``progress`` imports neither ``quiz`` nor ``instructor``;
* ``study`` (what comes next) is imported by none of ``content``, ``quiz`` or ``progress``, and
  imports no ``instructor``;
* neither ``content`` nor ``progress`` imports the start-up cache (``cache``, ``cache_records``),
  which sits above both (the cache registers itself with the store: ``progress.keeping``);
* ``instructor`` is imported only by the front ends.

(``test_core_imports`` adds that nothing outside ``app`` loads Textual or Rich.)
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "learnmeta"

FRONT_ENDS = {"app", "cli", "plain", "serve", "__main__"}

FORBIDDEN = {
    "content": {"quiz", "progress", "instructor", "study", "cache", "cache_records"},
    "quiz": {"progress", "instructor", "study"},
    "progress": {"quiz", "instructor", "study", "cache", "cache_records"},
    "study": {"instructor"},
}


def _part(module: str) -> str:
    """The layer a module is in: its subpackage (``content``) or top-level module (``files``)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "learnmeta"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports() -> dict[str, set[str]]:
    """Each module -> the learnmeta modules it imports anywhere in its source."""
    found: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        module = _module_name(path)
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
                if node.module == "learnmeta":  # from learnmeta import files
                    names.update(f"learnmeta.{alias.name}" for alias in node.names)
        found[module] = {name for name in names if name.startswith("learnmeta.")}
    return found


def test_the_scan_sees_imports_inside_functions_too():
    found = imports()
    assert "learnmeta.files" in found["learnmeta.content.loader"]  # inside read_text()
    assert "learnmeta.cli" in found["learnmeta.__main__"]
    assert len(found) > 60


def test_nothing_outside_the_front_ends_imports_one():
    wrong = [
        f"{module} imports {name}"
        for module, names in imports().items() if _part(module) not in FRONT_ENDS
        for name in sorted(names) if _part(name) in FRONT_ENDS
    ]
    assert wrong == []


def test_the_core_layers_import_only_downwards():
    wrong = [
        f"{module} imports {name}"
        for module, names in imports().items() if _part(module) in FORBIDDEN
        for name in sorted(names) if _part(name) in FORBIDDEN[_part(module)]
    ]
    assert wrong == []


def test_only_the_front_ends_use_the_instructor_tools():
    wrong = [
        f"{module} imports {name}"
        for module, names in imports().items()
        if _part(module) not in FRONT_ENDS | {"instructor"}
        for name in sorted(names) if _part(name) == "instructor"
    ]
    assert wrong == []
