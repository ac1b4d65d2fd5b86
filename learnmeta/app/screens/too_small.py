"""One calm line instead of a broken screen, while the window is smaller than a screen can serve.

Each screen says the least it needs (``MIN_SIZE``, columns and rows; :data:`DEFAULT_MIN_SIZE`
otherwise). The app checks after every resize and every change of screen
(:meth:`learnmeta.app.app.LearnApp.check_size`): below it, this screen covers the one
underneath, saying how big the window must be; when the window grows, it goes and the screen
underneath is there as it was (nothing is lost: its keys were not taken meanwhile).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Middle
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from learnmeta.app.screens.base import Spoken

DEFAULT_MIN_SIZE = (60, 20)
"""What most screens need: their lists, forms and the disclaimer line fit from here."""


def min_size(screen: Screen) -> tuple[int, int]:
    """The least (columns, rows) ``screen`` can serve."""
    size = getattr(screen, "MIN_SIZE", None)
    if isinstance(size, tuple) and len(size) == 2:
        return size
    return DEFAULT_MIN_SIZE


def too_small_text(width: int, height: int) -> str:
    return f"Make the window a little bigger (at least {width}×{height})."


KEYS = "F1: help · F2: support · Ctrl+Q: quit"
"""What the screen says its keys are (its bindings)."""

BACK_KEY = "Esc: back · "
"""Said first when Esc goes back from the screen underneath (:func:`goes_back`)."""


BACK_ACTIONS = ("back", "close")
"""What an Escape that only goes back is bound to (screens, and dialogs such as a page's words)."""


def goes_back(screen: Screen) -> str | None:
    """The action of Escape on ``screen`` when it only goes back to the screen before it (a
    glossary, a progress screen: not a quiz, whose Escape asks to leave, nor home, with nothing
    before it); None otherwise."""
    bound = screen._bindings.key_to_bindings.get("escape", [])
    actions = {binding.action for binding in bound}
    stack = screen.app.screen_stack
    if len(actions) != 1 or not actions <= set(BACK_ACTIONS) or screen not in stack or stack.index(screen) == 0:
        return None
    return actions.pop()


class TooSmallScreen(ModalScreen[None], Spoken):
    """Shown while the window is smaller than the screen under it can serve."""

    MIN_SIZE = (1, 1)
    BINDINGS = [
        Binding("ctrl+q", "app.quit", "Quit", show=False),
        # Back from the screen underneath, when that is all its Escape does: a glossary opened
        # from a lesson in a 40x12 window (the lesson serves it, the glossary does not).
        Binding("escape", "back", "Back", show=False),
        # Support and help stay one key away, as everywhere (they serve small windows).
        Binding("f1", "app.help", "Help", show=False),
        Binding("f2", "app.support", "Support", show=False),
    ]
    DEFAULT_CSS = """
    TooSmallScreen {
        background: $background;
        align: center middle;
    }
    TooSmallScreen Static {
        width: auto;
        max-width: 100%;
        text-align: center;
    }

    """

    def spoken_opening(self) -> str:
        """That the window is too small for the screen under it (learnmeta/app/opening.py)."""
        from learnmeta.app.opening import too_small_words

        return too_small_words(self)

    def __init__(self, needed: tuple[int, int], *, back: str | None = None) -> None:
        super().__init__()
        self.needed = needed
        self.back = back
        """The action of Escape on the screen underneath when it only goes back (:func:`goes_back`)."""

    def compose(self) -> ComposeResult:
        with Middle():
            with Center():
                yield Static(self._text(), id="too-small")

    def on_screen_resume(self) -> None:
        from learnmeta.app.screens.base import announce_opening

        announce_opening(self)  # in a browser, what it is is read out (learnmeta/app/opening.py)

    def need(self, needed: tuple[int, int]) -> None:
        """The screen underneath changed: say what it needs."""
        if needed != self.needed:
            self.needed = needed
            self.query_one("#too-small", Static).update(self._text())

    def _text(self) -> Content:
        """The message, and under it this screen's keys: help, support (as on every screen) and
        quit, for a window that cannot grow (it has no footer to show them)."""
        keys = BACK_KEY + KEYS if self.back else KEYS
        return Content.assemble(too_small_text(*self.needed), "\n\n", (keys, "dim"))

    def action_back(self) -> None:
        """Take this notice and the screen underneath away (the app then checks the size again
        for the screen before them)."""
        stack = self.app.screen_stack
        if not self.back or len(stack) < 3 or stack[-1] is not self:
            return
        under = stack[-2]
        self.app.pop_screen()  # this notice
        getattr(under, f"action_{self.back}")()
