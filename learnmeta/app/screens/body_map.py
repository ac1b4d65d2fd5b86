""""Where cancer spreads": pick a primary cancer, see its common sites of spread on a drawing.

The sites come from the lessons' ``spread_patterns`` (content data), never from this module.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from learnmeta.app.widgets.footer import Footer
from learnmeta.app.lookup import SITE_NAMES, spread_patterns
from learnmeta.app.safe import literal, styled
from learnmeta.app.screens.base import LearnScreen
from learnmeta.app.widgets.body_drawing import BodyDrawing, legend
from learnmeta.app.widgets.frame import Disclaimer, TitleBar
from learnmeta.content.models import SpreadPattern


def _names(sites: list[str]) -> str:
    names = [SITE_NAMES[s] for s in sites]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


class BodyMapScreen(LearnScreen):
    """Up/Down choose the cancer; the drawing and the list follow."""

    BINDINGS = [Binding("escape", "back", "Back")]

    def __init__(self) -> None:
        super().__init__()
        self.patterns: list[SpreadPattern] = []

    def compose(self) -> ComposeResult:
        yield TitleBar("Where cancer spreads")
        with Horizontal(id="body-map"):
            with VerticalScroll(id="spread-side"):
                yield Static(Content("Choose where the cancer started (↑ ↓):"), classes="hint")
                yield OptionList(id="primaries")
                yield Static(id="spread-summary")
                yield Static(id="spread-legend")
            yield BodyDrawing(id="drawing")
        yield Disclaimer()
        yield Footer()

    def on_mount(self) -> None:
        self.patterns = spread_patterns(self.learn_app.library.lessons)
        menu = self.query_one("#primaries", OptionList)
        if self.patterns:
            menu.add_options([Option(literal(p.primary), id=f"p:{i}") for i, p in enumerate(self.patterns)])
            menu.highlighted = 0
            self._show(self.patterns[0])
        else:
            menu.add_option(Option(Content("No lesson has spread data yet."), disabled=True))
            self.query_one("#drawing", BodyDrawing).mark(set())
            self.query_one("#spread-legend", Static).update(legend(set()))
        menu.focus()

    @on(OptionList.OptionHighlighted, "#primaries")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id and event.option.id.startswith("p:"):
            self._show(self.patterns[int(event.option.id.removeprefix("p:"))])

    def _show(self, pattern: SpreadPattern) -> None:
        sites = set(pattern.sites)
        self.query_one("#drawing", BodyDrawing).mark(sites)
        summary = styled("[b]$primary[/] most often spreads to: $sites.", primary=pattern.primary,
                         sites=_names(list(pattern.sites)))
        if pattern.source is not None:
            summary = Content("\n").join([summary, styled("[dim]Source: $s[/]", s=pattern.source.title)])
        self.query_one("#spread-summary", Static).update(summary)
        self.query_one("#spread-legend", Static).update(legend(sites))
