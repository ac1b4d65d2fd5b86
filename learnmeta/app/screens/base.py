"""What every screen of ours shares: Escape goes back, and a typed handle on the app."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.screen import Screen

if TYPE_CHECKING:
    from learnmeta.app.app import LearnApp


_SCROLL_KEYS = {"up": "up", "down": "down", "pageup": "page_up", "pagedown": "page_down",
                "home": "home", "end": "end"}


def scroll_bindings(action: str) -> list[Binding]:
    """Hidden bindings of the arrow, page, Home and End keys to ``action('up')``,
    ``action('page_down')`` and so on: for a part of a screen that scrolls without taking the
    focus (a key the focused widget uses itself still goes to it first)."""
    return [Binding(key, f"{action}('{how}')", show=False) for key, how in _SCROLL_KEYS.items()]


class AppScreen(Screen):
    """A screen of ours: ``learn_app`` is the app, typed as what it is."""

    @property
    def learn_app(self) -> LearnApp:
        return self.app  # type: ignore[return-value]


class LearnScreen(AppScreen):
    """A full screen with Escape to go back to the screen before."""

    BINDINGS = [Binding("escape", "back", "Back")]

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.dismiss()
