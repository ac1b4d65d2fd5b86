"""Choices whose state shows in words and shapes, not only in colour.

* :class:`ClearRadioButton`: "●" on, blank off (Textual draws "●" both ways, in two colours).
* :class:`ClearCheckbox`: "✓" on, blank off.
* :class:`ArrowsChooseRadioSet`: ↑ ↓ choose the option they move to (in Textual's own they only
  move a highlight, and Enter or Space chooses: a learner who pressed ↓ to "In a course" and
  went on was still "On my own").
* :class:`OnwardRadioSet`: Enter chooses the highlighted option and moves on to what comes next
  (Space still only chooses), so a form can be filled in with Enter alone.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Checkbox, RadioButton, RadioSet


class ClearRadioButton(RadioButton):
    """Textual's radio button draws "●" both on and off, in different colours; this one does not."""

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]
        return "●" if self.value else " "


class ClearCheckbox(Checkbox):
    """A checkbox drawn "✓" when on and blank when off."""

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]
        return "✓" if self.value else " "


class ArrowsChooseRadioSet(RadioSet):
    """A radio set where ↑ ↓ (and ← →) choose the option they move to."""

    def _choose_highlighted(self) -> None:
        selected = self._selected
        if selected is not None:
            button = self._nodes[selected]
            if isinstance(button, RadioButton) and not button.value:
                button.value = True

    def action_previous_button(self) -> None:
        super().action_previous_button()
        self._choose_highlighted()

    def action_next_button(self) -> None:
        super().action_next_button()
        self._choose_highlighted()


class OnwardRadioSet(ArrowsChooseRadioSet):
    """A radio set where Enter picks the highlighted option and then moves the focus on."""

    BINDINGS = [
        Binding("enter", "choose_and_go", "Choose and go on", show=False),
        Binding("space", "toggle_button", "Choose", show=False),
    ]

    def action_choose_and_go(self) -> None:
        selected = self._selected
        if selected is not None:
            button = self._nodes[selected]
            if isinstance(button, RadioButton) and not button.value:
                button.value = True
        self.screen.focus_next()
