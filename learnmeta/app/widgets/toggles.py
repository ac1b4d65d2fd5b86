"""A radio button whose state shows in its shape, not only its colour: "●" on, blank off."""

from __future__ import annotations

from textual.widgets import RadioButton


class ClearRadioButton(RadioButton):
    """Textual's radio button draws "●" both on and off, in different colours; this one does not."""

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]
        return "●" if self.value else " "
