"""What every screen of ours shares: Escape goes back, and a typed handle on the app."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.screen import Screen

if TYPE_CHECKING:
    from learnmeta.app.app import LearnApp


class LearnScreen(Screen):
    """A full screen with Escape to go back to the screen before."""

    BINDINGS = [Binding("escape", "back", "Back")]

    @property
    def learn_app(self) -> LearnApp:
        return self.app  # type: ignore[return-value]

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.dismiss()
