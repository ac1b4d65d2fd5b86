"""A line of text that wraps with a hanging indent: the lines after the first start under its text.

Home's lists show "1. What metastatic cancer is  (in progress: 1 of 10 pages)". In a narrow
window such a row wraps, and plain wrapping starts the rest at the left edge, where it reads like
a row of its own ("pages)" under the marker). :class:`Hanging` wraps at whatever width the list
has (it follows the window as it is resized) and starts every line after the first ``indent``
cells in, under the text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual


Indent = int | Callable[[str, int], int]
"""How far in a line's wrapped lines start: a number of cells, or a function of the line's text
and the width that says it (0: wrap plainly)."""


class Hanging(Visual):
    """``content`` wrapped to the width given, lines after the first indented by ``indent``."""

    def __init__(self, content: Content, indent: Indent) -> None:
        self.content = content
        self.indent = indent
        self._cache: tuple[int, Content] | None = None

    def indent_at(self, width: int) -> int:
        indent = self.indent(self.content.plain, width) if callable(self.indent) else self.indent
        return indent if width - indent >= 10 else 0  # too narrow to indent: wrap plainly

    @property
    def plain(self) -> str:
        return self.content.plain

    def __str__(self) -> str:
        return self.content.plain

    def lines(self, width: int) -> Content:
        """The content with its line breaks for ``width`` cells (each line fits)."""
        if self._cache is not None and self._cache[0] == width:
            return self._cache[1]
        content = self.content
        plain = content.plain
        if 0 < content.cell_length <= width and "\n" not in plain and "\t" not in plain:
            # One line that fits: what wrapping and joining it would make is the line itself (most
            # of home's rows; about 40 microseconds a row at each width, before home's first frame)
            self._cache = (width, content)
            return content
        indent = self.indent_at(width)
        wrapped = content.wrap(width) if width > 0 else [content]
        if len(wrapped) <= 1 or not indent:
            result = Content("\n").join(wrapped)
        else:
            first = wrapped[0]
            rest = content[len(first.plain):]
            rest = rest[len(rest.plain) - len(rest.plain.lstrip(" ")):]
            more = [line.pad_left(indent) for line in rest.wrap(width - indent)]
            result = Content("\n").join([first, *more])
        self._cache = (width, result)
        return result

    def render_strips(self, width: int, height: int | None, style: Style,
                      options: RenderOptions) -> list[Strip]:
        return self.lines(width).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.content.get_optimal_width(rules, container_width)

    def get_minimal_width(self, rules: RulesMap) -> int:
        return self.content.get_minimal_width(rules)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return len(self.lines(width).plain.split("\n"))


class HangingLines(Visual):
    """Several lines, each wrapped as :class:`Hanging` wraps one, with an indent of its own:
    a list of questions with their "Read:" lines, a lesson's lines on the progress screen."""

    def __init__(self, lines: Sequence[tuple[Content, Indent]]) -> None:
        self.rows: list[Hanging] = []
        for content, indent in lines:
            for number, part in enumerate(content.split("\n")):  # (a prompt written on two lines)
                set_in = number > 0 and isinstance(indent, int)  # (a function says where itself)
                self.rows.append(Hanging(part.pad_left(indent) if set_in and isinstance(indent, int) else part, indent))

    @property
    def plain(self) -> str:
        return "\n".join(row.plain for row in self.rows)

    def __str__(self) -> str:
        return self.plain

    def lines(self, width: int) -> Content:
        return Content("\n").join(row.lines(width) for row in self.rows)

    def render_strips(self, width: int, height: int | None, style: Style,
                      options: RenderOptions) -> list[Strip]:
        return self.lines(width).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return max((row.get_optimal_width(rules, container_width) for row in self.rows), default=0)

    def get_minimal_width(self, rules: RulesMap) -> int:
        return max((row.get_minimal_width(rules) for row in self.rows), default=0)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return sum(row.get_height(rules, width) for row in self.rows)
