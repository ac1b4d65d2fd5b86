"""A small window listing the glossary terms on the lesson page, with their definitions."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from learnmeta.app.screens.base import Spoken
from learnmeta.app.safe import styled
from learnmeta.content.models import Term


class PageTermsDialog(ModalScreen[None], Spoken):
    """Definitions of the terms found on a page; g or Escape closes it."""

    MIN_SIZE = (40, 12)
    """As the lesson reader it is opened from: its list of words scrolls."""

    BINDINGS = [
        Binding("escape,g", "close", "Close"),
        Binding("f2", "app.support", "Support"),
    ]

    def spoken_opening(self) -> str:
        """The glossary's words on the page, and how to close the list
        (learnmeta/app/opening.py)."""
        from learnmeta.app.opening import page_terms_words

        return page_terms_words(self)

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
        self._fit(self.app.size.width, self.app.size.height)

    def on_screen_resume(self) -> None:
        from learnmeta.app.screens.base import announce_opening

        announce_opening(self)  # in a browser, what it is is read out (learnmeta/app/opening.py)

    def on_resize(self, event) -> None:
        self._fit(event.size.width, event.size.height)

    def _fit(self, width: int, height: int) -> None:
        """The list gets what the window leaves, so the Close button always shows (the list scrolls).
        Under 16 rows the window drops its blank lines and under 50 columns it takes the whole
        width: it then fits inside the screen, which would otherwise scroll, its scrollbar
        narrowing the window and leaving a column of the lesson beside it (40x12)."""
        dialog = self.query_one("#dialog")
        compact = height < 16
        dialog.set_class(compact, "-compact")
        dialog.set_class(width < 50, "-full-width")
        outside = 4  # the title bar above, the disclaimer and footer below stay in view
        # border, padding, title and its margin, the button and its margin
        frame = 2 + 1 + 3 if compact else 2 + 2 + 2 + 4
        dialog.styles.max_height = max(frame + 2, height - outside)
        self.query_one("#terms-list").styles.max_height = max(2, height - outside - frame)

    @on(Button.Pressed, "#close")
    def _close(self) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
