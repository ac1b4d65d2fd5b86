"""LearnApp: builds the screens and wires them to the library and the progress store.

Tests build it directly, ``LearnApp(library, store, start=("lesson", "some-id"))``, with
temporary paths; ``launch.run`` builds it from the command line. Screens call the methods here
(open_lesson, start_quiz, start_review, show_support, show_glossary, go_home, ...): messages go
up, method calls go down.
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen

from learnmeta.app.commands import LearnCommands
from learnmeta.app.safe import literal
from learnmeta.app.screens.home import HomeScreen
from learnmeta.app.themes import DEFAULT_THEME, HIGH_CONTRAST
from learnmeta.content.library import Library
from learnmeta.content.models import Pack
from learnmeta.content.text import clean_text

if TYPE_CHECKING:
    from learnmeta.progress.store import ProgressStore

_frozen = False


def _freeze_once() -> None:
    """``gc.freeze()`` what start-up made, once per process (frozen objects are never collected,
    so a second app in the same process, as in the tests, must not freeze the first one's), and
    turn the collector back on: `learnmeta` pauses it for start-up (launch.run)."""
    global _frozen
    if not _frozen:
        _frozen = True
        gc.collect()
        gc.freeze()
    gc.enable()  # paused since start-up began (launch.run)


def _prepare_saving() -> None:
    """Start making, in the background, the checks that every save reads its text back with
    (learnmeta.fastcheck's; pydantic's only where those leave a record to it), so the learner's
    first step after start-up does not wait for them."""
    from learnmeta.progress.fileformat import prepare_checks

    def prepare() -> None:
        try:
            prepare_checks()
        except Exception:  # the first save would build them itself, and report what failed
            pass

    threading.Thread(target=prepare, name="learnmeta-prepare-saving", daemon=True).start()


Start = tuple  # ("home",) | ("lesson", id) | ("quiz", Pack or id) | ("review",)


class LearnApp(App[int]):
    """The learning app. ``start``: ("home",) | ("lesson", id) | ("quiz", pack or id) | ("review",)."""

    CSS_PATH = "app.tcss"
    TITLE = "learnmeta"
    COMMANDS = App.COMMANDS | {LearnCommands}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (80, "-wide")]
    """Under 80 columns screens have the class "-narrow": the footer is compact (app.tcss)."""
    BINDINGS = [
        Binding("f1", "help", "Help"),
        Binding("f2", "support", "Support"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, priority=True,
                tooltip="Open the command palette: type what you want to do"),
    ]

    def __init__(
        self,
        library: Library,
        store: ProgressStore,
        start: Start = ("home",),
        *,
        notices: Iterable[str] = (),
        seed: int | str | None = None,
        preview: bool = False,
        welcome: bool = True,
        outbox=None,
    ) -> None:
        super().__init__()
        self.outbox = outbox
        """The course's outbox (:mod:`learnmeta.instructor.outbox`), or None: no course offers
        a Learning Record Store and the learner never chose one, so nothing is sent."""
        self.library = library
        self.store = store
        self.start = tuple(start) or ("home",)
        self.startup_notices = list(notices)
        self.seed = seed
        self.preview = preview
        """A pack file tried out by its author (``learnmeta quiz PATH``): quizzes save nothing
        and say so on the screen."""
        self.welcome = welcome and not preview
        """Whether a learner never welcomed sees the first-run welcome (not in a preview)."""
        self.crash: BaseException | None = None
        """The first unexpected exception in a handler: the app ended, and ``launch`` writes
        a crash report for it (no traceback is drawn on the learner's screen)."""
        self.register_theme(HIGH_CONTRAST)
        if store is not None:  # (a browser session has none until a learner is chosen)
            self._start_in_theme(self._learners_theme())

    def _learners_theme(self) -> str:
        """The theme the learner's settings name (Textual's dark one when it is not known)."""
        theme = self.store.settings.theme
        return theme if theme in self.available_themes else DEFAULT_THEME

    def _start_in_theme(self, theme: str) -> None:
        """Start in ``theme`` with its colours in the stylesheet before any of it is parsed.

        Setting ``App.theme`` once the app runs makes Textual parse every stylesheet again with
        the theme's colours and style every widget again (``refresh_css``): a learner who chose
        the light or high-contrast theme paid that, about 14 ms, at every start, before home's
        first frame. Here the theme is set as the app is made, with what Textual's theme watcher
        does to an app that is not running yet: the theme's classes on the app, the ANSI colour
        filter and the stylesheet's variables; the stylesheet is then parsed once, already in the
        theme's colours. (Textual's private hooks, as of textual 8.2.8, which pyproject pins.)"""
        if self.theme == theme:
            return
        self.set_reactive(App.theme, theme)
        current = self.current_theme
        classes = {name: False for name in self.classes if name.startswith("-theme-")}
        classes[f"-theme-{current.name}"] = True
        classes["-dark-mode"] = current.dark
        classes["-light-mode"] = not current.dark
        self.update_classes(classes, update=False)
        self._refresh_truecolor_filter(self.ansi_theme)
        self.stylesheet.set_variables(self.get_css_variables())

    # -- a bug in a handler ---------------------------------------------------------------------

    def _handle_exception(self, error: Exception) -> None:
        """Textual ends the app on an unhandled exception (and sets return code 1); keep the
        error for ``launch``'s crash report instead of Textual's traceback on the screen, which
        would show local values (a learner's answers among them). run_test still re-raises it.
        (Textual's private hooks, as of textual 8.2.8, which pyproject pins.)"""
        if self.crash is None:
            self.crash = error
        super()._handle_exception(error)
        self._exit_renderables.clear()

    def _fatal_error(self) -> None:
        self.bell()
        self._close_messages_no_wait()

    def update_styles(self, node, animate: bool = True) -> None:
        """Textual restyles a widget (and everything in it) whenever one of its classes changes,
        even before it is mounted: a Button set its classes one at a time as it was made, each a
        restyle (14 on the home screen, about 3 ms of its first frame), and every widget is
        styled again anyway when it is mounted (``App._register``). A widget not mounted yet is
        left for then."""
        if node is self or node in self._registry:
            super().update_styles(node, animate=animate)

    SCREENS_CSS = "screens.tcss"
    """The layout of every screen but home, beside app.tcss: see :meth:`_load_screen_css`."""

    def _load_screen_css(self, screen: Screen) -> None:
        """Textual calls this for every screen it shows but the first (home), before mounting it:
        the rules of screens.tcss join the app's stylesheet then, once. Textual parses every
        stylesheet in every process, and these rules (two thirds of the app's own) are not needed
        for home's first frame (about 3 ms). ``add_source`` parses only the new source (Textual
        keeps what it parsed of the others), where a screen's own CSS_PATH makes Textual parse
        every source again. (A Textual hook, as of textual 8.2.8, which pyproject pins.)"""
        from pathlib import Path

        path = str(Path(__file__).with_name(self.SCREENS_CSS))
        if not self.stylesheet.has_source(path, ""):
            from learnmeta.files import read_bounded

            css = read_bounded(path, 1024 * 1024, follow_links=True).decode("utf-8")
            self.stylesheet.add_source(css, read_from=(path, ""), is_default_css=False)
        super()._load_screen_css(screen)

    # -- start-up ----------------------------------------------------------------------------------

    def get_default_screen(self) -> Screen:
        return HomeScreen()

    def on_mount(self) -> None:
        if self.store.read_only:
            self.add_class("-read-only")  # app.tcss: notices rise above the "does not save" line
        self.apply_settings()
        # Read before a quiz or lesson named on the command line records anything.
        new_learner = not self._used_before()
        kind = self.start[0]
        if kind == "lesson":
            self.open_lesson(self.start[1], bookmark=True)
        elif kind == "quiz":  # ("quiz", pack) or ("quiz", pack, "exam"): `learnmeta quiz PACK --exam`
            self.start_quiz(self.start[1], exam=self.start[2:3] == ("exam",))
        elif kind == "review":
            self.start_review()
        if self.welcome and not self.store.settings.welcomed and new_learner:
            self.show_welcome()  # it asks about sending too, when a course offers it
        elif self.outbox is not None and self.outbox.needs_choice() and not self.preview:
            self.ask_about_sending()
        if self.outbox is not None:
            self.outbox.listen(self._outbox_said)
        for message in self.startup_notices:
            self.say(message, severity="warning", timeout=8)
        # What the store said on opening (a damaged file kept aside, a second window): in a
        # window that stays until the learner presses OK. Later notices are pushed by the store
        # as it makes them (:meth:`_store_said`) and shown as toasts.
        # "Open in another window" is said by a line on every screen (and a toast), so it does
        # not stop the learner with a window; every other reason for not saving is read in full.
        reason = self.store.read_only_reason
        elsewhere = reason.message if reason is not None and reason.cause.value == "open-elsewhere" else None
        store_notices = list(self.store.notices)
        self._notices_shown = len(store_notices)
        for message in store_notices:
            if message == elsewhere:
                self.say(message, severity="warning", timeout=10)
        to_read = [m for m in store_notices if m != elsewhere]
        if to_read:
            from learnmeta.app.screens.notice import NoticeDialog

            self.push_screen(NoticeDialog([self.told(m) for m in to_read]))
        self.store.listen(self._store_said)
        self._start_collecting_when_idle()

    # -- memory: the cycle collector's long pauses wait until the learner is reading -----------

    IDLE_BEFORE_COLLECTING = 0.2
    """Seconds without a key or a click before a full collection may run: a learner reads a page
    or a question's feedback for longer than this, and a collection takes 20-100 ms."""
    STILL_BEFORE_COLLECTING = 0.1
    """... and without a frame drawn: on a slow or busy machine a key's frames can still be
    coming 0.2 s after it (the second layout pass of a page turn), and a collection begun then
    held the last of them up."""
    LONGEST_WITHOUT_COLLECTING = 60.0
    """A full collection runs after this long even if the learner never stops pressing keys."""
    MOST_WAITING = 30
    """... or once this many middle-generation collections have passed objects on to the oldest
    (Python's own rule is 10, when the oldest has grown by a quarter)."""

    def _start_collecting_when_idle(self) -> None:
        """Full collections of Python's cycle collector took 50-120 ms in this app (it holds
        many widgets), and left to itself the collector ran one every few seconds of use, in the
        middle of page turns and answers. Two changes:

        * once the first screen is drawn, what start-up made (modules, classes, the library, the
          home screen: all of it lives as long as the app) is moved out of the collector's way
          with ``gc.freeze()``, so a full collection walks only what was made since;
        * the young generations are collected as usual (a millisecond or two), but full
          collections wait until no key has been pressed for 0.2 s, unless many objects are
          waiting (:data:`MOST_WAITING`) or a minute has passed. The thresholds are put back on
          exit.
        """
        self._gc_thresholds = gc.get_threshold()
        young, middle, _ = self._gc_thresholds
        gc.set_threshold(young, middle, 1_000_000_000)
        self._last_input = self._last_collection = self._last_frame = time.monotonic()
        self._first_frame_drawn = False
        self.set_interval(0.1, self._collect_when_idle)
        self.call_after_refresh(self._after_first_frame)
        self.call_after_refresh(_prepare_saving)
        self.set_timer(self.SETTLE_AFTER, self._settle_after_start)

    def _after_first_frame(self) -> None:
        self._first_frame_drawn = True
        _freeze_once()

    SETTLE_AFTER = 0.3
    """Seconds after start-up before what it left for later is done (a learner reads home)."""

    def _settle_after_start(self) -> None:
        """What start-up left until after the first screen: the library's cache written (on a
        start that checked the content), and the progress file's parts kept, and cached (on a
        start that read the file itself, as after the app was killed)."""
        from learnmeta import cache

        cache.write_pending()
        store = getattr(self, "store", None)
        if store is not None:
            store.settle()

    _collector_paused_at: float | None = None

    def collect_after_the_frame(self) -> None:
        """The collector waits until the next frame is drawn (the quiz calls this on Enter).

        An answer's frame, from Enter to the feedback on screen, made 4-5 collections of the
        young generations, 0.6-0.8 ms of its CPU (the bare Textual app of ``answer_ratio`` 0.3):
        the same collections run just after that frame instead, as many as are then due (full
        ones still wait for idle, :meth:`_start_collecting_when_idle`). The collector is back on
        after the frame (half a second later at the latest, should that frame's callback not
        run) and when the app ends."""
        if self._collector_paused_at is not None or not gc.isenabled():
            return
        self._collector_paused_at = time.monotonic()
        gc.disable()
        self.call_after_refresh(self._collect_again)

    def _collect_again(self) -> None:
        if self._collector_paused_at is not None:
            self._collector_paused_at = None
            gc.enable()

    def _collect_when_idle(self) -> None:
        paused_at = self._collector_paused_at
        if paused_at is not None and time.monotonic() - paused_at > 0.5:
            self._collect_again()  # (the frame's callback did not run)
        if not self._first_frame_drawn:
            # Start-up made everything it made to keep (gc.freeze after the first frame), and
            # the learner has pressed nothing yet: a full collection here, on a machine so busy
            # that the first frame took longer than IDLE_BEFORE_COLLECTING, walked all of it
            # (20-60 ms) before that frame.
            return
        now = time.monotonic()
        promoted = gc.get_count()[2]  # middle-generation collections since the last full one
        idle = (now - self._last_input >= self.IDLE_BEFORE_COLLECTING
                and now - self._last_frame >= self.STILL_BEFORE_COLLECTING)
        overdue = now - self._last_collection >= self.LONGEST_WITHOUT_COLLECTING
        if promoted and (idle or overdue or promoted >= self.MOST_WAITING):
            gc.collect()
            self._last_collection = time.monotonic()
        store = getattr(self, "store", None)
        if store is not None and store.cache_behind and now - self._last_input >= self.IDLE_BEFORE_CACHING:
            store.refresh_cache()

    IDLE_BEFORE_CACHING = 1.0
    """Seconds without a key or a click after a save before the progress is put in the cache
    (a few ms; nothing for a file over 64 KiB, which is not kept: ``cache.PROGRESS_KEPT_UP_TO``):
    a learner reads the feedback longer."""

    async def on_event(self, event) -> None:
        if isinstance(event, (events.Key, events.MouseDown)):
            self._last_input = time.monotonic()
        await super().on_event(event)

    def _display(self, screen, renderable) -> None:
        """(Textual's hook for writing a frame, as of textual 8.2.8, which pyproject pins.)"""
        super()._display(screen, renderable)
        if renderable is not None:
            self._last_frame = time.monotonic()

    def post_message(self, message) -> bool:
        # A key counts from when it arrives, not only once it is handled: a full collection
        # begun while it waited in the queue (60-70 ms, the learner having paused before it)
        # held up the page turn or answer it was for.
        if isinstance(message, (events.Key, events.MouseDown)):
            self._last_input = time.monotonic()
        return super().post_message(message)

    def on_unmount(self) -> None:
        self._collect_again()
        thresholds = getattr(self, "_gc_thresholds", None)
        if thresholds is not None:
            gc.set_threshold(*thresholds)

    def _store_said(self, message: str) -> None:
        """The store made a notice (a failed save, a file kept aside): show it now. The store
        calls this from whatever thread saved, so it is handed to the app's own thread."""
        if threading.get_ident() == self._thread_id:
            self.show_store_notices()
        elif self.is_running:
            self.call_from_thread(self.show_store_notices)

    def _outbox_said(self, words: str) -> None:
        """The outbox has news the learner should know (the LRS refused the password): from
        its own thread, shown in the app's."""
        if self.is_running:
            self.call_from_thread(self.say, words, severity="warning", timeout=20)

    def sending_note(self) -> str | None:
        """What the app says instead of "nothing leaves this computer" while the learner has
        chosen to send their answers to their course (None otherwise)."""
        from learnmeta.app.screens.sending import sending_note

        return sending_note(self.outbox)

    def ask_about_sending(self) -> None:
        """A course offers its record store and the learner has not said yes or no to it."""
        from learnmeta.app.screens.confirm import ConfirmDialog
        from learnmeta.app.screens.sending import consent_question

        outbox = self.outbox
        offered = outbox.offered

        def answered(send: bool | None) -> None:
            outbox.choose(bool(send), offered)
            self.say("Your answers will be sent to your course as you go. Settings turns this off."
                     if send else "Nothing is sent: your answers stay on this computer.", timeout=8)

        self.push_screen(ConfirmDialog(consent_question(offered), yes="Yes, send them",
                                       no="No, keep them here"), answered)

    def show_store_notices(self) -> None:
        """Tell the learner what the progress store said (recovered file, not saved, read-only)
        that has not been shown yet."""
        notices = list(self.store.notices)
        if len(notices) < self._notices_shown:  # the store started a new list
            self._notices_shown = 0
        for message in notices[self._notices_shown:]:
            self.say(message, severity="warning", timeout=10)
        self._notices_shown = len(notices)

    def apply_settings(self) -> None:
        """Theme and motion from the learner's settings."""
        settings = self.store.settings
        theme = self._learners_theme()
        if self.theme != theme:
            self.theme = theme
        self.animation_level = "none" if settings.reduced_motion else "full"

    def watch_theme(self, theme: str) -> None:
        """A theme picked anywhere (settings or the palette's "Theme" command) is remembered."""
        store = getattr(self, "store", None)
        if store is not None and self.is_running and store.settings.theme != theme:
            store.update_settings(theme=theme)

    def shown_path(self, path) -> str:
        """A file as a message names it: in full here (it is on this computer)."""
        return str(path)

    def told(self, message: str) -> str:
        """A message from the progress store as the learner reads it (unchanged here; a browser
        session in a class leaves out the server's folders)."""
        return message

    def action_help_quit(self) -> None:
        """Ctrl+C, with no text selected to copy (Textual's Ctrl+C copies a selection first, in a
        screen, a text box or an answer box): Textual's own "Press ctrl+q to quit" toast, in a
        quiz, told a learner nothing of Esc and nothing of their answers. Our calm words instead:
        how to leave the screen (a quiz or an exam keeps its answers) and how to close learnmeta."""
        active = self.active_bindings
        leave = getattr(self.screen, "CTRL_C_WORDS", "Esc goes back." if "escape" in active else "")
        quits = any(one.binding.action in ("quit", "app.quit") for one in active.values())
        words = [leave] if leave else []
        if quits:
            words.append("To close learnmeta, press Ctrl+Q: your progress is saved as you go.")
        if words:
            self.say(" ".join(words), timeout=8)

    def say(self, message: str, *, severity: str = "information", timeout: float | None = None) -> None:
        """A notification whose text is never parsed as markup (in a browser, read out too)."""
        text = clean_text(self.told(str(message)))
        self.notify(text, severity=severity, timeout=timeout, markup=False)  # type: ignore[arg-type]
        self.announce(text)

    # -- what a screen reader in the browser is told (learnmeta/app/announce.py) ---------------

    _to_announce: list[tuple[float, str, object]] | None = None
    """What was announced and not written yet, each with when and the screen it is only for
    (None: nothing ever was)."""
    ANNOUNCE_WITHIN = 5.0
    """Seconds an announcement may wait to be written: one whose screen closed before its frame
    (so its callback never ran) is left out of the next, not read out late."""

    @property
    def announcing(self) -> bool:
        """Whether :meth:`announce` reaches anyone: only under `learnmeta serve` (its web driver
        has ``announce``); in a terminal, never (nothing extra is written)."""
        return callable(getattr(self._driver, "announce", None))

    def announce(self, text: str, *, screen: object = None, keep_waiting: bool = False) -> None:
        """Have a screen reader in the browser read ``text`` out, once the frame being made is
        drawn; what is announced before then is read out with it, in order (one announcement
        would replace another). With ``screen``, only if that screen is still the one shown then
        (a screen's opening words, learnmeta/app/opening.py: home's are not read out when the
        welcome opened over it first); ``keep_waiting`` keeps what already waits for that
        screen (else it is replaced: a screen's opening said twice before its frame is said
        once). Nothing at all in a terminal."""
        if not text or not self.announcing:
            return
        if self._to_announce is None:
            self._to_announce = []
        if screen is not None and not keep_waiting:
            self._to_announce = [waiting for waiting in self._to_announce if waiting[2] is not screen]
        self._to_announce.append((time.monotonic(), text, screen))
        # One callback each (the first to run writes them all): a callback is lost when its
        # screen closes before its frame, and the next announcement must not wait for it.
        self.call_after_refresh(self._announce_now)

    def on_descendant_focus(self, event) -> None:
        """In a browser, a move of the focus (Tab) is said ("On the button Settings.", "On 2. How
        cancer spreads (not started, 6 min), 2 of 5."); see :meth:`_say_where_focus_is`."""
        self._say_where_focus_is(event.widget)

    def on_option_list_option_highlighted(self, event) -> None:
        """In a browser, the row the arrows move to in a list is said (home's lessons and
        quizzes, Settings' lists, the learners on "Who is learning?")."""
        if event.option_list.has_focus:
            self._say_where_focus_is(event.option_list)

    def on_command_palette_option_highlighted(self, event) -> None:
        """In a browser, the command the palette's arrows are on is said: its list never has
        the focus (the search box keeps it), and Textual hands its highlights to the app only.
        The first, highlighted as the list fills, is said after the palette's opening words even
        when they are still waiting (they name no command): it came before them or after them,
        as the commands were gathered, and so was said or not."""
        self._say_where_focus_is(event.highlighted_event.option_list, after_opening=True)

    def _say_where_focus_is(self, widget, *, after_opening: bool = False) -> None:
        """xterm.js's own live region is muted in the browser (it read the redrawn rows over our
        words), so a move of the focus or of a list's arrows said nothing at all: say where the
        focus now is (learnmeta/app/opening.py's words), on every screen but those that say what
        they show themselves (quiz, exam, lesson, results), and not while the screen's opening
        words, which say it too, wait to be said. Nothing in a terminal."""
        if not self.announcing:
            return
        from learnmeta.app import opening

        screen = self.screen
        if opening.speaks_for_itself(screen):
            return
        waiting = any(waiting[2] is screen for waiting in self._to_announce or [])
        if waiting and not after_opening:
            return
        try:
            words = opening.where_focus_is(widget)
        except Exception:  # words for a screen reader never end the learner's session
            self.log.error("learnmeta: no words for the focus on", widget)
            return
        if words:
            self.announce(words, screen=screen, keep_waiting=waiting)

    def action_command_palette(self) -> None:
        """Textual's command palette (Ctrl+P); in a browser, it says what it is as it opens, as
        our screens do (learnmeta/app/opening.py)."""
        super().action_command_palette()
        if self.announcing:
            from learnmeta.app.screens.base import announce_opening

            announce_opening(self.screen)

    def _announce_now(self) -> None:
        waiting, self._to_announce = self._to_announce or [], []
        now = time.monotonic()
        texts = [text for when, text, screen in waiting
                 if now - when <= self.ANNOUNCE_WITHIN and (screen is None or screen is self.screen)]
        announce = getattr(self._driver, "announce", None)
        if texts and callable(announce):
            from learnmeta.app.announce import sentences

            announce(sentences(*texts))

    def open_url(self, url: str, *, new_tab: bool = True) -> None:
        """Links from content are never opened: the address is shown, to copy if wanted."""
        self.say(f"Link: {url}\nTo visit it, type this address into a web browser.", timeout=15)

    # -- a window too small for the screen ----------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(self.check_size)

    def push_screen(self, *args, **kwargs):
        result = super().push_screen(*args, **kwargs)
        self.call_after_refresh(self.check_size)
        return result

    def pop_screen(self):
        result = super().pop_screen()
        self.call_after_refresh(self.check_size)
        return result

    def switch_screen(self, screen):
        result = super().switch_screen(screen)
        self.call_after_refresh(self.check_size)
        return result

    def check_size(self) -> None:
        """Below the least size the current screen can serve, cover it with one calm line
        saying how big the window must be; take that away once the window is big enough."""
        from learnmeta.app.screens.too_small import TooSmallScreen, goes_back, min_size

        if not self.is_running or not self.screen_stack:
            return
        stack = self.screen_stack
        top = stack[-1]
        width, height = self.size
        if isinstance(top, TooSmallScreen):
            under = stack[-2] if len(stack) > 1 else None
            needed = min_size(under) if under is not None else (0, 0)
            if width >= needed[0] and height >= needed[1]:
                super().pop_screen()
                self.call_after_refresh(self.check_size)
            else:
                top.need(needed)
            return
        needed = min_size(top)
        if width < needed[0] or height < needed[1]:
            super().push_screen(TooSmallScreen(needed, back=goes_back(top)))

    # -- where to go -------------------------------------------------------------------------------

    def go_home(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def go_back(self, where: str) -> None:
        """Where a quiz ends and leaving it goes: "history", the list of Past results it was
        started from (practice of a past attempt's missed questions), or home."""
        from learnmeta.app.screens.history import HistoryScreen

        if where == "history" and any(isinstance(screen, HistoryScreen) for screen in self.screen_stack):
            while not isinstance(self.screen, HistoryScreen):
                self.pop_screen()
            return
        self.go_home()

    def _push_once(self, screen_type: type, factory) -> None:
        if isinstance(self.screen, screen_type):
            return
        self.push_screen(factory())

    def open_lesson(self, lesson_id: str, page_id: str | None = None, *,
                    bookmark: bool | None = None) -> None:
        """Show a lesson at ``page_id``, or where the learner left it (a finished one: page 1).

        ``bookmark``: whether the pages shown are saved as read (the lesson then reopens there).
        By default it is True when no page is named (home, the palette) and False when one is:
        "read more" from a quiz opens the page that teaches a question without moving the
        lesson's bookmark or counting pages as read. "Continue" names its page and passes True.
        """
        from learnmeta.app.screens.lesson import LessonScreen

        lesson = self.library.lesson(lesson_id)
        if lesson is None:
            self.say(f"There is no lesson with the id '{lesson_id}'.", severity="warning")
            return
        if bookmark is None:
            bookmark = page_id is None
        if page_id is None or lesson.page(page_id) is None:
            state = self.store.lesson_state(lesson_id)
            page_id = None if state.completed else state.last_page
        self.push_screen(LessonScreen(lesson, page_id, bookmark=bookmark, track=self.store.settings.track))

    def start_quiz(self, pack: Pack | str, question_ids: Sequence[str] | None = None,
                   mode: str = "quiz", exam: bool = False, back: str = "home") -> None:
        """A quiz on a pack (or on some of its questions), shown by the quiz screen; a whole quiz
        is an exam (the exam screen) when asked (``--exam``) or when the pack says
        ``mode = "exam"``. ``back``: where the quiz ends and leaving it goes (:meth:`go_back`):
        home, or "history" for practice started from Past results."""
        from learnmeta.quiz.engine import QuizSession

        if isinstance(pack, str):
            found = self.library.pack(pack)
            if found is None:
                self.say(f"There is no quiz with the id '{pack}'.", severity="warning")
                return
            pack = found
        if question_ids is None and mode == "quiz":
            from learnmeta.quiz.exam import is_exam

            if is_exam(pack, None if self.preview else self.store, asked=exam):
                self._show_exam(pack)
                return
        if question_ids is not None:
            if not any(pack.question(qid) is not None for qid in question_ids):
                self.say("None of those questions are in the quiz.", severity="warning")
                return
            session = QuizSession.for_ids(pack, question_ids, **self._seed(), mode=mode)
        else:
            session = QuizSession(pack, **self._seed(), mode=mode)
        title = {"check": "Check what you learned", "practice": "Practise"}.get(mode, "Quiz")
        if self.preview:
            title = "Preview: answers are not saved ·"
        self._show_quiz(session, f"{title}: {pack.title}".replace("·:", "·"), back=back)

    def _show_exam(self, pack: Pack) -> None:
        from learnmeta.app.screens.exam import ExamScreen
        from learnmeta.quiz.exam import ExamSession

        session = ExamSession(pack, **self._seed())
        title = f"Exam: {pack.title}"
        if self.preview:
            self.push_screen(ExamScreen(session, store=None, title=f"Preview: answers are not saved · {title}",
                                        preview=True))
            return
        self.push_screen(ExamScreen(session, store=self.store, title=title))

    def start_review(self) -> None:
        """The questions the scheduler says are due, across packs."""
        from learnmeta.quiz.engine import ReviewSession

        items = self.store.due_items(self.library)
        if not items:
            from learnmeta.app.screens.results import NothingToReviewScreen

            import datetime as dt

            from learnmeta.progress.scheduling import next_review_in_words

            answered = any(self.store.progress.questions.values())
            when = next_review_in_words(self.store.next_due(self.library), dt.datetime.now(dt.timezone.utc))
            self.push_screen(NothingToReviewScreen(anything_answered=answered, next_review=when))
            return
        self._show_quiz(ReviewSession(items, **self._seed(), mode="review"), "Review")

    def _seed(self) -> dict:
        return {} if self.seed is None else {"seed": self.seed}

    def _show_quiz(self, session, title: str, back: str = "home") -> None:
        from learnmeta.app.screens.quiz import QuizScreen

        if self.preview:
            self.push_screen(QuizScreen(session, store=None, title=title, preview=True, back=back))
            return
        self.push_screen(QuizScreen(session, store=self.store, title=title, back=back))

    def next_step(self):
        """What "Continue" does now (see :mod:`learnmeta.study.next_step`)."""
        from learnmeta.study.next_step import next_step

        return next_step(self.library, self.store)

    def continue_label(self) -> Content:
        """What the home screen's first button says: exactly what pressing it will do."""
        return literal(self.next_step().label)

    def continue_learning(self) -> None:
        step = self.next_step()
        if step.kind == "lesson":
            self.open_lesson(step.lesson.id, step.page, bookmark=True)
        elif step.kind == "quiz":
            self.start_quiz(step.pack)
        elif step.kind == "check":
            self.start_quiz(step.pack, step.lesson.meta.knowledge_check.questions, mode="check")
        elif step.kind == "review":
            self.start_review()
        else:
            self.go_home()
            self.call_after_refresh(self._focus_lessons)

    def _focus_lessons(self) -> None:
        from textual.css.query import NoMatches

        try:
            self.screen.query_one("#lessons").focus()
        except NoMatches:  # not on the home screen: nothing to focus
            pass

    # -- screens anyone can open -------------------------------------------------------------------

    def show_support(self) -> None:
        from learnmeta.app.screens.support import SupportScreen

        self._push_once(SupportScreen, SupportScreen)

    def show_help(self) -> None:
        from learnmeta.app.screens.help import HelpScreen
        from learnmeta.app.screens.too_small import TooSmallScreen

        # Help opens at the keys of the screen the learner is on (the one a too-small notice covers).
        under = [screen for screen in self.screen_stack if not isinstance(screen, TooSmallScreen)]
        section = getattr(under[-1], "HELP_SECTION", None) if under else None
        self._push_once(HelpScreen, lambda: HelpScreen(section))

    def show_glossary(self, term: str | None = None) -> None:
        from learnmeta.app.screens.glossary import GlossaryScreen

        self._push_once(GlossaryScreen, lambda: GlossaryScreen(term))

    def show_body_map(self) -> None:
        from learnmeta.app.screens.body_map import BodyMapScreen

        self._push_once(BodyMapScreen, BodyMapScreen)

    def show_questions(self) -> None:
        from learnmeta.app.screens.questions import QuestionsScreen

        self._push_once(QuestionsScreen, QuestionsScreen)

    def show_progress(self) -> None:
        from learnmeta.app.screens.progress import ProgressScreen

        self._push_once(ProgressScreen, ProgressScreen)

    def show_history(self) -> None:
        from learnmeta.app.screens.history import HistoryScreen

        self._push_once(HistoryScreen, HistoryScreen)

    def show_past_result(self, attempt_id: str) -> None:
        """A finished attempt's results screen, as it was (from the answer history)."""
        from learnmeta.app.screens.results import ResultsScreen
        from learnmeta.study.history import attempt_results

        past = attempt_results(self.library, self.store, attempt_id)
        if past is None:
            self.say("Those results are no longer kept.", severity="warning")
            return
        self.push_screen(ResultsScreen(
            past.result, pack=past.pack, track=self.store.settings.track, mode=past.mode,
            whole_quiz=past.whole_quiz, store=self.store, past=past, checked=past.checked,
        ))

    def show_settings(self) -> None:
        from learnmeta.app.screens.settings import SettingsScreen

        self._push_once(SettingsScreen, SettingsScreen)

    def _used_before(self) -> bool:
        """Whether the progress file shows this learner used learnmeta before (a page read, an
        answer): plain mode, which has no welcome screen, leaves ``welcomed`` false, and a
        learner who read and answered there is not welcomed as new in the app. A name alone
        is not use: "Who is learning?" in a browser writes the new learner's name before their
        app opens, and they are welcomed."""
        progress = self.store.progress
        return bool(progress.last_activity or progress.lessons
                    or progress.packs or any(progress.questions.values()))

    def show_welcome(self) -> None:
        from learnmeta.app.screens.welcome import WelcomeScreen

        self._push_once(WelcomeScreen, WelcomeScreen)

    # -- actions for key bindings and the footer ----------------------------------------------------

    def action_help(self) -> None:
        self.show_help()

    def action_support(self) -> None:
        self.show_support()

    def action_glossary(self) -> None:
        self.show_glossary()

    def action_body_map(self) -> None:
        self.show_body_map()

    def action_settings(self) -> None:
        self.show_settings()

    def action_progress(self) -> None:
        self.show_progress()

    def action_history(self) -> None:
        self.show_history()

    def action_review(self) -> None:
        self.start_review()

    def action_home(self) -> None:
        self.go_home()
