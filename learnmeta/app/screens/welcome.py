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
from textual.widgets import Button, Checkbox, Input, Label, RadioSet, Static

from learnmeta.app.widgets.footer import Footer
from learnmeta.app.screens.base import LearnScreen
from learnmeta.app.widgets.frame import Disclaimer, TitleBar
from learnmeta.app.widgets.toggles import ClearRadioButton, OnwardCheckbox, OnwardRadioSet

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
ASKED = ("Your progress is kept in a file here. Your course asks to receive your answers: you "
         "choose below whether they are sent. Nothing is sent unless you tick the box.")
NEXT = {
    "name": "Press Enter to go on to how you are learning.",
    "track": "↑ ↓ to choose, then Enter to go on to Start learning.",
    "send": "Space ticks or unticks the box (nothing is sent unless it is ticked); Enter goes on.",
    "start": "Press Enter to start learning. You can change these later in Settings (s).",
}
"""What Enter does next, shown under the form for the part that has the focus."""
NEXT_NAME_OFFERED = "Press Enter to go on to sending your answers to your course."


class WelcomeScreen(LearnScreen):
    """Shown once, on the first run (and on request from Help)."""

    HELP_SECTION = "Welcome and Settings"
    """The section of Help (F1) that opens first from here (base.AppScreen)."""

    # Escape skips: nothing in the form is saved from it. A key pressed with Escape, or the rest
    # of an escape sequence cut short, reaches the name box as text (Textual types an ESC that
    # interrupts a sequence as "^": "\x1b[" then Escape became the name "^["), and Escape saved
    # it as the learner's name. Enter and the Start learning button save the form.
    BINDINGS = [Binding("escape", "skip", "Skip")]

    def spoken_opening(self) -> str:
        """What the welcome is, that it is not medical advice, and where the name goes
        (learnmeta/app/opening.py)."""
        from learnmeta.app.opening import welcome_words

        return welcome_words(self)

    def compose(self) -> ComposeResult:
        settings = self.learn_app.store.settings
        yield TitleBar("Welcome to learnmeta")
        with VerticalScroll(id="welcome"):
            yield Static(Content(ABOUT), classes="para")
            yield Static(Content(NOT_ADVICE), classes="para important")
            # A class served by `learnmeta serve` keeps progress on the teacher's computer.
            offered = self._offered()
            note = getattr(self.app, "privacy_note", None) or self._sending_note()
            yield Static(Content(note or (ASKED if offered else PRIVATE)), classes="para", id="privacy")
            yield Label(Content("Your name (optional, only used to greet you):"))
            yield Input(value=settings.name or "", placeholder="You can leave this empty",
                        id="name", max_length=60)
            if offered:
                from learnmeta.instructor.outbox import WHAT_IS_SENT, host_of, not_encrypted_note

                yield OnwardCheckbox(Content("Send my answers to my course"), value=False, id="send")
                yield Static(Content(f"Where: your course's record store at {host_of(offered)}. "
                                     + WHAT_IS_SENT + not_encrypted_note(offered)
                                     + " You can turn this off at any time in Settings."),
                             classes="hint", id="what-is-sent")
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

    def _offered(self) -> str | None:
        """The record store a course offers, when the learner has not chosen yet."""
        outbox = getattr(self.app, "outbox", None)
        return outbox.offered if outbox is not None and outbox.needs_choice() else None

    def _sending_note(self) -> str | None:
        sending_note = getattr(self.app, "sending_note", None)
        return sending_note() if sending_note is not None else None

    def on_mount(self) -> None:
        self.query_one("#track", RadioSet).border_title = "How are you learning?"
        self.query_one("#name", Input).focus(scroll_visible=False)
        self.query_one("#welcome").scroll_home(animate=False)

    @on(Input.Submitted, "#name")
    def _name_done(self) -> None:
        self.query_one("#send" if self._offered() else "#track").focus()

    def on_descendant_focus(self, event) -> None:
        """Say under the form what Enter does now."""
        widget: Widget | None = event.widget
        while widget is not None and widget.id not in NEXT:
            widget = widget.parent if isinstance(widget.parent, Widget) else None
        if widget is not None and widget.id is not None:
            text = NEXT_NAME_OFFERED if widget.id == "name" and self._offered() else NEXT[widget.id]
            self.query_one("#welcome-next", Static).update(Content(text))
            if widget.id != "name":  # (the welcome opens at its top, the name box focused)
                # The line can grow (two lines for the button at 60 columns) after Textual has
                # scrolled the part into view, and the smaller scroll then hid the part's
                # bottom edge: it is scrolled into view again once the line is laid out.
                self.call_after_refresh(widget.scroll_visible, animate=False)

    @on(Button.Pressed, "#start")
    def _start(self) -> None:
        self.action_start()

    def action_skip(self) -> None:
        """Leave the welcome as the learner's settings were (name, track, sending undecided:
        a course's offer is asked again on the next start); it is not shown again."""
        self.learn_app.store.update_settings(welcomed=True)
        self.dismiss()

    def action_start(self) -> None:
        name = " ".join(self.query_one("#name", Input).value.split()) or None
        pressed = self.query_one("#track", RadioSet).pressed_button
        track = "course" if pressed is not None and pressed.id == "course" else "self"
        self.learn_app.store.update_settings(name=name, track=track, welcomed=True)
        offered = self._offered()
        if offered:
            send = self.query_one("#send", Checkbox).value
            self.learn_app.outbox.choose(send, offered)
        self.dismiss()
