"""A notice the learner reads at their own pace: ``NoticeDialog(messages)``, closed with OK.

Used for what the progress store says at start (a damaged file kept aside, a second window that
does not save): a toast that vanishes after a few seconds is too quick for a long message.
Every message is shown literally, exactly as the store wrote it.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from learnmeta.app.screens.base import Spoken
from learnmeta.app.widgets.footer import Footer
from learnmeta.app.safe import literal


class NoticeDialog(ModalScreen[None], Spoken):
    """One or more messages and an OK button (Enter or Escape closes it)."""

    BINDINGS = [
        Binding("escape", "close", "OK", key_display="Esc"),
        Binding("f1", "app.help", "Help"),
        Binding("f2", "app.support", "Support"),
    ]

    def spoken_opening(self) -> str:
        """Its title, its messages and the button (learnmeta/app/opening.py)."""
        from learnmeta.app.opening import notice_words

        return notice_words(self)

    def __init__(self, messages: list[str], title: str = "Please read") -> None:
        super().__init__()
        self.messages = list(messages)
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="wide"):
            yield Static(literal(self.title_text), classes="dialog-title")
            with VerticalScroll(id="notice-text"):
                for message in self.messages:
                    yield Static(literal(message), classes="para")
            yield Button(Content("OK (Enter)"), id="ok", variant="primary", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#ok", Button).focus()

    def on_screen_resume(self) -> None:
        from learnmeta.app.screens.base import announce_opening

        announce_opening(self)  # in a browser, its words are read out (learnmeta/app/opening.py)

    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
