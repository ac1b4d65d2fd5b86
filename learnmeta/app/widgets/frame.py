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
READ_ONLY = "This window does not save: your progress is open in another window."
SHORT_READ_ONLY = "Not saving: your progress is open in another window."


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
    """One line: general information, not medical advice; F2 for support.

    While the progress store is read-only (the profile is open in another window) a second line
    above it says this window does not save, on every screen.
    """

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

    def _read_only(self) -> bool:
        return bool(getattr(getattr(self.app, "store", None), "read_only", False))

    def on_mount(self) -> None:
        self._show()

    def on_resize(self) -> None:
        self._show()

    def _show(self) -> None:
        width = self.size.width or self.app.size.width
        text = Content(DISCLAIMER if width >= len(DISCLAIMER) else SHORT_DISCLAIMER)
        if self._read_only():
            warning = READ_ONLY if width >= len(READ_ONLY) else SHORT_READ_ONLY
            text = Content("\n").join([Content.from_markup("[b]$w[/]", w=warning), text])
            self.styles.height = 2
        self.update(text)
