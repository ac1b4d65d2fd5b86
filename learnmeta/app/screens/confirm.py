"""A yes/no question in a small window: ``ConfirmDialog(question) -> bool``.

The keys are on the buttons and in the footer: y for yes, n or Escape for no. The footer
names them with the buttons' words ("y Leave the quiz", "n/Esc Keep going").
"""

from __future__ import annotations

from dataclasses import replace

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from learnmeta.app.screens.base import Spoken
from learnmeta.app.widgets.footer import Footer
from learnmeta.app.safe import literal, styled


CONFIRM_HEADING = "Questions asked before going on (leave the quiz? reset?)"
"""The section of Help (F1) for this dialog's keys."""


class ConfirmDialog(ModalScreen[bool], Spoken):
    """Ask before doing something that cannot simply be undone. No is focused first."""

    HELP_SECTION = CONFIRM_HEADING
    """The section of Help (F1) that opens first from here (base.AppScreen)."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No", key_display="n/Esc"),
        Binding("f1", "app.help", "Help"),
        Binding("f2", "app.support", "Support"),
    ]

    def spoken_opening(self) -> str:
        """The question and the button the focus is on (learnmeta/app/opening.py)."""
        from learnmeta.app.opening import confirm_words

        return confirm_words(self)

    def __init__(self, question: str, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question = question
        self.yes_label = yes
        self.no_label = no
        # The footer says what the buttons say: this dialog's own copies of y's and n/Esc's.
        keys = self._bindings.key_to_bindings
        for key, label in (("y", yes), ("n", no), ("escape", no)):
            keys[key] = [replace(binding, description=label) for binding in keys[key]]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(literal(self.question), id="question")
            with Horizontal(id="buttons"):
                yield Button(styled("$label (n)", label=self.no_label), id="no", variant="primary")
                yield Button(styled("$label (y)", label=self.yes_label), id="yes", variant="error")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_screen_resume(self) -> None:
        from learnmeta.app.screens.base import announce_opening

        announce_opening(self)  # in a browser, the question is read out (learnmeta/app/opening.py)

    @on(Button.Pressed, "#yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def _no(self) -> None:
        self.dismiss(False)

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
