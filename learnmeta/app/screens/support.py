"""Support: who to talk to. Reachable with F2 from every screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from learnmeta.app.widgets.footer import Footer
from learnmeta.app.screens.base import LearnScreen
from learnmeta.app.widgets.frame import Disclaimer, TitleBar
from learnmeta.support import TITLE, sections


def support_text(privacy_note: str | None = None) -> Content:
    """The support text (:mod:`learnmeta.support`): bold headings, "•" for list items;
    ``privacy_note`` replaces "nothing leaves this computer" where that is not true."""
    parts: list[Content] = []
    for heading, lines in sections(privacy_note):
        if parts:
            parts.append(Content("\n\n"))
        parts.append(Content.styled(heading, "bold"))
        for line in lines:
            text = f"• {line[2:]}" if line.startswith("- ") else line
            parts.append(Content.assemble("\n", text))
    return Content.assemble(*parts)


class SupportScreen(LearnScreen):
    """Helplines and the healthcare team."""

    MIN_SIZE = (40, 12)
    """Helplines must be readable in any window that can show a few lines."""

    BINDINGS = [Binding("escape", "back", "Back")]

    def compose(self) -> ComposeResult:
        yield TitleBar(TITLE)
        with VerticalScroll(id="support"):
            sending_note = getattr(self.app, "sending_note", None)
            note = getattr(self.app, "privacy_note", None) or (sending_note() if sending_note else None)
            yield Static(support_text(note), id="support-text")
        yield Disclaimer()
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#support").focus()
