"""Single choice: one answer, picked by its number."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.binding import Binding, BindingType

from learnmeta.app.widgets.answers.base import keys_range, number_bindings
from learnmeta.app.widgets.answers.choice import ChoiceWidget


class SingleChoice(ChoiceWidget):
    """Press the answer's number (or ↑ ↓ and Space), then Enter to check."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *number_bindings("choose", "Pick"),
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("space", "choose_cursor", "Select", show=False),
        Binding("enter", "submit", "Check"),
    ]

    def keys_help(self) -> str:
        return (
            f"Press {keys_range(len(self.options))} (or ↑ ↓ and Space) to choose, "
            "then Enter to check."
        )

    def keys_line(self) -> str:
        count = len(self.options)
        if count >= 10:
            return "Press 1 to 9, or 0 for 10, then Enter to check."
        return f"Press {keys_range(count)} (or ↑ ↓ and Space), then Enter to check."

    def response(self) -> Any | None:
        return self.options[next(iter(self.picked))][0] if self.picked else None
