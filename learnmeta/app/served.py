"""The app as a browser session runs it (`learnmeta serve`): "Who is learning?" first, then the usual app.

:class:`ServedApp` is :class:`LearnApp` with no learner yet. Its first screen is
:class:`WhoScreen`; once a learner is chosen it opens that learner's progress exactly as the
terminal does (:meth:`ProgressStore.open`: the same lock, so a learner already open in another
tab or window gets the read-only notice), replaces the Who screen with home, and starts as
``LearnApp`` starts. Until then no key, palette command or help screen can reach a learner's data.

textual-serve talks to each app process over its standard input and output. When the browser tab
closes, the server sends "quit" and the app ends as if the learner had quit. If the server itself
goes (stopped, killed), the app's input simply ends: Textual's web driver then stops reading and
the app would wait forever, holding the learner's lock. :class:`ServedDriver` ends the app then,
the same way, so its progress is saved and its lock released.
"""

from __future__ import annotations

import asyncio
from typing import Any

from textual import messages
from textual.drivers.web_driver import WebDriver

from learnmeta.app.app import LearnApp
from learnmeta.app.screens.who import WhoScreen


class ServedDriver(WebDriver):
    """Textual's web driver; the end of its input (the server gone) ends the app; it keeps what
    the page last said of its focus (:attr:`page_focus`); it carries what the app announces to
    the page's screen reader (:meth:`announce`)."""

    page_focus: bool | None = None
    """Whether the page has the focus, as it (or the server, for it) last said; None until then."""

    def announce(self, text: str) -> None:
        """Have the page's screen reader read ``text`` out (:mod:`learnmeta.app.announce`: a
        private sequence the page's script puts into a live region, as text only)."""
        from learnmeta.app.announce import sequence

        said = sequence(text)
        if said:
            self.write(said)

    def on_meta(self, packet_type: str, payload: dict[str, object]) -> None:
        if packet_type in ("focus", "blur"):
            self.page_focus = packet_type == "focus"  # before the event it posts is handled
        super().on_meta(packet_type, payload)

    def run_input_thread(self) -> None:
        try:
            super().run_input_thread()
        finally:
            if not self.exit_event.is_set():
                try:
                    asyncio.run_coroutine_threadsafe(
                        self._app._post_message(messages.ExitApp()), loop=self._loop
                    )
                except RuntimeError:  # the loop has already closed
                    pass


