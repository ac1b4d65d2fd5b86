"""Tick all that apply: numbers tick and untick answers."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Static

from learnmeta.app.widgets.answers.base import RIGHT, WRONG, keys_range, number_bindings
from learnmeta.app.widgets.answers.choice import ChoiceWidget


class MultipleChoice(ChoiceWidget):
    """Numbers (or ↑ ↓ and Space) tick and untick answers; Enter checks."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *number_bindings("choose", "Tick"),
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("space", "choose_cursor", "Tick", show=False),
        Binding("enter", "submit", "Check"),
    ]
    BOXES = ("[ ]", "[x]")
    WORDS = {
        (True, True): (RIGHT, "right"),
        (False, True): (WRONG, "right, not ticked"),
        (True, False): (WRONG, "not right"),
    }

    SAYS_CHOOSE_ALL = ("all that apply", "every answer that is right", "every right answer")
    """Words in a prompt that already say more than one answer can be right."""

    def compose(self):
        # Said once: the built-in prompts end "Choose all that apply."; other packs may not say it.
        prompt = " ".join(str(self.question.prompt).split()).lower()
        if not any(words in prompt for words in self.SAYS_CHOOSE_ALL):
            yield Static(Content("Choose every answer that is right."), classes="answer-heading")
        yield from self.compose_rows()

    def keys_help(self) -> str:
        return (
            f"Press {keys_range(len(self.options))} (or ↑ ↓ and Space) to tick each right "
            "answer, then Enter to check."
        )

    def keys_line(self) -> str:
        count = len(self.options)
        if count >= 10:
            return "Press 1 to 9 (0 for 10) for each right answer, then Enter."
        return f"Press {keys_range(count)} for each right answer, then Enter to check."

    def missing_text(self) -> str:
        return "Tick at least one answer first: press its number, then Enter."

    def pick(self, index: int) -> None:
        self.picked ^= {index}

    def response(self) -> Any | None:
        if not self.picked:
            return None
        return frozenset(self.options[i][0] for i in self.picked)
