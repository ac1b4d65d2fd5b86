"""Matching: each item on the left gets an answer from a numbered list."""

from __future__ import annotations

from bisect import bisect_right
from typing import Any, ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Region, Size
from textual.widgets import Static

from learnmeta.app.widgets.answers.base import (
    CURSOR,
    RIGHT,
    WRONG,
    QuestionWidget,
    Rows,
    hang,
    key_label,
    number_bindings,
    row_lines,
)

DIVIDER = "▏"
"""The line between the items and the answers (as a ``vkey`` border on the left of the answers
column drew it), in the colour of the component class ``matching-rows--divider``."""


class MatchingRows(Rows):
    """The items to match on the left and the numbered answers on the right, drawn as one text.

    One widget instead of a row of two columns (a container each, in a container): every
    widget is styled, measured, laid out and drawn on its own, and the columns were much of the
    matching question's share of the frame that shows its feedback. It draws what they drew, in
    the same cells: the items ``3fr`` of the width, each row as :class:`Rows` draws it; the
    answers ``2fr``, after a line (▏) and a cell of padding each side, "Answers" and each
    numbered answer wrapped under its own text. A click on an item puts the cursor on it; a
    click on an answer, on any of its lines, matches it to the cursor's item (as its number does).
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"matching-rows--divider"}
    DEFAULT_CSS = """
    MatchingRows > .matching-rows--divider { color: $panel-lighten-2; }
    """
    """The divider's colour; app.tcss gives it another in the light and high-contrast themes."""

    def __init__(self, answers: list[str], **kwargs) -> None:
        super().__init__(**kwargs)
        self.answers = answers
        self._divider: Content | None = None
        """The divider as last drawn (in the theme of then)."""
        self.items_width = 0
        """How many cells the items' column takes (the answers' column is the rest)."""
        self._unsized: list[Content] | None = None
        """The rows drawn before the width was known (until it is)."""
        self.answer_starts: list[int] = []
        """The line each numbered answer begins on (line 0 is "Answers"), then the line after the last."""

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, _theme: object) -> None:
        """The stylesheet gave the divider another colour: draw the rows with it."""
        if self._divider is not None and self.divider() != self._divider:
            self.query_ancestor(Matching).refresh_rows()

    def divider(self) -> Content:
        return Content.styled(DIVIDER, self.get_visual_style("matching-rows--divider", partial=True))

    @staticmethod
    def columns(width: int) -> tuple[int, int]:
        """The widths of the items' and the answers' columns (3fr and 2fr, as Textual shares them)."""
        items = width * 3 // 5
        return items, width - items

    def answer_texts(self, room: int) -> list[Content]:
        """ "Answers", then each numbered answer, a long one wrapped under its own text at
        ``room`` cells."""
        count = len(self.answers)
        texts = [Content.styled("Answers", "bold")]
        for index, text in enumerate(self.answers):
            label = Content.styled(f"{key_label(index, count)} ", "bold")
            texts.append(hang(label, text, room))
        return texts

    @staticmethod
    def wrapped(texts: list[Content], room: int) -> list[Content]:
        """``texts`` cut into lines of at most ``room`` cells, as a widget ``room`` wide wraps them."""
        lines: list[Content] = []
        for text in texts:
            for line in text.split("\n"):
                lines.extend(line.wrap(room) if room > 0 and line.cell_length > room else [line])
        return lines

    def show(self, rows: list[Content], styles: list[str]) -> None:
        width = self.content_size.width
        if width <= 0:  # not laid out yet: measured as the columns were (get_content_height)
            self._unsized, starts = row_lines(rows, styles, 0)
            self.draw(self._unsized, starts)
            return
        self._unsized = None
        items_width, answers_width = self.columns(width)
        self.items_width = items_width
        left, starts = row_lines(rows, styles, items_width)
        room = answers_width - 3  # the line and a cell of padding each side
        texts = self.answer_texts(room)
        right: list[Content] = []
        self.answer_starts = []
        for number, text in enumerate(texts):  # where each answer begins (after "Answers"), and the end
            if number:
                self.answer_starts.append(len(right))
            right.extend(self.wrapped([text], room))
        self.answer_starts.append(len(right))
        # The answers' column was as tall as its text wrapped one cell narrower when the width
        # does not divide by 5: Textual measured the column's height at its 2fr share of the
        # width rounded down, and placed it at what the items left (rounded up). Its line goes
        # on that far, so it is drawn as tall here too.
        measured = (2 * width) // 5 - 3
        height = len(self.wrapped(texts, measured)) if measured != room and measured > 0 else len(right)
        blank_left = Content(" " * items_width)
        self._divider = divider = self.divider()
        lines = []
        for number in range(max(len(left), height)):
            item = left[number] if number < len(left) else blank_left
            if number >= height:
                lines.append(item)
                continue
            answer = right[number] if number < len(right) else Content("")
            pad = " " * max(0, room - answer.cell_length)
            lines.append(Content.assemble(item, divider, " ", answer, pad, " "))
        self._items_before = self.lines
        self.draw(lines, starts, rows_end=len(left))  # below the items, the answers may go on

    _items_before = 0
    """How many lines the items took before the last change (what the screen has laid out)."""

    def row_region(self, index: int) -> Region:
        """The row's region, as far as the items reached before the last change: the items'
        column was as tall as it was laid out when the cursor's row was scrolled into view, and
        a row that just grew a line was scrolled to as far as that column went."""
        region = super().row_region(index)
        if not self._items_before:
            return region
        return region.intersection(Region(0, 0, self.size.width, self._items_before))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """Before the rows were drawn at a width, the height the two columns had then (the
        first layout places the answer, and focusing it scrolls by that): the items' rows as
        they were, wrapped in their column, or the answers not yet wrapped under their own
        text, in theirs, whichever was taller. The rows are drawn at the width straight after."""
        if self._unsized is None or width <= 0:
            return super().get_content_height(container, viewport, width)
        items_width, _ = self.columns(width)
        items = len(Content("\n").join(self._unsized).wrap(items_width)) if self._unsized else 0
        answers = self.wrapped(self.answer_texts(0), (2 * width) // 5 - 3)
        return max(items, len(answers))

    def row_clicked_at(self, x: int, y: int) -> int | None:
        return self.row_at(y) if x < self.items_width else None  # the answers' column: none

    def answer_clicked_at(self, x: int, y: int) -> int | None:
        """The answer drawn on line ``y`` of the answers' column, when ``x`` is in it (None:
        the items' column, "Answers", or below the answers)."""
        if not self.items_width or x < self.items_width or not self.answer_starts:
            return None
        if not self.answer_starts[0] <= y < self.answer_starts[-1]:
            return None
        return bisect_right(self.answer_starts, y) - 1

    def on_click(self, event: events.Click) -> None:
        answer = self.answer_clicked_at(event.x, event.y)
        if answer is None:
            return super().on_click(event)
        owner = self.query_ancestor(Matching)
        if not owner.locked:
            owner.focus_target.focus()
            owner.action_match(answer)


class Matching(QuestionWidget):
    """↑ ↓ pick an item, then its answer's number (or ← →); Backspace or Delete clears it; Enter checks."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *number_bindings("match", "Match"),
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("right", "cycle(1)", "Next answer", show=False),
        Binding("left", "cycle(-1)", "Previous answer", show=False),
        Binding("space", "cycle(1)", "Next answer", show=False),
        Binding("backspace,delete", "clear", "Clear", show=False),
        Binding("enter", "submit", "Check"),
    ]

    def __init__(self, question, presentation, **kwargs) -> None:
        super().__init__(question, presentation, **kwargs)
        self.lefts = [pair.left for pair in question.pairs]
        self.rights = list(presentation.right_items) or list(question.right_items)
        self.pairing: dict[int, int] = {}

    def compose(self):
        yield Static(
            Content("Match each item on the left with an answer from the numbered list."),
            classes="answer-heading",
        )
        yield from self.compose_rows()

    def compose_rows(self):
        yield MatchingRows(self.rights, classes="answer-rows")

    def keys_help(self) -> str:
        ten = " (0 for 10)" if len(self.rights) >= 10 else ""
        return (
            f"Press an answer's number{ten} to match it to the {CURSOR} item; {CURSOR} then moves to "
            f"the next item. ↑ ↓ move {CURSOR}, ← → change. Enter to check."
        )

    def keys_line(self) -> str:
        if len(self.rights) >= 10:
            return f"Press a number (0 for 10) to match the {CURSOR} item; {CURSOR} moves on."
        return f"Press a number to match the {CURSOR} item; {CURSOR} then moves on."

    def missing_text(self) -> str:
        left = len(self.lefts) - len(self.pairing)
        return f"Match every item first: {left} still to match."

    def row_count(self) -> int:
        return len(self.lefts)

    def _assign(self, right_index: int | None) -> None:
        if right_index is None:
            self.pairing.pop(self.cursor, None)
        else:
            self.pairing[self.cursor] = right_index

    def action_match(self, index: int) -> None:
        if not 0 <= index < len(self.rights):
            return
        self._assign(index)
        # Go on to the next item still to match: quick for a trainee, clear for everyone.
        count = len(self.lefts)
        following = [
            i for i in (*range(self.cursor + 1, count), *range(self.cursor)) if i not in self.pairing
        ]
        if following:
            self.cursor = following[0]
        self.changed()
        self.scroll_to_cursor()

    def action_cycle(self, delta: int) -> None:
        current = self.pairing.get(self.cursor)
        if current is None:
            new = 0 if delta > 0 else len(self.rights) - 1
        else:
            new = (current + delta) % len(self.rights)
        self._assign(new)
        self.changed()

    def action_clear(self) -> None:
        self._assign(None)
        self.changed()

    def restore(self, response) -> None:
        matches = response if isinstance(response, dict) else {}
        self.pairing = {
            index: self.rights.index(matches[left])
            for index, left in enumerate(self.lefts)
            if matches.get(left) in self.rights
        }
        unmatched = [index for index in range(len(self.lefts)) if index not in self.pairing]
        if self.pairing and unmatched:  # a half-made answer: carry on at the first item left
            self.cursor = unmatched[0]
        if self.is_mounted:
            self.refresh_rows()

    def response(self) -> Any | None:
        if len(self.pairing) < len(self.lefts):
            return None
        return {self.lefts[i]: self.rights[r] for i, r in sorted(self.pairing.items())}

    def draft(self) -> Any | None:
        """The items matched so far (some, or all); None when none is."""
        if not self.pairing:
            return None
        return {self.lefts[i]: self.rights[r] for i, r in sorted(self.pairing.items())}

    def row_classes(self, index: int) -> list[str]:
        if not self.locked:
            return []
        return ["-right"] if self.outcome.pairs[index].correct else ["-wrong"]

    def items_width(self) -> int:
        """Cells a row's text may use in the items' column (0 until it is known)."""
        view = self.rows()
        if not isinstance(view, MatchingRows):
            return 0
        return max(0, view.columns(view.content_size.width)[0] - 2)  # rows: a cell of padding each side

    def row_width(self) -> int:
        return self.items_width()

    def row_content(self, index: int) -> Content:
        chosen = self.pairing.get(index)
        if chosen is None:
            number, match = "", Content.styled(self.NOT_MATCHED, "italic")
        else:
            number, match = f"{key_label(chosen).strip()} ", Content(self.rights[chosen])
        right = None
        if self.locked:
            pair = self.outcome.pairs[index]
            mark = f"{RIGHT if pair.correct else WRONG} "
            if not pair.correct:
                right = pair.right
        else:
            mark = self._mark(index)
        width = self.row_width()
        left = Content(self.lefts[index])
        if self.compact:  # short items: one line each, the arrows lined up
            longest = max(Content(text).cell_length for text in self.lefts)
            lead = Content.assemble(mark, left.pad_right(longest - left.cell_length), "  →  ")
            return self.matched(Content.assemble(lead, (number, "bold")), match, right, width)
        # Longer ones: the match on a line of its own under the item; wrapped lines stay indented.
        item = hang(mark, left, width)
        return Content.assemble(item, "\n", self.matched(Content.assemble("    → ", (number, "bold")), match, right, width))

    @staticmethod
    def matched(lead: Content, match: Content, right: str | None, width: int) -> Content:
        """``lead`` then the answer chosen, and when it is wrong "← right:" and the right one:
        on the same line when they fit in ``width``, else on a line of their own under the
        answer chosen (never "← right:" at the end of a line and the answer alone under the
        one chosen, where it reads as part of it)."""
        if right is None:
            return hang(lead, match, width)
        together = Content.assemble(match, (f"  ← right: {right}", "italic"))
        if width <= 0 or lead.cell_length + together.cell_length <= width:
            return hang(lead, together, width)
        under = Content(" " * lead.cell_length)
        return Content.assemble(hang(lead, match, width), "\n", hang(under, Content.styled(f"← right: {right}", "italic"), width))

    NOT_MATCHED = "(not matched yet)"

    _compact_at: tuple[int, bool] = (0, False)

    @property
    def compact(self) -> bool:
        """True when every item and its answer fit on one line of the items column (worked out
        once for a width: every row asks)."""
        width = self.items_width()
        if width <= 0:
            return False
        if self._compact_at[0] == width:
            return self._compact_at[1]
        left = max(Content(text).cell_length for text in self.lefts)
        right = max(
            len(Content(self.NOT_MATCHED)),
            *(len(str(n)) + 1 + Content(text).cell_length for n, text in enumerate(self.rights, 1)),
        )
        self._compact_at = (width, 2 + left + 5 + right <= width)
        return self._compact_at[1]

    def on_resize(self) -> None:
        self.refresh_rows()  # one line per item, or two, depends on the width; so do the answers