class ServedApp(LearnApp):
    """LearnApp for one browser session; ``roster`` says who may learn and where files go."""

    def __init__(self, library, roster, *, notices=(), remembered: str | None = None) -> None:
        super().__init__(library, None, ("home",), notices=notices)  # type: ignore[arg-type]  # no store until a learner is chosen (learner_chosen)
        self.roster = roster
        self.learner = None
        from learnmeta.serve.browsers import learner_id_ok

        self.remembered = None
        """The learner this browser chose last, on one's own computer (the server remembers it:
        :mod:`learnmeta.serve.browsers`), whose file is there: the session opens their home
        without asking "Who is learning?"."""
        if remembered is not None and learner_id_ok(remembered) and not roster.needs_pin:
            from learnmeta.serve.roster import RosterProblem

            try:
                choice = roster.choose(remembered)
            except (RosterProblem, OSError):
                choice = None
            if choice is not None and not choice.new:  # their file is gone: ask, as for anyone
                self.remembered = choice
        self.privacy_note = getattr(roster, "privacy_note", None)
        """What the welcome says about where progress is kept (a class: not on this computer)."""
        global _PREPARED
        if _PREPARED is not None and _PREPARED[0] == self.stylesheet._variables:
            # (see prepare_styles) Taken by this app alone: Textual empties and refills it when
            # the theme changes, so it is not left for another app, with the old variables.
            self.stylesheet._parse_cache, _PREPARED = _PREPARED[1], None

    def shown_path(self, path) -> str:
        """In a class the learner is on another computer: a file is named without the folders
        it is in on the server's (which can hold the teacher's user name)."""
        if getattr(self.roster, "needs_pin", False):
            from pathlib import Path

            return Path(path).name
        return str(path)

    def told(self, message: str) -> str:
        """In a class, what the progress store says (a file kept aside, not saved) names files
        by their full path on the server: the class's folder is left out of it."""
        message = str(message)
        if getattr(self.roster, "needs_pin", False):
            folder = str(getattr(self.roster, "folder", "")).rstrip("/\\")
            if folder:
                import os

                message = message.replace(folder + os.sep, "").replace(folder, "the class folder")
        return message

    def get_driver_class(self):
        return ServedDriver

    FOCUS_MARK = "▶ "
    """Before the label of the button that has the focus, in a browser only (see
    :meth:`on_descendant_focus`)."""

    def on_descendant_focus(self, event) -> None:
        """The button that has the focus starts with ▶, as a list's highlighted row does. A
        terminal shows that button by its colours; a screen reader in the browser reads the
        page's copy of the screen's text, which has none, and could not tell which button Enter
        would press. (Only here: the terminal's screens, and their snapshots, are unchanged.)"""
        from textual.widgets import Button

        button = event.widget
        if isinstance(button, Button):
            if not getattr(button, "_learnmeta_marked", False):  # a label set while focused
                button._learnmeta_marked = True  # type: ignore[attr-defined]  # (home's Continue) is marked too
                self.watch(button, "label", self._marker_for(button), init=False)
            self._mark(button)

    def _marker_for(self, button):
        """A watcher of ``button``'s label (Textual passes it the new label only)."""
        return lambda _label: self._mark(button)

    def _mark(self, button) -> None:
        from textual.content import Content

        marked = button.label.plain.startswith(self.FOCUS_MARK)
        if button.has_focus and not marked:
            button.label = Content.assemble(self.FOCUS_MARK, button.label)
        elif not button.has_focus and marked:
            button.label = button.label[len(self.FOCUS_MARK):]

    def on_descendant_blur(self, event) -> None:
        from textual.widgets import Button

        if isinstance(event.widget, Button):
            self._mark(event.widget)

    def on_app_blur(self, event) -> None:
        """Textual's web driver says the app is in the background as it starts (an AppBlur
        posted at its start, textual 8.2.8 as pinned). The server says the page has the focus
        right after starting the app, and that came first at times: the app then drew as if in
        a window in the background, its footer with no keys, until the learner pressed one. A
        blur while the page's last word was that it has the focus is that one, and is left out."""
        driver = self._driver
        if isinstance(driver, ServedDriver) and driver.page_focus:
            event.prevent_default()  # App's own handler does not run: the app keeps its focus

    def get_default_screen(self):
        if self.remembered is not None:  # home at once: no "Who", and no second mode to switch to
            from learnmeta.app.screens.home import HomeScreen

            if self.store is None:
                self._open(self.remembered)
            return HomeScreen()
        return WhoScreen(self.roster)

    WHO_TIMEOUT = 15 * 60.0
    """Seconds a session may stay at "Who is learning?": then it ends, so a forgotten tab does
    not hold one of the server's sessions (--max-sessions) for ever."""

    def on_mount(self, event) -> None:  # type: ignore[override]  # Textual passes the event to a handler that takes one
        event.prevent_default()  # LearnApp.on_mount needs a learner: it runs in learner_chosen
        self.set_timer(self.WHO_TIMEOUT, self._nobody_came)
        if self.remembered is not None and self.store is not None:
            self._started(self.remembered)

    def _nobody_came(self) -> None:
        if self.store is None:
            self.exit()

    def learner_chosen(self, choice) -> None:
        """Open ``choice``'s progress and start the app on it (once per session)."""
        if self.store is not None:
            return
        from learnmeta.app.screens.home import HomeScreen

        self._open(choice)

        def home() -> HomeScreen:
            screen = HomeScreen()
            # A new screen is styled as it mounts; without this, switching to a mode whose screen
            # has not seen the app's CSS makes Textual parse every stylesheet again, twice
            # (App._init_mode and App.switch_mode, textual 8.2.8 as pinned): about 40% of the
            # time from Enter to home's first frame.
            screen._css_update_count = self._css_update_count
            return screen

        # Home in a mode of its own: going home (popping screens) never comes back to "Who".
        self.add_mode("learner", home)
        self._switching_home = True
        try:
            self.switch_mode("learner")
        finally:
            self._switching_home = False
        self._started(choice)

    _switching_home = False

    def delay_update(self, delay: float = 0.05) -> None:
        """Textual's, except while "Who" gives way to home: ``switch_mode`` holds every update
        back for 50 ms (textual 8.2.8 as pinned) to hide the change of screens, and the work
        meant for after home's first frame (the collector's freeze, about 100 ms) then ran in
        that time, before home was drawn. Home replaces "Who" whole, so nothing needs hiding."""
        if not self._switching_home:
            super().delay_update(delay)

    def _open(self, choice) -> None:
        from learnmeta.progress import ProgressStore

        store = ProgressStore.open(choice.path)
        self.startup_notices += store.sync_packs(self.library)
        if choice.new and not store.read_only and not store.settings.name:
            store.update_settings(name=choice.name)  # the welcome greets them by it
        self.store = store
        self.outbox = _course_outbox(store, self.library)
        self.learner = choice
        self.sub_title = choice.name

    def _started(self, choice) -> None:
        LearnApp.on_mount(self)
        if not self.roster.needs_pin:  # one's own computer: this browser opens them next time
            self._tell_server(choice.path.stem)

    def _tell_server(self, learner: str | None) -> None:
        """Tell the server which learner this browser chose (None: forget it)."""
        from learnmeta.serve.session import LEARNER

        write_meta = getattr(self._driver, "write_meta", None)  # not in tests' headless driver
        if write_meta is not None:
            write_meta({"type": LEARNER, "learner": learner})

    def _someone_else(self) -> None:
        """ "Someone else is learning": this browser forgets its learner and the session ends
        (progress saved as on quitting); the page's "Start again" opens "Who is learning?"."""
        self._tell_server(None)
        self.exit()

    def get_system_commands(self, screen):
        """Textual's commands, less "Screenshot": it would offer a download this server does
        not serve (and a learner's screen is theirs to keep, not the server's)."""
        for command in super().get_system_commands(screen):
            if command.title != "Screenshot":
                yield command
        if self._has_learner() and not self.roster.needs_pin:
            from textual.app import SystemCommand

            yield SystemCommand(
                "Someone else is learning",
                "End this session and choose who is learning: this browser stops opening "
                "this learner directly",
                self._someone_else,
            )

    # Until a learner is chosen, nothing that reads the progress may open.

    def _has_learner(self) -> bool:
        return self.store is not None

    def check_action(self, action: str, parameters) -> bool | None:
        if action in ("help", "command_palette") and not self._has_learner():
            return False  # not in the footer, and the key does nothing
        return super().check_action(action, parameters)

    def action_command_palette(self) -> None:
        if self._has_learner():
            super().action_command_palette()

    def action_help(self) -> None:
        if self._has_learner():
            super().action_help()

    def show_store_notices(self) -> None:
        if self._has_learner():
            super().show_store_notices()

    def close_store(self) -> None:
        if self.outbox is not None:
            self.outbox.finish()  # what is being sent gets up to 2 s, as at the end of `learnmeta`
            self.outbox = None
        if self.store is not None:
            self.store.close()


