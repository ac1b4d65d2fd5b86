"""The lines every screen shares: a title bar on top, and the "not medical advice" line.

The disclaimer sits above the footer on every screen, so a learner always sees that this is
general information and where support is (F2).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Static

from learnmeta.app.safe import literal

if TYPE_CHECKING:
    from learnmeta.progress.readonly import ReadOnlyReason
    from learnmeta.progress.store import ProgressStore

DISCLAIMER = "General information, not medical advice. Ask your healthcare team. F2: support"
SHORT_DISCLAIMER = "General information, not medical advice. F2: support"
SHORTEST_DISCLAIMER = "Not medical advice. F2: support"


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

    While the progress store does not save, a second line above it says so and why (the
    store's :class:`~learnmeta.progress.readonly.ReadOnlyReason`: the profile is open in
    another window, the disk is read-only, the file is from a newer learnmeta...), on every screen.
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

    def _read_only(self) -> ReadOnlyReason | None:
        """The store's reason for not saving (``line``, ``short``), or None while it saves (or
        with no store: a widget test's plain app, a browser session before a learner is chosen)."""
        store: ProgressStore | None = getattr(self.app, "store", None)
        return store.read_only_reason if store is not None else None

    def on_mount(self) -> None:
        self._show()

    def on_resize(self) -> None:
        self._show()

    def _show(self) -> None:
        width = self.size.width or self.app.size.width
        fits = [line for line in (DISCLAIMER, SHORT_DISCLAIMER) if width >= len(line)]
        text = Content(fits[0] if fits else SHORTEST_DISCLAIMER)
        reason = self._read_only()
        if reason is not None:
            warning = reason.line if width >= len(reason.line) else reason.short
            text = Content("\n").join([Content.from_markup("[b]$w[/]", w=warning), text])
            self.styles.height = 2
        self.update(text)
