"""Find the line of a TOML table or key, so a schema error can say where it is.

``tomllib`` keeps no positions, so this scans the text once for table headers (``[pack]``,
``[[questions]]``, ``[[questions.choices]]``) and the keys in each table. It is a locator, not a
parser: it only needs to be right for files that ``tomllib`` has already accepted.
"""

from __future__ import annotations

import re
from typing import Any, TypeAlias

_HEADER = r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$"
_KEY = r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_-]+)(\s*\.\s*("[^"]*"|'[^']*'|[A-Za-z0-9_-]+))*\s*="""
"""The patterns of a table's header and of a key's line, compiled when a file is first scanned:
only a file with a problem to place is (the module is imported to check valid content too)."""

Loc: TypeAlias = tuple[str | int, ...]
"""A concrete path in a document: ``("questions", 3, "choices", 1)``."""


class _Block:
    """Where a table starts, and its keys."""

    __slots__ = ("line", "keys", "items")

    def __init__(self, line: int) -> None:
        self.line = line
        self.keys: dict[str, int] = {}
        self.items: dict[str, list[int]] = {}
        """For a key whose value is an array written over several lines: the line of each item."""


def _split_dotted(name: str) -> list[str]:
    parts = re.findall(r"""\s*("[^"]*"|'[^']*'|[^.\s]+)\s*(?:\.|$)""", name)
    return [p.strip("\"'") for p in parts]


class LineIndex:
    """Where each table and key of one TOML document starts (1-based lines)."""

    def __init__(self, text: str, first_line: int = 1):
        self._text = text
        self._first_line = first_line
        self._blocks: dict[Loc, _Block] | None = None

    @property
    def blocks(self) -> dict[Loc, _Block]:
        """Built on first use: a file that loads cleanly is never scanned (it costs as much as
        a third of parsing a big pack)."""
        if self._blocks is None:
            self._blocks = self._scan(self._text, self._first_line)
            self._text = ""
        return self._blocks

    def _scan(self, text: str, first_line: int) -> dict[Loc, _Block]:
        header_line, key_line = re.compile(_HEADER).match, re.compile(_KEY).match
        blocks: dict[Loc, _Block] = {(): _Block(line=first_line)}
        counts: dict[Loc, int] = {}
        arrays: set[tuple[str, ...]] = set()
        current: Loc = ()
        in_multiline: str | None = None
        open_array: list[int] | None = None  # item lines of a multi-line array being read
        for number, raw in enumerate(text.split("\n"), start=first_line):
            if in_multiline:
                if raw.count(in_multiline) % 2 == 1:
                    in_multiline = None
                continue
            if open_array is not None:
                stripped = raw.strip()
                if stripped.startswith("]"):
                    open_array = None
                elif stripped and not stripped.startswith("#"):
                    open_array.append(number)
                continue
            header = header_line(raw)
            if header and not raw.lstrip().startswith("#"):
                is_array = header.group(1) == "[["
                names = _split_dotted(header.group(2))
                concrete: list[str | int] = []
                for depth, name in enumerate(names):
                    concrete.append(name)
                    generic = tuple(names[: depth + 1])
                    last = depth == len(names) - 1
                    if last and is_array:
                        arrays.add(generic)
                        key = tuple(concrete)
                        counts[key] = counts.get(key, 0) + 1
                        concrete.append(counts[key] - 1)
                    elif not last and generic in arrays:
                        concrete.append(max(counts.get(tuple(concrete), 1) - 1, 0))
                current = tuple(concrete)
                blocks.setdefault(current, _Block(line=number))
                continue
            found = key_line(raw)
            if found:
                name = found.group(1).strip("\"'")
                blocks[current].keys.setdefault(name, number)
                value = raw[found.end():].split("#")[0].strip()
                if value == "[":
                    open_array = blocks[current].items.setdefault(name, [])
                for quote in ('"""', "'''"):
                    if raw.count(quote) % 2 == 1:
                        in_multiline = quote
        return blocks

    def line_for(self, loc: tuple[Any, ...]) -> int:
        """The best line for a path such as ``("questions", 3, "choices", 1, "feedback")``."""
        loc = tuple(loc)
        for cut in range(len(loc), -1, -1):
            prefix = loc[:cut]
            block = self.blocks.get(prefix)
            if block is None:
                continue
            rest = loc[cut:]
            if rest and isinstance(rest[0], str) and rest[0] in block.keys:
                items = block.items.get(rest[0], [])
                if len(rest) > 1 and isinstance(rest[1], int) and rest[1] < len(items):
                    return items[rest[1]]
                return block.keys[rest[0]]
            return block.line
        return self.blocks[()].line
