"""True or false: 1 or t, 2 or f."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.binding import Binding, BindingType

from learnmeta.app.widgets.answers.choice import ChoiceWidget


class TrueFalse(ChoiceWidget):
    """1 or t for True, 2 or f for False, then Enter to check."""

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

    def choice_rows(self) -> list[tuple[str, str]]:
        return [("true", "True"), ("false", "False")]  # the ids of the engine's marks

    def keys_help(self) -> str:
        return "Press 1 or t for True, 2 or f for False, then Enter to check."

    def keys_line(self) -> str:
        return "1 or t for True, 2 or f for False, then Enter to check."

    def missing_text(self) -> str:
        return "Choose True or False first: press 1 or 2, then Enter."

    def response(self) -> Any | None:
        return (0 in self.picked) if self.picked else None
