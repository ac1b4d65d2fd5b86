"""What every answer widget shares: rows with a cursor, the messages to the quiz screen, and
the marks (✓ ✗ and words, never colour alone) drawn from the engine's outcome once it is checked.

Every piece of pack text goes on screen as :class:`textual.content.Content`, so markup in it
(``[@click=app.quit]``) is shown literally and does nothing.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Any

from textual import events
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.geometry import Region
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

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


def number_bindings(action: str, description: str) -> list[BindingType]:
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


KEYS_LINE_CELLS = 58
"""The cells of text the quiz's keys line has at the narrowest screen the app draws (60
columns, :data:`learnmeta.app.screens.too_small.DEFAULT_MIN_SIZE`, less its padding): each of
its texts fits, so it is one line at every size."""


def keys_range(count: int) -> str:
    """The number keys of ``count`` answers, as the keys line says them ("1 or 2", "1 to 4")."""
    if count == 2:
        return "1 or 2"
    if count <= 9:
        return f"1 to {count}"
    return "1 to 9 (0 for 10)"


CURSOR_STYLE = "bold on $accent 25%"
"""The row the cursor is on, while answering (its background across the whole row)."""
ROW_STYLES = {"-right": "$text-success", "-wrong": "$text-warning"}
"""A checked row's colour, from :meth:`QuestionWidget.row_classes` (beside its ✓ ✗ and words)."""


def _scroll_part_visible(widget: Widget, region: Region) -> None:
    """Scroll every container of ``widget`` so that ``region`` of it (in its own coordinates)
    is in view, as :meth:`Widget.scroll_visible` does for a whole widget."""
    region = region.translate(widget.virtual_region.offset)
    while isinstance(widget.parent, Widget) and region:
        container = widget.parent
        offset = container.scroll_to_region(region, animate=False)
        region = (
            region.translate(-offset)
            .translate(container.styles.margin.top_left)
            .translate(container.styles.border.spacing.top_left)
            .translate(container.virtual_region_with_margin.offset)
            .grow(container.styles.margin)
            .intersection(container.virtual_region_with_margin)
        )
        widget = container


def row_lines(rows: list[Content], styles: list[str], width: int) -> tuple[list[Content], list[int]]:
    """The lines of ``rows`` drawn ``width`` cells wide, each row in its style, and the line
    each row begins on: a cell of padding each side (as the row widgets had), a row's wrapped
    lines under its own text, every line filled to the width (so the cursor's background runs
    across the whole row). ``width`` 0: not known yet, the lines as they are."""
    room = width - 2  # a cell of padding each side, as the rows had
    lines: list[Content] = []
    starts: list[int] = []
    for row, style in zip(rows, styles):
        starts.append(len(lines))
        first = len(lines)
        for line in row.split("\n"):
            parts = line.wrap(room) if room > 0 and line.cell_length > room else [line]
            for part in parts:
                pad = max(0, room - part.cell_length) if room > 0 else 0
                lines.append(Content.assemble(" ", part, " " * (pad + 1)))
        if style:
            for number in range(first, len(lines)):
                lines[number] = lines[number].stylize_before(style)
    return lines, starts


