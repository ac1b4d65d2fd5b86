"""What single choice, tick all and true or false share: a row per choice, picked by its number
(or ↑ ↓ and Space), and marked from the engine's choice marks once the answer is checked."""

from __future__ import annotations

from typing import ClassVar

from textual.content import Content

from learnmeta.app.widgets.answers.base import RIGHT, WRONG, QuestionWidget, key_label


class ChoiceWidget(QuestionWidget):
    """Base of the widgets whose rows are choices: subclasses say how picking works."""

    BOXES: ClassVar[tuple[str, str]] = ("( )", "(•)")
    """A row's box: not picked, picked."""
    WORDS: ClassVar[dict[tuple[bool, bool], tuple[str, str]]] = {
        (True, True): (RIGHT, "your answer, right"),
        (False, True): (RIGHT, "the right answer"),
        (True, False): (WRONG, "your answer"),
    }
    """(chosen, a right answer) -> the symbol and words beside a checked choice."""

    def __init__(self, question, presentation, **kwargs) -> None:
        super().__init__(question, presentation, **kwargs)
        self.options: list[tuple[str, str]] = self.choice_rows()
        """(choice id, text) of each row, in the order shown."""
        self.picked: set[int] = set()

    def choice_rows(self) -> list[tuple[str, str]]:
        choices = self.presentation.choices or self.question.choices
        return [(choice.id, choice.text) for choice in choices]

    def restore(self, response) -> None:
        if isinstance(response, bool):
            chosen = {"true" if response else "false"}
        elif isinstance(response, str):
            chosen = {response}
        else:
            chosen = set(response or ())
        self.picked = {index for index, (choice_id, _text) in enumerate(self.options) if choice_id in chosen}
        if self.picked:
            self.cursor = min(self.picked)
        if self.is_mounted:
            self.refresh_rows()

    def pick(self, index: int) -> None:
        """Pick the row at ``index``: one answer replaces another (tick all toggles instead)."""
        self.picked = {index}

    def row_count(self) -> int:
        return len(self.options)

    def action_choose(self, index: int) -> None:
        if 0 <= index < len(self.options):
            self.pick(index)
            self.cursor = index
            self.changed()

    def action_choose_cursor(self) -> None:
        self.action_choose(self.cursor)

    def row_clicked(self, index: int) -> None:
        self.action_choose(index)

    def _result_words(self, index: int) -> tuple[str, str]:
        mark = self.outcome.choices[self.options[index][0]]
        return self.WORDS.get((mark.chosen, mark.correct), (" ", ""))

    def row_content(self, index: int) -> Content:
        box = self.BOXES[index in self.picked]
        label = key_label(index, len(self.options))
        return self.choice_line(index, label, box, self.options[index][1])
