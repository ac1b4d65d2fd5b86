"""A small window listing the glossary terms on the lesson page, with their definitions."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from learnmeta.app.safe import styled
from learnmeta.content.models import Term


class PageTermsDialog(ModalScreen[None]):
    """Definitions of the terms found on a page; g or Escape closes it."""

    MIN_SIZE = (40, 12)
    """As the lesson reader it is opened from: its list of words scrolls."""

    BINDINGS = [
        Binding("escape,g", "close", "Close"),
        Binding("f2", "app.support", "Support"),
    ]

    def __init__(self, terms: list[Term]) -> None:
        super().__init__()
        self.terms = terms

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="wide"):
            yield Static(Content.from_markup("[b]Words on this page[/]"), classes="dialog-title")
            with VerticalScroll(id="terms-list"):
                if self.terms:
                    for term in self.terms:
                        yield Static(styled("[b]$term[/]: $definition", term=term.term,
                                            definition=term.definition), classes="term")
                else:
                    yield Static(Content("No glossary words on this page."))
            yield Button(Content("Close (g or Escape)"), id="close", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#terms-list").focus()
        self._fit(self.app.size.height)

    def on_resize(self, event) -> None:
        self._fit(event.size.height)

    def _fit(self, height: int) -> None:
        """The list gets what the window leaves, so the Close button always shows (the list scrolls)."""
        outside = 4  # the title bar above, the disclaimer and footer below stay in view
        frame = 2 + 2 + 2 + 4  # border, padding, title and its margin, the button and its margin
        self.query_one("#dialog").styles.max_height = max(frame + 3, height - outside)
        self.query_one("#terms-list").styles.max_height = max(3, height - outside - frame)

    @on(Button.Pressed, "#close")
    def _close(self) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
