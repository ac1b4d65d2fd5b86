"""The first-run welcome: what this is, who it is for, not medical advice, nothing leaves here.

It asks for an optional name and whether the learner is on their own or in a course, saves
``welcomed = true`` and is not shown again (Help has a button to see it later).
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Button, Input, Label, RadioSet, Static

from learnmeta.app.widgets.footer import Footer
from learnmeta.app.screens.base import LearnScreen
from learnmeta.app.widgets.frame import Disclaimer, TitleBar
from learnmeta.app.widgets.toggles import ClearRadioButton, OnwardRadioSet

ABOUT = (
    "learnmeta helps you learn about metastatic cancer: what it is, how it spreads, "
    "and how it is treated. It is for people living with cancer, their families and friends, "
    "and students in health courses."
)
NOT_ADVICE = (
    "This is general information, not medical advice. Your healthcare team knows your "
    "situation: ask them about your own care."
)
PRIVATE = "Nothing leaves this computer. Your progress is kept in a file here, and only here."
NEXT = {
    "name": "Press Enter to go on to how you are learning.",
    "track": "↑ ↓ to choose, then Enter to go on to Start learning.",
    "start": "Press Enter to start learning. You can change these later in Settings (s).",
}
"""What Enter does next, shown under the form for the part that has the focus."""


class WelcomeScreen(LearnScreen):
    """Shown once, on the first run (and on request from Help)."""

    BINDINGS = [Binding("escape", "start", "Start")]

    def compose(self) -> ComposeResult:
        settings = self.learn_app.store.settings
        yield TitleBar("Welcome to learnmeta")
        with VerticalScroll(id="welcome"):
            yield Static(Content(ABOUT), classes="para")
            yield Static(Content(NOT_ADVICE), classes="para important")
            # A class served by `learnmeta serve` keeps progress on the teacher's computer.
            yield Static(Content(getattr(self.app, "privacy_note", None) or PRIVATE), classes="para")
            yield Label(Content("Your name (optional, only used to greet you):"))
            yield Input(value=settings.name or "", placeholder="You can leave this empty",
                        id="name", max_length=60)
            with Horizontal(id="welcome-choices"):
                with OnwardRadioSet(id="track"):
                    yield ClearRadioButton(Content("On my own"), value=settings.track != "course",
                                           id="self")
                    yield ClearRadioButton(Content("In a course, with a pass mark"),
                                           value=settings.track == "course", id="course")
                yield Button(Content("Start learning"), id="start", variant="primary")
        # Outside the scroll, so it is always in view and the welcome opens at its top: scrolling
        # it into view scrolled the first paragraph away at 60x20.
        yield Static(Content(NEXT["name"]), id="welcome-next", classes="hint")
        yield Disclaimer()
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#track", RadioSet).border_title = "How are you learning?"
        self.query_one("#name", Input).focus(scroll_visible=False)
        self.query_one("#welcome").scroll_home(animate=False)

    @on(Input.Submitted, "#name")
    def _name_done(self) -> None:
        self.query_one("#track", RadioSet).focus()

    def on_descendant_focus(self, event) -> None:
        """Say under the form what Enter does now."""
        widget: Widget | None = event.widget
        while widget is not None and widget.id not in NEXT:
            widget = widget.parent if isinstance(widget.parent, Widget) else None
        if widget is not None and widget.id is not None:
            self.query_one("#welcome-next", Static).update(Content(NEXT[widget.id]))

    @on(Button.Pressed, "#start")
    def _start(self) -> None:
        self.action_start()

    def action_start(self) -> None:
        name = " ".join(self.query_one("#name", Input).value.split()) or None
        pressed = self.query_one("#track", RadioSet).pressed_button
        track = "course" if pressed is not None and pressed.id == "course" else "self"
        self.learn_app.store.update_settings(name=name, track=track, welcomed=True)
        self.dismiss()
