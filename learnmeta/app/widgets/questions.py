"""The answer part of a quiz question: one widget per question type, keyboard first.

Each widget is built from the question and the engine's :class:`~learnmeta.quiz.engine.Presentation`
(the order to show things in), lets the learner answer with the keys shown on screen, and posts
:class:`QuestionWidget.Submitted` with a response in the engine's shape (see the engine's module
docstring). After the quiz screen has checked the answer it calls :meth:`QuestionWidget.show_outcome`,
which locks the widget and marks each row with a symbol and words: never colour alone.

Every piece of pack text goes on screen as :class:`textual.content.Content`, so markup in it
(``[@click=app.quit]``) is shown literally and does nothing.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Static

from learnmeta.content.models import (
    MatchingQuestion,
    MultipleQuestion,
    OrderingQuestion,
    ShortAnswerQuestion,
    SingleQuestion,
    TrueFalseQuestion,
)

RIGHT = "✓"
WRONG = "✗"
CURSOR = "▶"
HELD = "↕"

_NUMBER_KEYS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "0"]


def key_label(index: int, count: int = 9) -> str:
    """The number shown for the row at ``index`` (0-based) of ``count``, lined up on the right.

    Keys 1 to 9 pick the first nine rows and 0 the tenth; rows after that (only matching has
    them) are reached with the arrow keys.
    """
    return str(index + 1).rjust(len(str(count)))


def _number_bindings(action: str, description: str) -> list[BindingType]:
    """Bindings 1..9 and 0 calling ``action(index)``.

    None is shown in the footer: the keys line above it says what the numbers do, and the footer
    keeps its room for Check, Hint, Skip, Leave, F1 Help and F2 Support.
    """
    bindings: list[BindingType] = [
        Binding("1", f"{action}(0)", description, key_display="1-9", show=False)
    ]
    for index, key in enumerate(_NUMBER_KEYS[1:], start=1):
        bindings.append(Binding(key, f"{action}({index})", description, show=False))
    return bindings


def hang(lead: Content | str, text: Content | str, width: int) -> Content:
    """``lead`` then ``text``, with the text's wrapped lines indented under its own start.

    ``width`` is the cells the line may use (0 when not known yet: the widget wraps it then).
    """
    lead = Content(lead) if isinstance(lead, str) else lead
    text = Content(text) if isinstance(text, str) else text
    room = width - lead.cell_length
    if width <= 0 or room < 12 or text.cell_length <= room or "\n" in text.plain:
        return Content.assemble(lead, text)
    pad = " " * lead.cell_length
    parts: list[Content | str] = [lead]
    for number, line in enumerate(text.wrap(room)):
        if number:
            parts.append("\n" + pad)
        parts.append(line)
    return Content.assemble(*parts)


def _keys_range(count: int) -> str:
    if count <= 9:
        return f"1 to {count}"
    return "1 to 9 (0 for 10)"


class Row(Static):
    """One line of an answer: a choice, a left-hand item, an item to order."""

    DEFAULT_CSS = """
    Row { height: auto; padding: 0 1; }
    Row.-cursor { background: $accent 25%; text-style: bold; }
    Row.-right { color: $text-success; }
    Row.-wrong { color: $text-warning; }
    """

    def on_click(self) -> None:
        try:
            owner = self.query_ancestor(QuestionWidget)
        except Exception:  # noqa: BLE001 - not inside a question
            return
        if not owner.locked:
            owner.focus_target.focus()
            owner.row_clicked(owner.rows().index(self))


class QuestionWidget(Vertical, can_focus=True):
    """Base for the answer widgets: a column of rows with a cursor."""

    DEFAULT_CSS = """
    QuestionWidget { height: auto; padding: 0 0 1 0; }
    QuestionWidget:focus-within { background: transparent; }
    QuestionWidget .answer-heading { height: auto; padding: 0 1; color: $text-muted; }
    """

    KIND: ClassVar[str] = ""

    class Submitted(Message):
        """The learner asked to check an answer."""

        def __init__(self, widget: QuestionWidget, response: Any) -> None:
            super().__init__()
            self.widget = widget
            self.response = response

    class Changed(Message):
        """The learner changed the answer (not yet checked)."""

        def __init__(self, widget: QuestionWidget) -> None:
            super().__init__()
            self.widget = widget

    class Incomplete(Message):
        """The learner pressed Enter before giving an answer: ``text`` says what is missing."""

        def __init__(self, widget: QuestionWidget, text: str) -> None:
            super().__init__()
            self.widget = widget
            self.text = text

    def __init__(self, question, presentation, **kwargs) -> None:
        super().__init__(**kwargs)
        self.question = question
        self.presentation = presentation
        self.cursor = 0
        self.locked = False
        self.outcome = None

    # --- what subclasses provide -----------------------------------------------------------
    def keys_help(self) -> str:
        """The keys for this question, in words, for the line above the footer."""
        return ""

    def response(self) -> Any | None:
        """The answer in the engine's shape, or None when there is nothing to check yet."""
        return None

    def missing_text(self) -> str:
        return "Choose an answer first: press its number, then Enter."

    def row_count(self) -> int:
        return 0

    def row_content(self, index: int) -> Content:
        return Content("")

    def row_classes(self, index: int) -> list[str]:
        """CSS classes for a row: -right / -wrong once checked (colour added to the symbol)."""
        if not self.locked:
            return []
        symbol, _ = self._result_words(index)
        return ["-right"] if symbol == RIGHT else ["-wrong"] if symbol == WRONG else []

    @property
    def focus_target(self) -> Widget:
        """The widget that should hold focus while the learner answers."""
        return self

    # --- shared behaviour ------------------------------------------------------------------
    def rows(self) -> list[Row]:
        return list(self.query(Row).results(Row))

    def compose_rows(self):
        for index in range(self.row_count()):
            yield Row(self.row_content(index), classes="answer-row")

    def compose(self):
        yield from self.compose_rows()

    def on_mount(self) -> None:
        self.refresh_rows()

    def refresh_rows(self) -> None:
        for index, row in enumerate(self.rows()):
            row.update(self.row_content(index))
            row.set_class(not self.locked and index == self.cursor, "-cursor")
            for name in ("-right", "-wrong"):
                row.set_class(name in self.row_classes(index), name)

    def row_width(self) -> int:
        """Cells a row's text may use (0 until the widget is laid out)."""
        return max(0, self.content_size.width - 2)  # rows have padding 0 1

    def on_resize(self) -> None:
        self.refresh_rows()  # long rows wrap under their own text: that depends on the width

    def changed(self) -> None:
        """Show the new state of the answer and tell the screen."""
        self.refresh_rows()
        self.post_message(self.Changed(self))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Once answered, every key falls through to the quiz screen (Enter goes on).
        return not self.locked

    def move_cursor(self, delta: int) -> None:
        count = self.row_count()
        if count:
            self.cursor = max(0, min(count - 1, self.cursor + delta))
            self.changed()
            self.scroll_to_cursor()

    def scroll_to_cursor(self) -> None:
        rows = self.rows()
        if 0 <= self.cursor < len(rows):
            rows[self.cursor].scroll_visible(animate=False)

    def action_cursor(self, delta: int) -> None:
        self.move_cursor(delta)

    def row_clicked(self, index: int) -> None:
        """A mouse click on a row: choose it (or put the cursor there)."""
        self.cursor = index
        self.changed()

    def action_submit(self) -> None:
        self.submit()

    def submit(self) -> None:
        """Post the answer (or say what is missing)."""
        if self.locked:
            return
        response = self.response()
        if response is None:
            self.post_message(self.Incomplete(self, self.missing_text()))
        else:
            self.post_message(self.Submitted(self, response))

    def show_outcome(self, outcome) -> None:
        """Lock the widget and mark each row right or wrong (symbol and words)."""
        self.locked = True
        self.outcome = outcome
        self.refresh_rows()
        self.refresh_bindings()

    def _result_words(self, index: int) -> tuple[str, str]:
        """After checking: the symbol (✓, ✗ or a space) and the words beside a choice."""
        return " ", ""

    def choice_line(self, index: int, label: str, box: str, text: str) -> Content:
        """A choice: cursor (or ✓/✗ once checked), its number, its box and its text."""
        if self.locked:
            symbol, words = self._result_words(index)
            tail = (f"  ← {words}", "italic") if words else ""
            lead = Content.assemble(f"{symbol} ", (f"{label} ", "dim"), f"{box} ")
            return hang(lead, Content.assemble(text, tail), self.row_width())
        lead = Content.assemble(self._mark(index), (f"{label} ", "bold"), f"{box} ")
        return hang(lead, Content(text), self.row_width())

    def _mark(self, index: int) -> str:
        """Two cells before a row: the cursor while answering, ✓/✗ afterwards."""
        if not self.locked:
            return f"{CURSOR} " if index == self.cursor else "  "
        return ""