class Rows(Static):
    """Every row of an answer (the choices, the items to match or to order), drawn as one text.

    One widget, not one per row: each widget is styled, measured, laid out and drawn on its own,
    and a row's classes changing (the cursor, ✓ ✗ once checked) restyled it, which made the
    rows much of the work of the frame that shows an answer's feedback. Each row is drawn as
    the row widgets were: a cell of padding each side, the cursor's background across the
    whole row, a checked row in its colour. ``starts``: the first line of each row (for clicks
    and for scrolling the cursor's row into view).
    """

    DEFAULT_CSS = """
    Rows { height: auto; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__("", **kwargs)
        self.starts: list[int] = []
        self.lines = 0
        """How many lines the rows take."""
        self._shown: Content | None = None
        self._shown_lines = 0
        self._shown_width = 0

    def show(self, rows: list[Content], styles: list[str]) -> None:
        """Draw ``rows`` (each one row's text, which may hold line ends) with their ``styles``."""
        lines, starts = row_lines(rows, styles, self.content_size.width)
        self.draw(lines, starts)

    def draw(self, lines: list[Content], starts: list[int], rows_end: int | None = None) -> None:
        """Show ``lines``, where row ``n`` begins on line ``starts[n]`` and the rows end on line
        ``rows_end`` (default: the last). Nothing is laid out again when as many lines as before
        are drawn at the same width (the cursor moving, the rows marked ✓ ✗ without a line more),
        and nothing is done when nothing changed."""
        text = Content("\n").join(lines)
        width = self.content_size.width
        if self._shown is not None and self.starts == starts and text.is_same(self._shown):
            return
        same_height = self._shown is not None and len(lines) == self._shown_lines and width == self._shown_width > 0
        self.starts = starts
        self.lines = len(lines) if rows_end is None else rows_end
        self._shown, self._shown_lines, self._shown_width = text, len(lines), width
        self.update(text, layout=not same_height)

    def row_at(self, y: int) -> int | None:
        """The row drawn on line ``y`` of this widget (None: below the rows)."""
        if not self.starts or not 0 <= y < self.lines:
            return None
        return bisect_right(self.starts, y) - 1

    def row_region(self, index: int) -> Region:
        """Where row ``index`` is, in this widget's own coordinates."""
        top = self.starts[index]
        bottom = self.starts[index + 1] if index + 1 < len(self.starts) else self.lines
        return Region(0, top, self.size.width, max(1, bottom - top))

    def row_clicked_at(self, x: int, y: int) -> int | None:
        """The row a click at ``x``, ``y`` of this widget chooses (None: none)."""
        return self.row_at(y)

    def on_click(self, event: events.Click) -> None:
        owner = self.query_ancestor(QuestionWidget)
        index = self.row_clicked_at(event.x, event.y)
        if not owner.locked and index is not None:
            owner.focus_target.focus()
            owner.row_clicked(index)


class QuestionWidget(Vertical, can_focus=True):
    """Base for the answer widgets: a column of rows with a cursor."""

    DEFAULT_CSS = """
    QuestionWidget { height: auto; padding: 0 0 1 0; }
    QuestionWidget:focus-within { background: transparent; }
    QuestionWidget .answer-heading { height: auto; padding: 0 1; color: $text-muted; }
    """

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
        self.outcome: Any = None
        """The engine's :class:`~learnmeta.quiz.engine.Outcome`, once checked: the rows are marked from it."""

    # --- what subclasses provide -----------------------------------------------------------
    def keys_help(self) -> str:
        """The keys for this question, in words, for the exam's keys line (which says what
        Enter does there itself)."""
        return ""

    def keys_line(self) -> str:
        """How to answer this question, in words, for the quiz's keys line above the footer.

        One line at the narrowest screen (60 columns, :data:`KEYS_LINE_CELLS` for the text), so
        that the keys line keeps its height when the feedback shows (the body under the question
        is then not made a line taller or shorter and laid out again) and leaves the body a line
        more at 60x20. It says what the footer cannot: how this kind of question is answered;
        hint, skip and leave are the footer's, and every key is in help (F1)."""
        return self.keys_help()

    def response(self) -> Any | None:
        """The answer in the engine's shape, or None when there is nothing to check yet."""
        return None

    def draft(self) -> Any | None:
        """What the learner has made of the answer so far, whole or not (an exam keeps a
        half-made one when they move away); None when there is nothing yet."""
        return self.response()

    def missing_text(self) -> str:
        return "Choose an answer first: press its number, then Enter."

    def restore(self, response: Any) -> None:
        """Show ``response`` (in the engine's shape) as the answer given: an exam shows the
        answer kept for a question when the learner comes back to it."""

    def row_count(self) -> int:
        return 0

    def row_content(self, index: int) -> Content:
        return Content("")

    def row_classes(self, index: int) -> list[str]:
        """A row's marks: -right / -wrong once checked (colour added to the symbol; ``ROW_STYLES``)."""
        if not self.locked:
            return []
        symbol, _ = self._result_words(index)
        return ["-right"] if symbol == RIGHT else ["-wrong"] if symbol == WRONG else []

    @property
    def focus_target(self) -> Widget:
        """The widget that should hold focus while the learner answers."""
        return self

    # --- shared behaviour ------------------------------------------------------------------
    _rows_view: Rows | None = None

    def rows(self) -> Rows | None:
        """The widget that draws the rows (None before it is mounted). Found once: each row's
        text asks for its width, and a query walks the widget's children every time."""
        view = self._rows_view
        if view is None:
            found = self.query(Rows)
            view = self._rows_view = found.first() if found else None
        return view

    def compose_rows(self):
        yield Rows(classes="answer-rows")

    def compose(self):
        yield from self.compose_rows()

    def on_mount(self) -> None:
        self.refresh_rows()

    def refresh_rows(self) -> None:
        """Draw every row again (its text, the cursor, ✓ ✗ and colour once checked): one widget
        updated, nothing restyled."""
        view = self.rows()
        if view is None:
            return
        rows, styles = [], []
        for index in range(self.row_count()):
            rows.append(self.row_content(index))
            style = CURSOR_STYLE if not self.locked and index == self.cursor else ""
            for name in self.row_classes(index):
                style = f"{style} {ROW_STYLES.get(name, '')}".strip()
            styles.append(style)
        view.show(rows, styles)

    def row_width(self) -> int:
        """Cells a row's text may use (0 until the widget is laid out)."""
        view = self.rows()
        return max(0, view.content_size.width - 2) if view is not None else 0  # a cell each side

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
        view = self.rows()
        if view is not None and 0 <= self.cursor < len(view.starts):
            _scroll_part_visible(view, view.row_region(self.cursor))

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

    def after_feedback_drawn(self) -> None:
        """Just after the frame that shows the outcome's feedback (the quiz screen calls it, then
        takes the focus from the answer): what that frame need not wait for."""

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
