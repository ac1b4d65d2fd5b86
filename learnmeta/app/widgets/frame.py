"""The lines every screen shares: a title bar on top, and the "not medical advice" line.

The disclaimer sits above the footer on every screen, so a learner always sees that this is
general information and where support is (F2).
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from learnmeta.app.safe import literal

DISCLAIMER = "General information, not medical advice. Ask your healthcare team. F2: support"
SHORT_DISCLAIMER = "General information, not medical advice. F2: support"


class TitleBar(Static):
    """The screen's title, shown literally (it may come from a lesson or pack)."""

    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        height: 1;
        width: 1fr;
        padding: 0 1;
        background: $primary;
        color: $text;
        text-style: bold;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def __init__(self, text: str | Content = "", **kwargs) -> None:
        super().__init__(literal(text) if isinstance(text, str) else text, **kwargs)

    def set_title(self, text: str | Content) -> None:
        self.update(literal(text) if isinstance(text, str) else text)


class Disclaimer(Static):
    """One line: general information, not medical advice; F2 for support."""

    DEFAULT_CSS = """
    Disclaimer {
        dock: bottom;
        margin-bottom: 1;
        height: 1;
        width: 1fr;
        padding: 0 1;
        background: $panel;
        color: $text;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(Content(DISCLAIMER), **kwargs)

    def on_resize(self) -> None:
        fits = self.size.width >= len(DISCLAIMER)
        self.update(Content(DISCLAIMER if fits else SHORT_DISCLAIMER))