_PREPARED: tuple[dict, Any] | None = None
"""What :func:`prepare_styles` parsed: the CSS variables it parsed with, and the parsed rules."""
PREPARED_MOST = 512
"""The most stylesheets :func:`prepare_styles` keeps parsed (it parses about 70)."""


def prepare_styles() -> None:
    """Parse the app's stylesheets and those of every widget class imported so far, now, before
    any browser tab has asked for this process (``learnmeta.cli.session --ahead``): Textual
    parses each stylesheet as the first widget that needs it is mounted, about 13 ms of CPU time
    before "Who is learning?" or home is first drawn and 5 ms after Enter on "Who", when the
    learner waits (docs/performance.md). An app made afterwards in this process, with the same
    CSS variables (the same theme), finds them parsed; any other parses as before.

    This keeps Textual's own parse cache (``Stylesheet._parse_cache``, keyed by each stylesheet's
    text, where it was read, whether it is a widget's default, its tie breaker and scope; textual
    8.2.8, as pinned), filled as Textual fills it, and larger: nothing is read from any file but
    the app's own stylesheets, read as the app reads them. A widget's default stylesheet is kept
    under every tie breaker it can be given (one for each class that inherits it): which one
    Textual gives it depends on which widget is mounted first."""
    global _PREPARED
    import inspect
    from pathlib import Path

    from textual.cache import LRUCache
    from textual.widget import Widget

    app = ServedApp(None, None)
    sheet = app.stylesheet
    parsed: LRUCache = LRUCache(PREPARED_MOST)
    sheet._parse_cache = parsed
    # The app's own, as Textual's App._process_messages adds them, and screens.tcss as
    # LearnApp._load_screen_css does ("Who is learning?" is not home).
    sheet.read_all(app.css_path)
    for read_from, css, tie_breaker, scope in app._get_default_css():
        sheet.add_source(css, read_from=read_from, is_default_css=True, tie_breaker=tie_breaker,
                         scope=scope)
    path = str(Path(inspect.getfile(LearnApp)).with_name(LearnApp.SCREENS_CSS))
    from learnmeta.files import read_bounded

    sheet.add_source(read_bounded(path, 1024 * 1024, follow_links=True).decode("utf-8"),
                     read_from=(path, ""), is_default_css=False)
    sheet.parse()

    def classes(base: type[Widget]) -> list[type[Widget]]:
        found: list[type[Widget]] = []
        for subclass in base.__subclasses__():
            found += [subclass, *classes(subclass)]
        return found

    seen = set()
    kinds: set[type[Widget]] = {Widget, *classes(Widget)}
    for widget in kinds:
        try:  # as Textual collects them when the first such widget is mounted (some classes
            # give their own: widgets/buttons.py); no widget is made, only the list asked for
            sources = widget._get_default_css(object.__new__(widget))
        except Exception:
            continue
        for read_from, css, tie_breaker, scope in sources:
            key = (css, read_from, tie_breaker, scope)
            if key not in seen:
                seen.add(key)
                sheet._parse_rules(css, read_from, is_default_rules=True, tie_breaker=tie_breaker,
                                   scope=scope)
    _PREPARED = (dict(sheet._variables), parsed)


def _course_outbox(store, library):
    """The learner's outbox when the course offers its record store to this server
    (``LEARNMETA_LRS_URL``, with ``LEARNMETA_LRS_USER``/``LEARNMETA_LRS_PASSWORD``, in the
    environment of ``learnmeta serve``, which every session inherits and which it checked at
    start), or when the learner chose one before: the same outbox, consent and Settings as in a
    terminal (:mod:`learnmeta.instructor.outbox`). None otherwise, and never a reason for the
    session to fail."""
    from learnmeta.instructor.offer import course_offer, course_outbox

    offered, problem = course_offer(None)
    if problem is not None:
        return None
    try:
        return course_outbox(store, library, offered)
    except Exception:  # sending is never a reason for a session to fail
        return None
