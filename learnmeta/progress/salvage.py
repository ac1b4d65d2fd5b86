"""Salvaging what can be read of a damaged progress file, for when there is no good backup
(:func:`salvage`): lenient where :func:`~learnmeta.progress.fileformat.loads` is strict.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from learnmeta import checks
from learnmeta.progress.model import END_TABLE, MAX_FILE_BYTES, SCHEMA_VERSION, Progress

MAX_SALVAGE_TRIES = 200
"""Prefixes of a damaged file tried by :func:`salvage` (each is parsed once)."""


def _parse_longest_prefix(text: str) -> dict[str, Any] | None:
    """The longest start of ``text`` that parses as TOML, cut at a line end.

    Tried in turn: the whole text; without its last line (a cut mid-line); then cut before each
    table header, from the last up. Each of these is also tried with ``]`` added, which closes a
    many-line array (attempts, history) cut between two of its one-line items.
    """
    from learnmeta import tomlread

    lines = text.splitlines(keepends=True)
    cuts = [len(lines), len(lines) - 1]
    cuts += [n for n in range(len(lines) - 1, -1, -1) if lines[n].startswith("[")]
    tried = 0
    for cut in dict.fromkeys(c for c in cuts if c >= 0):
        prefix = "".join(lines[:cut])
        if prefix and not prefix.endswith("\n"):
            prefix += "\n"
        for candidate in (prefix, prefix + "]\n"):
            tried += 1
            if tried > MAX_SALVAGE_TRIES:
                return None
            try:
                return tomlread.loads(candidate)
            except (tomlread.TOMLDecodeError, RecursionError):
                continue
    return None


def _drop_invalid(raw: dict[str, Any], errors: Sequence[Mapping[str, Any]]) -> bool:
    """Remove from ``raw`` the smallest part holding each error; False if nothing could be."""
    targets: dict[int, tuple[Any, set[Any]]] = {}
    for error in errors:
        container: Any = raw
        parent: Any = None
        key: str | int | None = None
        for part in error.get("loc", ()):
            if isinstance(container, dict) and isinstance(part, str) and part in container:
                parent, key, container = container, part, container[part]
            elif isinstance(container, list) and isinstance(part, int) and 0 <= part < len(container):
                parent, key, container = container, part, container[part]
            else:
                break  # a missing key or a validator's tag: drop what holds it
        if parent is None:
            return False
        targets.setdefault(id(parent), (parent, set()))[1].add(key)
    for parent, keys in targets.values():
        for key in sorted(keys, key=lambda k: (isinstance(k, int), k), reverse=True):
            del parent[key]
    return bool(targets)


def salvage(data: bytes) -> Progress | None:
    """What can be read of a damaged progress file, or None if nothing can.

    Lenient, for when there is no good backup: the longest start of the file that parses, with
    every value that does not validate left out (a record missing a required value is left out
    whole). Only a file that says ``schema_version = 1`` is salvaged.
    """
    from pydantic import ValidationError

    if len(data) > MAX_FILE_BYTES:
        return None
    raw = _parse_longest_prefix(data.decode("utf-8-sig", errors="replace"))
    if raw is None:
        return None
    version = raw.get("schema_version")
    if version != SCHEMA_VERSION or isinstance(version, bool):
        return None
    raw.pop(END_TABLE, None)
    for _ in range(50):
        try:
            return checks.validate(Progress, raw)
        except ValidationError as error:
            if not _drop_invalid(raw, error.errors()):
                return None
        except (RecursionError, ValueError, TypeError):
            return None
    return None
