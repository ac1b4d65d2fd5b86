""""My questions for my next visit": the learner's own list of questions for their healthcare
team, made from the lessons' suggestions and their own words (shared/notes/content-review-2.md,
C17: a tool to take along, not only a list to read).

The list is kept in the progress file (``[visit]``), in the learner's order, each question
marked asked or not, in words (``[x]`` / ``[ ]``, never by colour alone). Enter on a suggestion
adds it; n writes a question of their own; Enter on one of theirs marks it asked; ``[`` and ``]``
move it; x takes it off. s saves the list as a Markdown page to print or bring to a visit
(:mod:`learnmeta.study.visit`): beside the progress file in a terminal, as a download in a
browser. The page carries the date and only the questions, nothing else about the learner.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from learnmeta.app.safe import literal
from learnmeta.app.screens.base import LearnScreen
from learnmeta.app.widgets.footer import FooterWithHelp
from learnmeta.app.widgets.frame import Disclaimer, TitleBar
from learnmeta.app.widgets.hanging import Hanging
from learnmeta.content.checklist import TITLE, suggestions
from learnmeta.content.text import clean_text
from learnmeta.files import replace_atomically
from learnmeta.progress.model import VisitQuestion
from learnmeta.study.visit import visit_markdown

FILE_NAME = "my-questions.md"


def checklist_path(progress_path: Path) -> Path:
    """Where the list is saved in a terminal: beside the learner's progress file, named after it
    (``default.toml`` -> ``default-questions.md``), so each learner has their own."""
    return progress_path.with_name(f"{progress_path.stem}-questions.md")


def _replaced(path: Path, text: str) -> Path | None:
    """Where the file at ``path`` is kept when saving ``text`` replaces it (``<name>.bak``), or
    None: nothing there, or the same text. The learner may have written in the saved list; a
    second save must not silently take that away."""
    from learnmeta.files import FileProblem, backup_path, read_bounded_or_none

    try:
        before = read_bounded_or_none(path, 1024 * 1024)
    except FileProblem:
        return None  # not a file that can be kept (replace_atomically says what is wrong)
    if before is None or before == text.encode("utf-8"):
        return None
    return backup_path(path)


class QuestionsScreen(LearnScreen):
    """The learner's list, then the lessons' suggestions; Enter adds or marks asked."""

    HELP_SECTION = "My questions for my next visit"
    """The section of Help (F1) that opens first from here (base.AppScreen)."""

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("space", "choose", "Add/asked", tooltip="add a suggested question to your list; "
                "on your list, mark it asked (or not)"),
        Binding("n", "write", "New", tooltip="write a question of your own"),
        Binding("x,delete", "remove", "Remove", tooltip="take the highlighted question off your list"),
        Binding("left_square_bracket,shift+up", "move(-1)", "Up", key_display="[",
                tooltip="move the highlighted question up your list"),
        Binding("right_square_bracket,shift+down", "move(1)", "Down", key_display="]",
                tooltip="move the highlighted question down your list"),
        Binding("s", "save", "Save", tooltip="save your list as a page (Markdown) to print or bring along"),
    ]
    FOOTER_GIVE_WAY = ("choose", "remove", "move(-1)", "move(1)")
    """In a narrow window these go first (the line above the list names them), so F1 and F2 stay."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[str, int]] = []
        """What each row of the list is: ("mine", index in the learner's list), ("suggested",
        index in :attr:`offered`) or ("write", 0)."""
        self.offered: list[tuple[str, str]] = []

    def compose(self) -> ComposeResult:
        yield TitleBar(TITLE)
        with Vertical(id="questions"):
            yield Static(
                Content("Enter adds a suggested question to your list, or marks one of yours asked. "
                        "n writes your own, [ and ] move one, x removes one. s saves the list to print."),
                classes="hint",
            )
            yield OptionList(id="visit-questions")
            yield Input(placeholder="Your question, then Enter (Escape: cancel)", id="own-question",
                        max_length=500)
            yield Static(id="questions-saved")
        yield Disclaimer()
        yield FooterWithHelp()

    def on_mount(self) -> None:
        self.query_one("#own-question", Input).display = False
        self._fill(0)
        self.query_one("#visit-questions", OptionList).focus()

    # ------------------------------------------------------------------------------------------

    @property
    def _mine(self) -> list[VisitQuestion]:
        return self.learn_app.store.visit_questions

    def _fill(self, highlight: int | tuple[str, int] | None = None) -> None:
        """Rebuild the rows: the learner's list, the suggestions not on it, and "write your own";
        then highlight a row (by number, or by what it is: ``("mine", 2)``)."""
        mine = self._mine
        on_list = {q.text.casefold() for q in mine}
        self.offered = [s for s in suggestions(self.learn_app.library.lessons) if s[0].casefold() not in on_list]
        options: list[Option | None] = []
        self.rows = []
        options.append(Option(Content(f"Your list ({len(mine)})" if mine else
                                      "Your list is empty: add questions from below."), disabled=True))
        self.rows.append(("heading", 0))
        for index, question in enumerate(mine):
            box = "[x]" if question.asked else "[ ]"
            after = " (asked)" if question.asked else ""
            options.append(Option(Hanging(literal(f"{box} {question.text}{after}"), 4)))
            self.rows.append(("mine", index))
        options.append(Option(Content("Suggested by the lessons (Enter adds one to your list)"), disabled=True))
        self.rows.append(("heading", 1))
        for index, (suggested, _) in enumerate(self.offered):
            options.append(Option(Hanging(literal(f" +  {suggested}"), 4)))
            self.rows.append(("suggested", index))
        options.append(Option(Content(" +  Write a question of your own…")))
        self.rows.append(("write", 0))
        menu = self.query_one("#visit-questions", OptionList)
        menu.clear_options()
        menu.add_options([o for o in options if o is not None])
        if isinstance(highlight, tuple):
            highlight = self.rows.index(highlight) if highlight in self.rows else 0
        if highlight is not None:
            menu.highlighted = self._usable(highlight)

    def _usable(self, row: int) -> int:
        """The nearest row at or after ``row`` that is not a heading (or before, at the end)."""
        row = max(0, min(row, len(self.rows) - 1))
        for candidate in [*range(row, len(self.rows)), *range(row - 1, -1, -1)]:
            if self.rows[candidate][0] != "heading":
                return candidate
        return row

    def _current(self) -> tuple[str, int] | None:
        menu = self.query_one("#visit-questions", OptionList)
        row = menu.highlighted
        if row is None or not 0 <= row < len(self.rows):
            return None
        return self.rows[row]

    def _say(self, text: str) -> None:
        self.query_one("#questions-saved", Static).update(literal(text))

    # ------------------------------------------------------------------------------------------

    @on(OptionList.OptionSelected, "#visit-questions")
    def _selected(self) -> None:
        self.action_choose()

    def action_choose(self) -> None:
        current = self._current()
        if current is None:
            return
        kind, index = current
        store = self.learn_app.store
        if kind == "mine":
            question = self._mine[index]
            store.mark_visit_question(index, not question.asked)
            self._fill(("mine", index))
            self._say(f"Marked {'not yet asked' if question.asked else 'asked'}: {question.text}")
        elif kind == "suggested":
            text, lesson = self.offered[index]
            problem = store.add_visit_question(text, lesson)
            if problem:
                self._say(problem)
                return
            row = self.query_one("#visit-questions", OptionList).highlighted or 0
            self._fill(row + 1)  # the list grew by one row above: stay on the next suggestion
            self._say(f"Added to your list: {text}")
        elif kind == "write":
            self.action_write()

    def action_write(self) -> None:
        box = self.query_one("#own-question", Input)
        box.display = True
        box.value = ""
        box.focus()

    @on(Input.Submitted, "#own-question")
    def _written(self, event: Input.Submitted) -> None:
        event.stop()
        problem = self.learn_app.store.add_visit_question(event.value)
        if problem:
            self._say(problem)
            return
        self._close_input()
        self._fill(("mine", len(self._mine) - 1))
        self._say(f"Added to your list: {' '.join(clean_text(event.value).split())}")

    def _close_input(self) -> None:
        box = self.query_one("#own-question", Input)
        box.value = ""
        box.display = False
        self.query_one("#visit-questions", OptionList).focus()

    def action_back(self) -> None:
        if self.query_one("#own-question", Input).display:
            self._close_input()
            self._say("Nothing added.")
            return
        super().action_back()

    def action_remove(self) -> None:
        current = self._current()
        if current is None or current[0] != "mine":
            self._say("Only questions on your list can be removed: highlight one of yours first.")
            return
        index = current[1]
        text = self._mine[index].text
        self.learn_app.store.remove_visit_question(index)
        self._fill(("mine", min(index, len(self._mine) - 1)) if self._mine else 0)
        self._say(f"Removed from your list: {text}")

    def action_move(self, offset: int) -> None:
        current = self._current()
        if current is None or current[0] != "mine":
            self._say("Highlight a question on your list to move it.")
            return
        now = self.learn_app.store.move_visit_question(current[1], offset)
        self._fill(("mine", now))
        self._say(f"Moved to number {now + 1} of {len(self._mine)}.")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.is_mounted and self.query_one("#own-question", Input).display:
            # Typing a question: the letters are the question's, not keys, and the list's keys
            # are left out of the footer (shown dimmed, "[ Up" named a key that types "[").
            return action == "back"
        return True

    def action_save(self) -> None:
        app = self.learn_app
        mine = self._mine
        if not mine:
            self._say("Your list is empty. Enter adds a suggested question; n writes your own.")
            return
        text = visit_markdown(mine, dt.date.today())
        if app.is_web:
            app.deliver_text(io.StringIO(text), save_filename=FILE_NAME)
            self._say(f"Your questions are downloading as {FILE_NAME}. "
                      "Print them, or bring them to your next visit.")
            return
        path = checklist_path(Path(app.store.path))
        kept = _replaced(path, text)
        try:
            replace_atomically(path, text, backup=kept is not None)
        except OSError as error:
            self._say(f"Your questions could not be saved to {path}: {error.strerror or error}.")
            return
        also = f" The copy it replaced is kept as {kept.name}." if kept is not None else ""
        self._say(f"Saved to {path}. Print it, or bring it to your next visit.{also}")
