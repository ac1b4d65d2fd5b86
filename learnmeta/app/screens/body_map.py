""""Where cancer spreads": pick a primary cancer, see its common sites of spread on a drawing.

The sites come from the lessons' ``spread_patterns`` (content data), never from this module.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from learnmeta.app.widgets.footer import Footer
from learnmeta.content.lookup import SITE_NAMES, spread_patterns
from learnmeta.app.safe import literal, styled
from learnmeta.app.screens.base import LearnScreen
from learnmeta.app.widgets.body_drawing import BodyDrawing, legend
from learnmeta.app.widgets.frame import Disclaimer, TitleBar
from learnmeta.content.models import BodySite, SpreadPattern


def site_name(pattern: SpreadPattern, site: BodySite) -> str:
    """How a site is named for this cancer: the pattern's own name for it (for lung cancer, the
    lungs are "the other lung"), else the usual one."""
    return pattern.site_names.get(site) or SITE_NAMES[site]


def _names(pattern: SpreadPattern) -> str:
    names = [site_name(pattern, s) for s in pattern.sites]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def summary_text(pattern: SpreadPattern) -> str:
    """What the screen says about one cancer, in words: common places, never the only ones.

    The sources list common sites, not the sites a cancer "most often" reaches, and no list is
    complete: the second sentence says so.
    """
    return f"Common places it spreads to: {_names(pattern)}.\nIt can also spread to other places."


MORE_BELOW = "↓ Key below: Tab, PageDown"
"""Shown under the list while the side goes on below the view (BodyMapScreen._more_below)."""


class BodyMapScreen(LearnScreen):
    """Up/Down choose the cancer; the drawing and the list follow."""

    HELP_SECTION = "Where cancer spreads"
    """The section of Help (F1) that opens first from here (base.AppScreen)."""

    BINDINGS = [Binding("escape", "back", "Back")]

    def __init__(self) -> None:
        super().__init__()
        self.patterns: list[SpreadPattern] = []

    def compose(self) -> ComposeResult:
        yield TitleBar("Where cancer spreads")
        with Horizontal(id="body-map"):
            with Vertical(id="spread-column"):
                with VerticalScroll(id="spread-side"):
                    yield Static(Content("Choose where the cancer started (↑ ↓):"), classes="hint")
                    yield OptionList(id="primaries")
                    yield Static(id="spread-summary")
                    yield Static(id="spread-legend")
                yield Static(Content(MORE_BELOW), id="spread-more")
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
        side = self.query_one("#spread-side", VerticalScroll)
        self.watch(side, "scroll_y", self._more_below, init=False)
        self.watch(side, "virtual_size", self._more_below, init=False)
        self.call_after_refresh(self._more_below)

    def _more_below(self) -> None:
        """Say how to see the rest while the side goes on below what is in view: in a small
        window (60x20) the key to the drawing's numbers was below the fold, and nothing said
        that Tab, then PageDown (or scrolling), reaches it."""
        side = self.query_one("#spread-side", VerticalScroll)
        more = side.max_scroll_y > 0 and side.scroll_y < side.max_scroll_y
        self.query_one("#spread-more").set_class(more, "-more")

    @on(OptionList.OptionHighlighted, "#primaries")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id and event.option.id.startswith("p:"):
            self._show(self.patterns[int(event.option.id.removeprefix("p:"))])

    def _show(self, pattern: SpreadPattern) -> None:
        sites: set[str] = set(pattern.sites)
        self.query_one("#drawing", BodyDrawing).mark(sites)
        summary = Content("\n").join([styled("[b]$primary[/]", primary=pattern.primary),
                                      literal(summary_text(pattern))])
        if pattern.source is not None:
            summary = Content("\n").join([summary, styled("[dim]Source: $s[/]", s=pattern.source.title)])
        self.query_one("#spread-summary", Static).update(summary)
        names: dict[str, str] = {site: site_name(pattern, site) for site in pattern.site_names}
        self.query_one("#spread-legend", Static).update(legend(sites, names))
