"""What every screen of ours shares: Escape goes back, and a typed handle on the app."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.binding import Binding
from textual.screen import Screen

if TYPE_CHECKING:
    from learnmeta.app.app import LearnApp


_SCROLL_KEYS = {"up": "up", "down": "down", "pageup": "page_up", "pagedown": "page_down",
                "home": "home", "end": "end"}


def scroll_bindings(action: str) -> list[Binding]:
    """Hidden bindings of the arrow, page, Home and End keys to ``action('up')``,
    ``action('page_down')`` and so on: for a part of a screen that scrolls without taking the
    focus (a key the focused widget uses itself still goes to it first)."""
    return [Binding(key, f"{action}('{how}')", show=False) for key, how in _SCROLL_KEYS.items()]


def breakpoint_classes(screen: Screen, width: int, height: int) -> dict[str, bool]:
    """The breakpoint classes Textual gives ``screen`` in a terminal of ``width`` x ``height``
    (each class name: whether it is set), as ``Screen._on_resize`` works them out (textual 8.2.8,
    which pyproject pins): the screen's own breakpoints, else the app's."""
    app = screen.app
    horizontal = (app.HORIZONTAL_BREAKPOINTS if screen.HORIZONTAL_BREAKPOINTS is None
                  else screen.HORIZONTAL_BREAKPOINTS) or []
    vertical = (app.VERTICAL_BREAKPOINTS if screen.VERTICAL_BREAKPOINTS is None
                else screen.VERTICAL_BREAKPOINTS) or []
    classes = {name: False for _, name in horizontal + vertical}
    for name in (*screen._get_breakpoint_classes(width, horizontal),
                 *screen._get_breakpoint_classes(height, vertical)):
        classes[name] = True
    return classes


class Spoken:
    """What a screen of ours says to a screen reader in the browser (`learnmeta serve` only;
    learnmeta/app/opening.py), said where the screen is defined, so that a subclass says the
    same until it says otherwise. Mixed into :class:`AppScreen` and our dialogs."""

    SPEAKS_FOR_ITSELF: ClassVar[bool] = False
    """True for a screen that says what it shows as it changes (a quiz's question, a lesson's
    page, the results): nothing more is said as it opens or as the focus moves on it, and coming
    back to it says its title and where the learner is."""

    def spoken_opening(self) -> str:
        """What the screen says as it opens and as the learner comes back to it (made once its
        frame is drawn, so the focus is where Textual put it): by default its title and where
        the focus is. Asked only when the app is announcing."""
        from learnmeta.app.opening import title_words

        return title_words(self)


class AppScreen(Screen, Spoken):
    """A screen of ours: ``learn_app`` is the app, typed as what it is.

    A screen made while the app runs starts with the breakpoint classes of the terminal's size
    (``-narrow``/``-wide``, home's ``-short``/``-tall``). Textual sets them when the screen gets
    its first Resize, after its first frame: that frame was drawn as for a large terminal (at
    60x20 home showed Continue three lines tall for a frame), and then every widget on the
    screen was styled again. The size is the one Textual lays the first frame out at
    (``App.size``); the Resize that follows finds the classes already set and changes nothing.
    """

    HELP_SECTION: ClassVar[str | None] = None
    """The heading of the section of Help (F1) that opens first from this screen, said where
    the screen is defined so that a subclass opens Help where it does; None: at the top."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from textual._context import NoActiveAppError

        try:
            app = self.app
        except NoActiveAppError:  # made outside a running app: Textual's Resize sets them
            return
        if app._driver is None:  # no terminal yet, so no size to go by
            return
        width, height = app.size
        self.update_classes(breakpoint_classes(self, width, height), update=False)

    @property
    def learn_app(self) -> LearnApp:
        return self.app  # type: ignore[return-value]

    @on(events.ScreenResume)
    def _say_opening(self) -> None:  # beside a screen's own on_screen_resume
        announce_opening(self)


def announce_opening(screen: Screen) -> None:
    """In a browser (the app announcing), have ``screen`` say what it is and where the focus is
    once its frame is drawn, as it opens and each time the learner comes back to it
    (learnmeta/app/opening.py: "Who is learning?", the welcome, home, Settings, Help, a notice to
    read, a question asked before going on, and any other screen by its title). In a terminal, nothing (one check of the driver). Called on ScreenResume, beside a
    screen's own handler of it."""
    if getattr(screen.app, "announcing", False):
        screen.call_after_refresh(_announce_opening, screen)


def _announce_opening(screen: Screen) -> None:
    from learnmeta.app.opening import opening_words

    if screen.is_current:
        again = getattr(screen, "_opened_before", False)
        screen._opened_before = True  # type: ignore[attr-defined]
        try:
            words = opening_words(screen, again)
        except Exception:  # words for a screen reader never end the learner's session
            screen.log.error("learnmeta: no opening words for", screen)
            return
        screen.app.announce(words, screen=screen)  # type: ignore[attr-defined]


class LearnScreen(AppScreen):
    """A full screen with Escape to go back to the screen before."""

    BINDINGS = [Binding("escape", "back", "Back")]

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.dismiss()
