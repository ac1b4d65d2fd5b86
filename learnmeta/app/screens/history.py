"""Past results: every finished quiz, check, practice and review, the most recent first; Enter
reopens its results screen as it was (learnmeta.study.history rebuilds it)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from learnmeta.app.safe import literal
from learnmeta.app.widgets.hanging import Hanging
from learnmeta.app.screens.base import LearnScreen
from learnmeta.app.widgets.footer import FooterWithHelp
from learnmeta.app.widgets.frame import Disclaimer, TitleBar


class HistoryScreen(LearnScreen):
    """The list of finished attempts."""

    HELP_SECTION = "Past results"
    """The section of Help (F1) that opens first from here (base.AppScreen)."""

    DEFAULT_CSS = """
    #history-body { height: 1fr; padding: 0 1; }
    #history-intro { height: auto; margin: 1 0; }
    #history-list { height: auto; max-height: 1fr; }
    """
    BINDINGS = [Binding("escape", "back", "Back", tooltip="back to the screen before")]

    def __init__(self, *, now=None, name: str | None = None, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.now = now

    def compose(self) -> ComposeResult:
        from learnmeta.study.history import past_attempts

        app = self.learn_app
        self.attempts = past_attempts(app.library, app.store)
        yield TitleBar(Content("Past results"), id="history-title")
        with Vertical(id="history-body"):
            if self.attempts:
                count = len(self.attempts)
                yield Static(Content(
                    f"{count} finished quiz{'zes' if count != 1 else ''}, checks and reviews, the most "
                    "recent first. Enter reopens the results, with the feedback for each answer."
                    if count != 1 else
                    "1 finished quiz, check or review. Enter reopens its results, with the feedback "
                    "for each answer."
                ), id="history-intro")
                yield OptionList(
                    *(Option(Hanging(literal(item.label(self.now)), 2), id=f"attempt-{n}")
                      for n, item in enumerate(self.attempts)),
                    id="history-list",
                )
            else:
                yield Static(Content(
                    "No results yet. When you finish a quiz, a knowledge check or a review, its "
                    "results are kept here to look at again."
                ), id="history-intro")
        yield Disclaimer()
        yield FooterWithHelp()

    def on_mount(self) -> None:
        lists = self.query("#history-list")
        if lists:
            lists.first().focus()

    async def on_screen_resume(self) -> None:
        """Back from practice started here: the list shows it, on top (the most recent first)."""
        from learnmeta.study.history import past_attempts

        app = self.learn_app
        if [item.id for item in past_attempts(app.library, app.store)] == [item.id for item in self.attempts]:
            return
        await self.recompose()
        self.on_mount()

    @on(OptionList.OptionSelected, "#history-list")
    def _open(self, event: OptionList.OptionSelected) -> None:
        self.learn_app.show_past_result(self.attempts[event.option_index].id)
