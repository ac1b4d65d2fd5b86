""""My questions for my next visit": the lessons' questions for the healthcare team, to tick and
save as a list to print (shared/notes/content-review-2.md, C17: a tool, not only a list).

Space or Enter ticks a question (asked already), shown as ``[x]`` in words, never by colour
alone; s saves the whole checklist (learnmeta.content.checklist) as a text file: beside the
learner's progress file in a terminal, as a download in a browser. The ticks last while the app
runs; the saved file keeps them as ``[x]``.
"""

from __future__ import annotations

import io
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from learnmeta.app.safe import literal
from learnmeta.app.screens.base import LearnScreen
from learnmeta.app.widgets.footer import Footer
from learnmeta.app.widgets.frame import Disclaimer, TitleBar
from learnmeta.content.checklist import TITLE, checklist, questions
from learnmeta.files import replace_atomically

FILE_NAME = "my-questions.txt"


def checklist_path(progress_path: Path) -> Path:
    """Where the checklist is saved in a terminal: beside the learner's progress file, named
    after it (``default.toml`` -> ``default-questions.txt``), so each learner has their own."""
    return progress_path.with_name(f"{progress_path.stem}-questions.txt")


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
    """The questions as a list to tick; s saves the checklist to print."""

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("space", "tick", "Tick", tooltip="tick the question (asked), or untick it"),
        Binding("s", "save", "Save to print", tooltip="save the checklist as a text file to print"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.questions: list[str] = []

    def compose(self) -> ComposeResult:
        yield TitleBar(TITLE)
        with Vertical(id="questions"):
            yield Static(
                Content("Space ticks a question you have asked. s saves the list as a file to print."),
                classes="hint",
            )
            yield OptionList(id="visit-questions")
            yield Static(id="questions-saved")
        yield Disclaimer()
        yield Footer()

    def on_mount(self) -> None:
        self.questions = questions(self.learn_app.library.lessons)
        menu = self.query_one("#visit-questions", OptionList)
        menu.add_options([Option(self._prompt(q), id=f"q:{i}") for i, q in enumerate(self.questions)])
        if self.questions:
            menu.highlighted = 0
        menu.focus()

    def _prompt(self, question: str) -> Content:
        box = "[x]" if question in self.learn_app.asked_questions else "[ ]"
        return literal(f"{box} {question}")

    def action_tick(self) -> None:
        menu = self.query_one("#visit-questions", OptionList)
        index = menu.highlighted
        if index is None or not 0 <= index < len(self.questions):
            return
        question = self.questions[index]
        asked = self.learn_app.asked_questions
        if question in asked:
            asked.discard(question)
        else:
            asked.add(question)
        menu.replace_option_prompt_at_index(index, self._prompt(question))

    @on(OptionList.OptionSelected, "#visit-questions")
    def _selected(self) -> None:
        self.action_tick()

    def action_save(self) -> None:
        app = self.learn_app
        text = checklist(app.library.lessons, app.asked_questions)
        saved = self.query_one("#questions-saved", Static)
        if app.is_web:
            app.deliver_text(io.StringIO(text), save_filename=FILE_NAME)
            saved.update(literal(f"Your questions are downloading as {FILE_NAME}. "
                                 "Print them, and take them to your next visit."))
            return
        path = checklist_path(Path(app.store.path))
        kept = _replaced(path, text)
        try:
            replace_atomically(path, text, backup=kept is not None)
        except OSError as error:
            saved.update(literal(f"Your questions could not be saved to {path}: {error.strerror or error}."))
            return
        also = f" The copy it replaced is kept as {kept.name}." if kept is not None else ""
        saved.update(literal(f"Saved to {path}. Print it, and take it to your next visit.{also}"))