# ---------------------------------------------------------------------------------------------
# single and multiple choice, true or false
# ---------------------------------------------------------------------------------------------


class SingleChoice(QuestionWidget):
    """Press the answer's number (or ↑ ↓ and Space), then Enter to check."""

    KIND = "single"
    BINDINGS: ClassVar[list[BindingType]] = [
        *_number_bindings("choose", "Pick"),
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("space", "choose_cursor", "Select", show=False),
        Binding("enter", "submit", "Check"),
    ]

    def __init__(self, question, presentation, **kwargs) -> None:
        super().__init__(question, presentation, **kwargs)
        self.choices = list(presentation.choices) or list(question.choices)
        self.selected: int | None = None

    def keys_help(self) -> str:
        return (
            f"Press {_keys_range(len(self.choices))} (or ↑ ↓ and Space) to choose, "
            "then Enter to check."
        )

    def row_count(self) -> int:
        return len(self.choices)

    def action_choose(self, index: int) -> None:
        if 0 <= index < len(self.choices):
            self.selected = index
            self.cursor = index
            self.changed()

    def action_choose_cursor(self) -> None:
        self.action_choose(self.cursor)

    def row_clicked(self, index: int) -> None:
        self.action_choose(index)

    def response(self) -> Any | None:
        return None if self.selected is None else self.choices[self.selected].id

    def _result_words(self, index: int) -> tuple[str, str]:
        mark = self.outcome.choices[self.choices[index].id]
        if mark.correct and mark.chosen:
            return RIGHT, "your answer, right"
        if mark.correct:
            return RIGHT, "the right answer"
        if mark.chosen:
            return WRONG, "your answer"
        return " ", ""

    def row_content(self, index: int) -> Content:
        box = "(•)" if index == self.selected else "( )"
        label = key_label(index, len(self.choices))
        return self.choice_line(index, label, box, self.choices[index].text)


