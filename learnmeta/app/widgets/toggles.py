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
    """A radio set where ↑ ↓ (and ← →) choose the option next to the one chosen.

    Its own keys, not Textual's actions: Textual's mounting moves the highlight with the same
    action its arrows use (and starts it on the first option, whatever is chosen)."""

    BINDINGS = [
        Binding("down,right", "choose(1)", "Next option", show=False),
        Binding("up,left", "choose(-1)", "Previous option", show=False),
    ]

    def on_mount(self) -> None:
        # Once Textual's mounting has put the highlight on the first option: on the chosen one.
        self.call_after_refresh(self._highlight_chosen)

    def _highlight_chosen(self) -> None:
        if self.pressed_index >= 0:
            self._selected = self.pressed_index

    def action_choose(self, step: int) -> None:
        pressed = self.pressed_index
        if pressed >= 0:
            self._selected = pressed  # move from the option chosen, not from a stale highlight
        if step > 0:
            self.action_next_button()
        else:
            self.action_previous_button()
        selected = self._selected
        if selected is not None:
            button = self._nodes[selected]
            if isinstance(button, RadioButton) and not button.value:
                button.value = True


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


class OnwardCheckbox(ClearCheckbox):
    """A checkbox that only Space ticks; Enter moves the focus on, leaving it as it is. For a
    choice that must never be made by pressing Enter through a form (sending answers away)."""

    BINDINGS = [
        Binding("space", "toggle_button", "Tick or untick", show=False),
        Binding("enter", "go_on", "Go on", show=False),
    ]

    def action_go_on(self) -> None:
        self.screen.focus_next()
