"""Ordering: the items are moved into the right order, first at the top."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Static

from learnmeta.app.widgets.answers.base import HELD, RIGHT, WRONG, QuestionWidget, hang


class Ordering(QuestionWidget):
    """↑ ↓ pick an item; [ ] or Shift+↑ ↓ move it (or Space holds it); Enter checks."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left_square_bracket", "move_item(-1)", "Move", key_display="[ ]", show=False),
        Binding("right_square_bracket", "move_item(1)", "Move down", show=False),
        Binding("shift+up", "move_item(-1)", "Move up", show=False),
        Binding("shift+down", "move_item(1)", "Move down", show=False),
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("space", "hold", "Hold", show=False),
        Binding("enter", "submit", "Check"),
    ]

    def __init__(self, question, presentation, **kwargs) -> None:
        super().__init__(question, presentation, **kwargs)
        self.order = list(presentation.items) or list(question.items)
        self.held = False

    def compose(self):
        yield Static(Content("Put these in the right order, first at the top."), classes="answer-heading")
        yield from self.compose_rows()

    def keys_help(self) -> str:
        return (
            "↑ ↓ pick an item; [ ] or Shift+↑ ↓ move it; Space holds it. Enter to check."
        )

    def keys_line(self) -> str:
        return "↑ ↓ pick an item; [ ] or Shift+↑ ↓ move it; Enter checks."

    def row_count(self) -> int:
        return len(self.order)

    def action_cursor(self, delta: int) -> None:
        if self.held:
            self.action_move_item(delta)
        else:
            self.move_cursor(delta)

    def action_move_item(self, delta: int) -> None:
        target = self.cursor + delta
        if 0 <= target < len(self.order):
            self.order[self.cursor], self.order[target] = self.order[target], self.order[self.cursor]
            self.cursor = target
        self.changed()
        self.scroll_to_cursor()

    def action_hold(self) -> None:
        self.held = not self.held
        self.changed()

    def row_clicked(self, index: int) -> None:
        """A click while an item is held puts it at the clicked place (still held, as after the
        keys); a click on the held item lets it go. Otherwise the click picks the item."""
        if not self.held or self.locked:
            super().row_clicked(index)
            return
        if index == self.cursor:
            self.action_hold()
            return
        self.order.insert(index, self.order.pop(self.cursor))
        self.cursor = index
        self.changed()
        self.scroll_to_cursor()

    def restore(self, response) -> None:
        if isinstance(response, list) and sorted(response) == sorted(self.order):
            self.order = list(response)
        if self.is_mounted:
            self.refresh_rows()

    def response(self) -> Any | None:
        return list(self.order)

    def row_classes(self, index: int) -> list[str]:
        if not self.locked:
            return []
        return ["-right"] if self.outcome.places[index].correct else ["-wrong"]

    def row_content(self, index: int) -> Content:
        # A long item wraps under its own text (hang), as a choice does, not at the rows' edge.
        text = self.order[index]
        if self.locked:
            place = self.outcome.places[index]
            if place.correct:
                return hang(Content.assemble(f"{RIGHT} ", (f"{index + 1}. ", "bold")), Content(text),
                            self.row_width())
            return hang(
                Content.assemble(f"{WRONG} ", (f"{index + 1}. ", "bold")),
                Content.assemble(text, (f"  ← goes at {place.right_place + 1}", "italic")),
                self.row_width(),
            )
        mark = self._mark(index)
        if self.held and index == self.cursor:
            mark = f"{HELD} "
        holding = self.held and index == self.cursor
        tail = ("  (holding: ↑ ↓ move it, Space lets go)", "italic") if holding else ""
        return hang(Content.assemble(mark, (f"{index + 1}. ", "bold")), Content.assemble(text, tail),
                    self.row_width())