class MultipleChoice(QuestionWidget):
    """Numbers (or ↑ ↓ and Space) tick and untick answers; Enter checks."""

    KIND = "multiple"
    BINDINGS: ClassVar[list[BindingType]] = [
        *_number_bindings("toggle", "Tick"),
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("space", "toggle_cursor", "Tick", show=False),
        Binding("enter", "submit", "Check"),
    ]

    def __init__(self, question, presentation, **kwargs) -> None:
        super().__init__(question, presentation, **kwargs)
        self.choices = list(presentation.choices) or list(question.choices)
        self.selected: set[int] = set()

    def compose(self):
        yield Static(Content("Choose every answer that is right."), classes="answer-heading")
        yield from self.compose_rows()

    def keys_help(self) -> str:
        return (
            f"Press {_keys_range(len(self.choices))} (or ↑ ↓ and Space) to tick each right "
            "answer, then Enter to check."
        )

    def missing_text(self) -> str:
        return "Tick at least one answer first: press its number, then Enter."

    def row_count(self) -> int:
        return len(self.choices)

    def action_toggle(self, index: int) -> None:
        if 0 <= index < len(self.choices):
            self.selected ^= {index}
            self.cursor = index
            self.changed()

    def action_toggle_cursor(self) -> None:
        self.action_toggle(self.cursor)

    def row_clicked(self, index: int) -> None:
        self.action_toggle(index)

    def response(self) -> Any | None:
        if not self.selected:
            return None
        return frozenset(self.choices[i].id for i in self.selected)

    def _result_words(self, index: int) -> tuple[str, str]:
        mark = self.outcome.choices[self.choices[index].id]
        if mark.correct and mark.chosen:
            return RIGHT, "right"
        if mark.correct:
            return WRONG, "right, not ticked"
        if mark.chosen:
            return WRONG, "not right"
        return " ", ""

    def row_content(self, index: int) -> Content:
        box = "[x]" if index in self.selected else "[ ]"
        label = key_label(index, len(self.choices))
        return self.choice_line(index, label, box, self.choices[index].text)


class TrueFalse(QuestionWidget):
    """1 or t for True, 2 or f for False, then Enter to check."""

    KIND = "true_false"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "choose(0)", "True/False", key_display="1/2", show=False),
        Binding("2", "choose(1)", "False", show=False),
        Binding("t", "choose(0)", "True", show=False),
        Binding("f", "choose(1)", "False", show=False),
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("space", "choose_cursor", "Select", show=False),
        Binding("enter", "submit", "Check"),
    ]
    LABELS = ("True", "False")

    def __init__(self, question, presentation, **kwargs) -> None:
        super().__init__(question, presentation, **kwargs)
        self.selected: int | None = None

    def keys_help(self) -> str:
        return "Press 1 or t for True, 2 or f for False, then Enter to check."

    def missing_text(self) -> str:
        return "Choose True or False first: press 1 or 2, then Enter."

    def row_count(self) -> int:
        return 2

    def action_choose(self, index: int) -> None:
        self.selected = index
        self.cursor = index
        self.changed()

    def action_choose_cursor(self) -> None:
        self.action_choose(self.cursor)

    def row_clicked(self, index: int) -> None:
        self.action_choose(index)

    def response(self) -> Any | None:
        return None if self.selected is None else self.selected == 0

    def _result_words(self, index: int) -> tuple[str, str]:
        mark = self.outcome.choices[("true", "false")[index]]
        if mark.correct and mark.chosen:
            return RIGHT, "your answer, right"
        if mark.correct:
            return RIGHT, "the right answer"
        if mark.chosen:
            return WRONG, "your answer"
        return " ", ""

    def row_content(self, index: int) -> Content:
        box = "(•)" if index == self.selected else "( )"
        return self.choice_line(index, str(index + 1), box, self.LABELS[index])


