"""The glossary: every term, filtered as the learner types; the highlighted term's definition."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from learnmeta.app.widgets.footer import Footer
from learnmeta.content.lookup import search_terms
from learnmeta.app.safe import literal, styled
from learnmeta.app.screens.base import LearnScreen
from learnmeta.app.widgets.frame import Disclaimer, TitleBar
from learnmeta.app.widgets.hanging import Hanging
from learnmeta.content.models import Term


class GlossaryScreen(LearnScreen):
    """Type to search; Down moves into the list; the definition shows beside (or below) it."""

    HELP_SECTION = "Glossary"
    """The section of Help (F1) that opens first from here (base.AppScreen)."""

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("down", "to_list", "To the list", show=False),
    ]

    def __init__(self, term: str | None = None) -> None:
        super().__init__()
        self.initial = term or ""
        self.shown: list[Term] = []

    def compose(self) -> ComposeResult:
        yield TitleBar("Glossary: words and what they mean")
        yield Input(value=self.initial, placeholder="Type to search, e.g. liver", id="search",
                    select_on_focus=False)
        with Horizontal(id="glossary-body"):
            yield OptionList(id="terms")
            with VerticalScroll(id="definition-box"):
                yield Static(id="definition")
        yield Disclaimer()
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#search", Input).focus()
        self._filter(self.initial)

    @on(Input.Changed, "#search")
    def _changed(self, event: Input.Changed) -> None:
        self._filter(event.value)

    @on(Input.Submitted, "#search")
    def _submitted(self) -> None:
        self.action_to_list()

    def action_to_list(self) -> None:
        if self.shown:
            self.query_one("#terms", OptionList).focus()

    def on_key(self, event) -> None:
        """Typing while the list has the focus goes on searching."""
        search = self.query_one("#search", Input)
        if self.focused is search:
            return
        if event.character and event.is_printable:
            search.focus()
            search.insert_text_at_cursor(event.character)
            event.stop()
        elif event.key == "backspace":
            search.focus()
            search.action_delete_left()
            event.stop()

    def _filter(self, query: str) -> None:
        glossary = self.learn_app.library.glossary
        self.shown = search_terms(glossary, query)
        menu = self.query_one("#terms", OptionList)
        menu.clear_options()
        if self.shown:
            # A word too long for the narrow list goes on under its own text (indented), not at
            # the list's edge, where its second line read as a word of its own.
            menu.add_options([Option(Hanging(literal(t.term), 2), id=f"term:{i}")
                              for i, t in enumerate(self.shown)])
            menu.highlighted = 0
            self._show(self.shown[0])
        else:
            text = "The glossary is empty." if glossary is None else "No word matches. Try fewer letters."
            menu.add_option(Option(Content(text), disabled=True))
            self.query_one("#definition", Static).update(Content(""))

    @on(OptionList.OptionHighlighted, "#terms")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id and event.option.id.startswith("term:"):
            self._show(self.shown[int(event.option.id.removeprefix("term:"))])

    def _show(self, term: Term) -> None:
        parts = [styled("[b]$term[/]", term=term.term), literal(term.definition)]
        if term.aliases:
            parts.append(styled("[dim]Also called: $aliases[/]", aliases=", ".join(term.aliases)))
        if term.source:
            parts.append(styled("[dim]Source: $source[/]", source=term.source.title))
        self.query_one("#definition", Static).update(Content("\n\n").join(parts))
