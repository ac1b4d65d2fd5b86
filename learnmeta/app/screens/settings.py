"""Settings: theme (with our high-contrast theme), reduced motion, track, name, reset progress.

Each change is saved at once. Reset asks first, and the old progress file is kept aside.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Button, Checkbox, Input, Label, RadioSet, Select, Static

from learnmeta.app.safe import literal
from learnmeta.app.widgets.footer import Footer
from learnmeta.app.screens.base import LearnScreen
from learnmeta.app.themes import theme_choices
from learnmeta.app.widgets.frame import Disclaimer, TitleBar
from learnmeta.app.widgets.toggles import ArrowsChooseRadioSet, ClearCheckbox, ClearRadioButton


class SettingsScreen(LearnScreen):
    """Changes are saved as they are made."""

    HELP_SECTION = "Welcome and Settings"
    """The section of Help (F1) that opens first from here (base.AppScreen)."""

    BINDINGS = [Binding("escape", "back", "Back")]
    _countdown: Timer | None = None
    """Moves "tries again in N seconds" on while it is shown (nothing else here runs on a clock)."""

    def spoken_opening(self) -> str:
        """That each change is saved as it is made, and where the focus is
        (learnmeta/app/opening.py)."""
        from learnmeta.app.opening import settings_words

        return settings_words(self)

    def compose(self) -> ComposeResult:
        settings = self.learn_app.store.settings
        theme = self.app.theme  # the theme in use, which the settings file holds too
        choices = theme_choices(theme)
        yield TitleBar("Settings")
        with VerticalScroll(id="settings"):
            yield Label(Content("Colours"))
            yield Select([(Content(label), value) for label, value in choices],
                         value=theme, allow_blank=False, id="theme")
            yield ClearCheckbox(self._motion_text(bool(settings.reduced_motion)),
                                value=bool(settings.reduced_motion), id="reduced-motion")
            yield Label(Content("How are you learning?"))
            with ArrowsChooseRadioSet(id="track"):
                yield ClearRadioButton(Content("On my own"), value=settings.track != "course", id="self")
                yield ClearRadioButton(Content("In a course, with a pass mark"),
                                  value=settings.track == "course", id="course")
            yield Label(Content("Your name (optional; press Enter to save):"))
            yield Input(value=settings.name or "", placeholder="You can leave this empty",
                        id="name", max_length=60)
            asks = self._asks_confidence()
            yield ClearCheckbox(self._confidence_text(asks), value=asks, id="ask-confidence")
            outbox = getattr(self.app, "outbox", None)
            if outbox is not None and outbox.address is not None:
                yield from self._sending(outbox)
            where = self._where_kept()
            if where:
                yield Label(Content("Your progress file"))
                yield Static(literal(where), classes="hint", id="where-kept")  # a path may hold ESC
            yield Static(Content("Start again: clears your progress. Your old progress file is kept "
                                 "as a copy."), classes="hint")
            yield Button(Content("Reset my progress…"), id="reset", variant="error")
        yield Disclaimer()
        yield Footer()

    def _where_kept(self) -> str:
        """Where the progress file is, and how to hand it in to a course (a trainee's record);
        "" in a class served to a browser, where the file is on the teacher's computer."""
        store = self.learn_app.store
        path = store.path
        if self.learn_app.shown_path(path) != str(path):
            return ""
        import shlex

        from learnmeta.progress.locations import resolve_progress_path

        command = "learnmeta export --format csv -o my-results.csv"
        try:
            usual = resolve_progress_path(None, None)
        except (OSError, ValueError):
            usual = None
        try:
            elsewhere = usual is None or usual.resolve() != path.resolve()
        except (OSError, RuntimeError):  # RuntimeError: a link loop on the way (Python 3.11)
            elsewhere = True
        if elsewhere:
            command += f" --progress {shlex.quote(str(path))}"
        hand_in = (f"To hand your results in to a course, give your teacher both files, or one "
                   f"file made with this command: {command}")
        reason = store.read_only_reason
        if reason is not None:  # a second window on the same learner, a read-only disk, ...
            return (f"{reason.line} It only reads your progress file, {path}, and saves nothing to "
                    f"it or to your answers beside it in {store.log_path.name}. {hand_in}")
        return (f"Kept only on this computer, in {path}, with your answers beside it in "
                f"{store.log_path.name}. {hand_in}")

    def _sending(self, outbox) -> ComposeResult:
        """Sending answers to the course: on or off, what is sent, where, and how it is going."""
        from learnmeta.instructor.outbox import WHAT_IS_SENT, host_of, not_encrypted_note

        address = outbox.address
        yield Label(Content("Sending your answers to your course"))
        yield ClearCheckbox(self._sending_text(outbox.on), value=outbox.on, id="send")
        yield Static(Content(f"{WHAT_IS_SENT}{not_encrypted_note(address)} Where: your course's "
                             f"record store at {host_of(address)}. To stop, untick the box (Space): "
                             "nothing more is sent."), classes="hint", id="what-is-sent")
        yield Static(Content(outbox.status().words), classes="hint", id="send-status")

    @staticmethod
    def _sending_text(on: bool) -> Content:
        """The state in words beside the box (the address is in the text under it)."""
        return Content("Send my answers to my course: on" if on else "Send my answers to my course: off")

    class SendingChanged(Message):
        """The outbox's state changed (posted from whichever thread changed it)."""

    def on_mount(self) -> None:
        self.query_one("#theme", Select).focus()
        outbox = getattr(self.app, "outbox", None)
        if outbox is not None and self.query("#send-status"):
            outbox.watch(self._sending_changed)  # pushed by the outbox, never polled
            self._show_sending()

    def on_unmount(self) -> None:
        outbox = getattr(self.app, "outbox", None)
        if outbox is not None:
            outbox.unwatch(self._sending_changed)

    def _sending_changed(self) -> None:
        """From the outbox, in any thread (its sending thread, mostly): handed to the screen's
        own, without waiting for it (post_message is safe from another thread and does not
        block; the sending thread goes on at once, and the app's end waits for it)."""
        self.post_message(self.SendingChanged())

    @on(SendingChanged)
    def _show_sending(self) -> None:
        outbox = getattr(self.app, "outbox", None)
        if outbox is None or not self.query("#send-status"):
            return
        status = outbox.status()
        self.query_one("#send-status", Static).update(Content(status.words))
        # "tries again in N seconds" counts down: a clock only while it is shown.
        if status.state == "unreachable" and self._countdown is None:
            self._countdown = self.set_interval(1.0, self._show_sending)
        elif status.state != "unreachable" and self._countdown is not None:
            self._countdown.stop()
            self._countdown = None

    @on(Checkbox.Changed, "#send")
    def _send(self, event: Checkbox.Changed) -> None:
        outbox = getattr(self.app, "outbox", None)
        if outbox is None or outbox.address is None:
            return
        event.checkbox.label = self._sending_text(event.value)
        if event.value != outbox.on:
            outbox.choose(event.value, outbox.address)
        self._show_sending()

    @on(Select.Changed, "#theme")
    def _theme(self, event: Select.Changed) -> None:
        if isinstance(event.value, str) and event.value != self.learn_app.store.settings.theme:
            self.learn_app.store.update_settings(theme=event.value)
            self.learn_app.apply_settings()

    @staticmethod
    def _motion_text(on: bool) -> Content:
        """The state in words, beside the box that shows ✓ when on (Space changes it)."""
        if on:
            return Content("Reduced motion: on (no animations)")
        return Content("Reduced motion: off (animations shown)")

    @on(Checkbox.Changed, "#reduced-motion")
    def _motion(self, event: Checkbox.Changed) -> None:
        event.checkbox.label = self._motion_text(event.value)
        if event.value != self.learn_app.store.settings.reduced_motion:
            self.learn_app.store.update_settings(reduced_motion=event.value)
            self.learn_app.apply_settings()

    @on(RadioSet.Changed, "#track")
    def _track(self, event: RadioSet.Changed) -> None:
        track = "course" if event.pressed.id == "course" else "self"
        if track != self.learn_app.store.settings.track:
            self.learn_app.store.update_settings(track=track)
            # Never chosen: asking how sure follows the track, and the box shows it.
            box = self.query_one("#ask-confidence", Checkbox)
            asks = self._asks_confidence()
            box.label = self._confidence_text(asks)
            if box.value != asks:
                with box.prevent(Checkbox.Changed):
                    box.value = asks

    def _asks_confidence(self) -> bool:
        from learnmeta.quiz.confidence import asked

        settings = self.learn_app.store.settings
        return asked(settings.ask_confidence, settings.track)

    @staticmethod
    def _confidence_text(on: bool) -> Content:
        """Whether the quiz asks how sure the learner is, in words (Space changes it)."""
        if on:
            return Content("Ask how sure I am before checking: on")
        return Content("Ask how sure I am before checking: off")

    @on(Checkbox.Changed, "#ask-confidence")
    def _confidence(self, event: Checkbox.Changed) -> None:
        event.checkbox.label = self._confidence_text(event.value)
        if event.value != self._asks_confidence():
            self.learn_app.store.update_settings(ask_confidence=event.value)

    @on(Input.Submitted, "#name")
    def _name_submitted(self) -> None:
        self._save_name()
        self.notify("Your name is saved.", markup=False)

    @on(Input.Blurred, "#name")
    def _name_blurred(self) -> None:
        self._save_name()

    def on_screen_suspend(self) -> None:
        self._save_name()

    def _save_name(self) -> None:
        name = " ".join(self.query_one("#name", Input).value.split()) or None
        if name != self.learn_app.store.settings.name:
            self.learn_app.store.update_settings(name=name)

    @on(Button.Pressed, "#reset")
    def _reset(self) -> None:
        from learnmeta.app.screens.confirm import ConfirmDialog

        question = ("Clear all your progress and start again? Your old progress file is kept "
                    "as a copy, so nothing is lost.")
        self.app.push_screen(ConfirmDialog(question, yes="Yes, start again", no="No, keep it"),
                             self._after_confirm)

    def _after_confirm(self, confirmed: bool | None) -> None:
        if not confirmed:
            return
        store = self.learn_app.store
        old = store.reset()
        self.learn_app.apply_settings()
        if old != store.path:
            self.learn_app.say(f"Your progress is cleared. The old file is kept at: {self.learn_app.shown_path(old)}", timeout=15)
        elif not store.read_only and not store.save_error:
            self.learn_app.say("Your progress is cleared.", timeout=15)
        self.learn_app.show_store_notices()