# ---------------------------------------------------------------------------------------------
# matching
# ---------------------------------------------------------------------------------------------


class Matching(QuestionWidget):
    """↑ ↓ pick an item, then its answer's number (or ← →); Enter checks."""

    KIND = "matching"
    BINDINGS: ClassVar[list[BindingType]] = [
        *_number_bindings("match", "Match"),
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
    Matching .answer-option { height: auto; }
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
                yield Static(Content.styled("Answers", "bold"), classes="answer-option")
                for index in range(len(self.rights)):
                    yield Static(self._answer_option(index), classes="answer-option -numbered")

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

    def response(self) -> Any | None:
        if len(self.pairing) < len(self.lefts):
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
        for index, option in enumerate(self.query(".answer-option.-numbered").results(Static)):
            option.update(self._answer_option(index, width))


# ---------------------------------------------------------------------------------------------
# ordering
# ---------------------------------------------------------------------------------------------


class Ordering(QuestionWidget):
    """↑ ↓ pick an item; [ ] or Shift+↑ ↓ move it (or Space holds it); Enter checks."""

    KIND = "ordering"
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

    def response(self) -> Any | None:
        return list(self.order)

    def row_classes(self, index: int) -> list[str]:
        if not self.locked:
            return []
        return ["-right"] if self.outcome.places[index].correct else ["-wrong"]

    def row_content(self, index: int) -> Content:
        text = self.order[index]
        if self.locked:
            place = self.outcome.places[index]
            if place.correct:
                return Content.assemble(f"{RIGHT} ", (f"{index + 1}. ", "bold"), text)
            return Content.assemble(
                f"{WRONG} ", (f"{index + 1}. ", "bold"), text,
                (f"  ← goes at {place.right_place + 1}", "italic"),
            )
        mark = self._mark(index)
        if self.held and index == self.cursor:
            mark = f"{HELD} "
        holding = self.held and index == self.cursor
        tail = ("  (holding: ↑ ↓ move it, Space lets go)", "italic") if holding else ""
        return Content.assemble(mark, (f"{index + 1}. ", "bold"), text, tail)


# ---------------------------------------------------------------------------------------------
# short answer
# ---------------------------------------------------------------------------------------------


class AnswerInput(Input):
    """The box a short answer is typed in; the footer shows that Enter checks it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "submit", "Check")]


class ShortAnswer(QuestionWidget, can_focus=False):
    """Type it, then Enter; F3 a hint, F4 skip (letters go into the box)."""

    KIND = "short_answer"
    DEFAULT_CSS = """
    ShortAnswer AnswerInput { width: 1fr; max-width: 70; margin: 0 1; }
    ShortAnswer .answer-result { height: auto; padding: 0 1; }
    """

    def compose(self):
        yield AnswerInput(
            placeholder="Type your answer here", id="short-answer-input", max_length=200
        )
        yield Static("", classes="answer-result")

    @property
    def input(self) -> AnswerInput:
        return self.query_one(AnswerInput)

    @property
    def focus_target(self) -> Widget:
        return self.input

    def keys_help(self) -> str:
        hint = " F3 shows a hint," if self.question.hints else ""
        return f"Type your answer, then press Enter to check.{hint} F4 skips."

    def missing_text(self) -> str:
        return "Type an answer first (or press F4 to skip)."

    def response(self) -> Any | None:
        text = self.input.value
        return text if text.strip() else None

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit()

    def show_outcome(self, outcome) -> None:
        self.locked = True
        self.outcome = outcome
        box = self.input
        box.disabled = True
        symbol = RIGHT if outcome.correct else WRONG
        words = "right" if outcome.correct else "not quite"
        if outcome.typo:
            words = f"Right. It is spelled: {outcome.matched}"
        self.query_one(".answer-result", Static).update(
            Content.assemble(f"{symbol} You typed: ", outcome.response_text, f"  ← {words}")
        )


WIDGETS: dict[type, type[QuestionWidget]] = {
    SingleQuestion: SingleChoice,
    MultipleQuestion: MultipleChoice,
    TrueFalseQuestion: TrueFalse,
    MatchingQuestion: Matching,
    OrderingQuestion: Ordering,
    ShortAnswerQuestion: ShortAnswer,
}


def widget_for(question, presentation, **kwargs) -> QuestionWidget:
    """The answer widget for a question of any of the six types."""
    return WIDGETS[type(question)](question, presentation, **kwargs)
