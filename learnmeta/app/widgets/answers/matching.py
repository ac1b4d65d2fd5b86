"""Matching: each item on the left gets an answer from a numbered list."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Static

from learnmeta.app.widgets.answers.base import (
    CURSOR,
    RIGHT,
    WRONG,
    QuestionWidget,
    hang,
    key_label,
    number_bindings,
)


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

    DEFAULT_CSS = """
    Matching .matching-columns { height: auto; }
    Matching .matching-items { width: 3fr; height: auto; }
    Matching .matching-answers { width: 2fr; height: auto; padding: 0 1; border-left: vkey $panel-lighten-2; }
    Matching .answer-options { height: auto; }
    """

    def compose(self):
        yield Static(
            Content("Match each item on the left with an answer from the numbered list."),
            classes="answer-heading",
        )
        with Horizontal(classes="matching-columns"):
            with Vertical(classes="matching-items"):
                yield from self.compose_rows()
            with Vertical(classes="matching-answers"):
                yield Static(self._answer_options(0), classes="answer-options")

    def _answer_options(self, width: int) -> Content:
        """ "Answers", then each numbered answer on its own line(s): one text, one widget."""
        options = [self._answer_option(index, width) for index in range(len(self.rights))]
        return Content("\n").join([Content.styled("Answers", "bold"), *options])

    def _answer_option(self, index: int, width: int = 0) -> Content:
        """ "1 An answer", a long one wrapped under its own text."""
        label = Content.styled(f"{key_label(index, len(self.rights))} ", "bold")
        return hang(label, self.rights[index], width)

    def keys_help(self) -> str:
        ten = " (0 for 10)" if len(self.rights) >= 10 else ""
        return (
            f"Press an answer's number{ten} to match it to the {CURSOR} item; {CURSOR} then moves to "
            f"the next item. ↑ ↓ move {CURSOR}, ← → change. Enter to check."
        )

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

    def row_width(self) -> int:
        column = self.query(".matching-items")
        return max(0, column.first().content_size.width - 2) if column else 0  # rows: padding 0 1

    def row_content(self, index: int) -> Content:
        chosen = self.pairing.get(index)
        if chosen is None:
            number, match = "", Content.styled(self.NOT_MATCHED, "italic")
        else:
            number, match = f"{key_label(chosen).strip()} ", Content(self.rights[chosen])
        if self.locked:
            pair = self.outcome.pairs[index]
            mark = f"{RIGHT if pair.correct else WRONG} "
            if not pair.correct:
                match = Content.assemble(match, (f"  ← right: {pair.right}", "italic"))
        else:
            mark = self._mark(index)
        width = self.row_width()
        left = Content(self.lefts[index])
        if self.compact:  # short items: one line each, the arrows lined up
            longest = max(Content(text).cell_length for text in self.lefts)
            lead = Content.assemble(mark, left.pad_right(longest - left.cell_length), "  →  ")
            return hang(Content.assemble(lead, (number, "bold")), match, width)
        # Longer ones: the match on a line of its own under the item; wrapped lines stay indented.
        item = hang(mark, left, width)
        return Content.assemble(item, "\n", hang(Content.assemble("    → ", (number, "bold")), match, width))

    NOT_MATCHED = "(not matched yet)"

    @property
    def compact(self) -> bool:
        """True when every item and its answer fit on one line of the items column."""
        column = self.query(".matching-items")
        width = column.first().content_size.width - 2 if column else 0  # rows have padding 0 1
        if width <= 0:
            return False
        left = max(Content(text).cell_length for text in self.lefts)
        right = max(
            len(Content(self.NOT_MATCHED)),
            *(len(str(n)) + 1 + Content(text).cell_length for n, text in enumerate(self.rights, 1)),
        )
        return 2 + left + 5 + right <= width

    def on_resize(self) -> None:
        self.refresh_rows()  # one line per item, or two, depends on the width
        column = self.query(".matching-answers")
        width = column.first().content_size.width if column else 0
        options = self.query(".answer-options")
        if options:
            options.first(Static).update(self._answer_options(width))
