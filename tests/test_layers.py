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

The parts import each other in no circle (the front ends counted as one part), and neither do
the front ends among themselves (``app``, ``cli``, ``plain``, ``serve``: the command line starts
the others, and nothing in them imports it).

(``test_core_imports`` adds that nothing outside ``app`` loads Textual or Rich.)
"""

from __future__ import annotations

import ast
import gc
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
    # Python 3.11 fails an ast.parse with "SystemError: AST constructor recursion depth mismatch"
    # when the cycle collector runs a finaliser that parses too (pytest's warning of an asyncio
    # subprocess transport collected after its loop closed, left by a test that ran before in
    # this process). Collect first, outside any parse, and keep the collector out of the scan.
    # The serve tests no longer leave such a transport (the server reaps its app processes, and
    # those tests fail on a process left behind or an exception ignored in a finaliser:
    # tests/serve_scaffold.py); this stays for any other finaliser that would parse meanwhile.
    gc.collect()
    gc.disable()
    try:
        return _scan(found)
    finally:
        gc.enable()


def _scan(found: dict[str, set[str]]) -> dict[str, set[str]]:
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


def part_graph(*, front_ends_apart: bool = False) -> dict[str, set[str]]:
    """Each top-level part of learnmeta -> the parts it imports (anywhere in its source). The
    front ends (``app``, ``cli``, ``plain``, ``serve``, ``__main__``) are one part: the wing on
    top, which nothing else imports (see above); with ``front_ends_apart``, each is a part of
    its own. ``from learnmeta import __version__`` is an import of ``learnmeta`` itself."""
    found = imports()
    modules = set(found)

    def part(name: str) -> str:
        while name not in modules and "." in name:
            name = name.rsplit(".", 1)[0]  # a name imported from a module: the module
        kind = _part(name)
        return "front ends" if kind in FRONT_ENDS and not front_ends_apart else kind

    graph: dict[str, set[str]] = {}
    for module, names in found.items():
        graph.setdefault(part(module), set()).update(part(name) for name in names)
    for source, targets in graph.items():
        targets.discard(source)
    return graph


def circles(graph: dict[str, set[str]]) -> list[set[str]]:
    """The groups of parts that import each other, directly or through others (each group's
    parts all reach each other); parts in no circle are left out."""
    def reach(start: str) -> set[str]:
        seen: set[str] = set()
        todo = [start]
        while todo:
            for target in graph.get(todo.pop(), ()):
                if target not in seen:
                    seen.add(target)
                    todo.append(target)
        return seen

    reached = {part: reach(part) for part in graph}
    groups: list[set[str]] = []
    for part in sorted(graph):
        if part in reached[part] and not any(part in group for group in groups):
            groups.append({other for other in reached[part] if part in reached.get(other, set())})
    return groups


def test_the_circle_finder_finds_circles_through_other_parts():
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [{"a", "b", "c"}]
    assert circles({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def test_the_parts_of_learnmeta_import_each_other_in_no_circle():
    graph = part_graph()
    assert {"content", "quiz", "progress", "study", "instructor", "cache", "files", "front ends"} <= set(graph)
    assert "cache" in graph["front ends"] and "progress" in graph["cache"]
    assert circles(graph) == []


def test_the_front_ends_import_each_other_in_no_circle():
    graph = part_graph(front_ends_apart=True)
    assert {"app", "cli", "plain", "serve"} <= set(graph)
    assert {"app", "plain", "serve"} <= graph["cli"]  # the command line starts them
    assert circles(graph) == []
