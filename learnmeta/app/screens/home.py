"""Home: continue where you left off, the lessons and quizzes with their state, review, tools.

The "continue" button has the focus, so Enter always takes the learner onward.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import cast

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from learnmeta import paths
from learnmeta.app.safe import literal, styled
from learnmeta.app.screens.base import LearnScreen
from learnmeta.app.widgets.buttons import SimpleButton
from learnmeta.app.widgets.footer import Footer
from learnmeta.app.widgets.frame import Disclaimer, TitleBar
from learnmeta.app.widgets.hanging import Hanging
from learnmeta.content.text import clean_text
from learnmeta.progress.scheduling import next_review_in_words
from learnmeta.quiz.size import questions_words

MARKED, UNMARKED = "▶ ", "  "
"""Before each row of the home lists: the highlighted row of the list that has the focus."""

HANG = 2
"""A row that wraps goes on this many cells further in than its text starts (after the marker and
a lesson's number), so the rest of it never reads as a row of its own."""


def _row(marker: str, prompt: Content) -> Hanging:
    """One row of a home list: the marker, then the prompt, wrapping under its text."""
    number = prompt.plain.split(" ", 1)[0]
    indent = len(marker) + (len(number) + 1 if number[:-1].isdigit() and number.endswith(".") else HANG)
    return Hanging(Content(marker) + prompt, indent)


def _row_prompt(number: str, title: str, status: str) -> Content:
    """A row of a home list, ``1. Title  (status)`` with the status dim: what
    ``styled("$n. $title  [dim]($status)[/]", ...)`` makes, put together directly (parsing that
    markup took about 0.15 ms a row, 2 ms of home's first frame). The title is shown literally."""
    return Content.assemble(number, clean_text(str(title)), "  ", (f"({clean_text(status)})", "dim"))


def due_later_today(store, now: dt.datetime | None = None, library=None) -> int:
    """How many questions are not due yet but come back for review later today (local time);
    with ``library``, only those it still has."""
    now = now or dt.datetime.now(dt.timezone.utc)
    today = now.astimezone().date()
    return sum(1 for *_, review in store.reviewable(library)
               if review.due > now and review.due.astimezone().date() == today)


class HomeScreen(LearnScreen):
    """The screen the app opens at, and that Escape comes back to."""

    VERTICAL_BREAKPOINTS = [(0, "-short"), (24, "-tall")]
    """Under 24 rows (60x20) home has the class "-short": Continue is one line (app.tcss), so
    the quizzes' heading and the first quiz show without scrolling."""

    AUTO_FOCUS = "#continue"
    """Focused when the screen is first shown. Textual focused the first focusable widget, the
    list's scrolling container, and on_mount then moved the focus on: two changes of focus, each
    restyling the container and all in it, before home's first frame."""

    BINDINGS = [
        Binding("escape", "noop", show=False),
        Binding("q", "app.quit", "Quit",
                tooltip="quit learnmeta, from home (Ctrl+Q quits from any screen); your progress is saved "
                        "as you go"),
        Binding("g", "app.glossary", "Glossary", tooltip="the glossary: words and what they mean"),
        # The Spread map, Review, Past results and My questions buttons name their keys, so the
        # footer leaves them out: with Progress it still fits 60 columns, F1 and F2 last.
        Binding("w", "app.body_map", "Spread map", show=False, tooltip="where cancer spreads: a picture"),
        Binding("r", "app.review", "Review", show=False, tooltip="review the questions that are due"),
        Binding("p", "app.progress", "Progress",
                tooltip="your progress: lessons, scores, answers over time, ideas to look at again"),
        Binding("h", "app.history", "Past results", show=False,
                tooltip="past results: reopen a quiz, check or review you finished"),
        Binding("s", "app.settings", "Settings", tooltip="settings: colours, motion, track, name, reset"),
        Binding("m", "my_questions", "My questions", show=False,
                tooltip="my questions for my next visit: make your list, save it, print it"),
    ]

    def spoken_opening(self) -> str:
        """How many lessons (done) and quizzes, the review, and where the focus is
        (learnmeta/app/opening.py)."""
        from learnmeta.app.opening import home_words

        return home_words(self)

    def compose(self) -> ComposeResult:
        yield TitleBar("learnmeta: learning about metastatic cancer", id="home-title")
        with VerticalScroll(id="home"):
            yield SimpleButton("Continue", id="continue", variant="primary")
            yield Static(Content("Lessons"), classes="heading")
            yield OptionList(id="lessons", classes="menu")
            yield Static(Content("Quizzes"), classes="heading")
            yield OptionList(id="packs", classes="menu")
        # Review and the tools stay in view under the lists, however long they grow (one line
        # each, compact): the lists scroll, these never do.
        with Vertical(id="home-actions"):
            # in place of the line above Review while the lists go on below the view (app.tcss)
            yield Static(Content("↓ More below (scroll, or press Tab)"), id="home-more")
            yield SimpleButton("Review", id="review", compact=True)
            with Horizontal(id="tools"):
                yield SimpleButton(Content("Glossary (g)"), id="glossary", compact=True)
                yield SimpleButton(Content("Spread map (w)"), id="body-map", compact=True)
                yield SimpleButton(Content("Settings (s)"), id="settings", compact=True)
            with Horizontal(id="records"):
                yield SimpleButton(Content("Your progress (p)"), id="progress", compact=True)
                yield SimpleButton(Content("Past results (h)"), id="history", compact=True)
                yield SimpleButton(Content("My questions (m)"), id="my-questions", compact=True,
                             tooltip="My questions for my next visit")
        yield Disclaimer()
        yield Footer()

    def on_mount(self) -> None:
        self._prompts: dict[str | None, list] = {}
        self._markers: dict[str | None, list[str]] = {}
        self._just_mounted = True
        self._drawn = False
        self.refresh_state()
        self.query_one("#continue", Button).focus()
        lists = self.query_one("#home", VerticalScroll)
        self.watch(lists, "scroll_y", self._more_below, init=False)
        self.watch(lists, "virtual_size", self._more_below, init=False)
        self.call_after_refresh(self._first_frame_drawn)

    def on_resize(self) -> None:
        self._fit_continue()
        self.call_after_refresh(self._more_below)

    def _fit_continue(self) -> None:
        """Continue's words on one line, or, when they are too long for the window, broken after
        their colon ("Check what you learned:" / "What metastatic cancer is (4 questions)"):
        wrapped at the width, they read "... is (4" / "questions)". The button's words have
        about the window's width less 8 columns (margins, scrollbar, the button's own padding)."""
        label = getattr(self, "_continue_label", None)
        if label is None:
            return
        head, colon, tail = label.plain.partition(": ")
        if colon and label.cell_length > self.app.size.width - 8:
            label = Content(f"{head}:\n{tail}")
        button = self.query_one("#continue", Button)
        if button.label != label:
            button.label = label

    def _first_frame_drawn(self) -> None:
        self._drawn = True
        self._more_below()

    def _more_below(self) -> None:
        """Say "↓ More below" above Review while the lists go on below what is in view (the
        scrollbar alone is easily missed); nothing when all of them is in view.

        Not before home's first frame: the first layout finds the lists' size (the watcher on
        ``virtual_size``), but a class set then is laid out only by the next layout, after that
        frame, so the first frame never showed the line, and restyling the actions and the 9
        widgets in them (about 2.5 ms) only delayed it. It is set just after that frame instead:
        the same frames as before (tests/test_start_work.py). The class is set on the line and
        on Review, the two widgets it changes: set on the actions around them, it restyled those
        and all 9 widgets in them (about 2 ms each time, just after the first frame and whenever
        the lists are scrolled to their end or back)."""
        if not self._drawn:
            return
        lists = self.query_one("#home", VerticalScroll)
        more = lists.max_scroll_y > 0 and lists.scroll_y < lists.max_scroll_y
        self.query_one("#home-more").set_class(more, "-more")
        self.query_one("#review").set_class(more, "-more")

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        if self._just_mounted:  # the first resume follows the mount at once: nothing has changed
            self._just_mounted = False
            # Textual restyles the whole screen as it is shown; every widget here was styled as
            # it was mounted, a moment ago, and nothing has changed since: 22 widgets, about
            # 4 ms of home's first frame (tests/test_start_work.py). Later resumes are Textual's.
            event.refresh_styles = False
            return
        self.refresh_state()

    def action_noop(self) -> None:
        """Escape on home does nothing (there is nowhere further back)."""

    def refresh_state(self) -> None:
        """Show what the progress file says now."""
        app = self.learn_app
        store = app.store
        name = store.settings.name
        title = "learnmeta: learning about metastatic cancer"
        self.query_one("#home-title", TitleBar).set_title(
            styled("Hello, $name. $title", name=name, title=title) if name else literal(title)
        )
        self._continue_label = app.continue_label()
        self._fit_continue()
        self._fill(self.query_one("#lessons", OptionList), self._lesson_options())
        self._fill(self.query_one("#packs", OptionList), self._pack_options())
        due = store.due_count(library=app.library)
        review = self.query_one("#review", Button)
        # Every label names its key: r works with nothing due too (it says when the next review
        # is), and the footer leaves Review out (the buttons name their keys)
        if due:
            review.label = Content(f"Review {due} question{'s' if due != 1 else ''} due now (r)")
        elif later := due_later_today(store, library=app.library):
            review.label = Content(f"Nothing is due right now; {later} come{'s' if later == 1 else ''} "
                                   "back later today (r)")
        elif when := next_review_in_words(store.next_due(app.library), dt.datetime.now(dt.timezone.utc)):
            review.label = Content(f"Nothing is due today. Next review: {when} (r)")
        else:
            review.label = Content("Nothing is due for review today (r)")
        review.refresh(layout=True)  # the label's width changes with its words

    def _fill(self, menu: OptionList, options: list[Option]) -> None:
        highlighted = menu.highlighted
        self._prompts[menu.id] = [option.prompt for option in options]
        self._markers[menu.id] = [UNMARKED] * len(options)
        menu.clear_options()
        menu.add_options(
            Option(_row(UNMARKED, cast(Content, option.prompt)), id=option.id, disabled=option.disabled)
            for option in options
        )
        if options:
            menu.highlighted = min(highlighted or 0, len(options) - 1)
        self._mark(menu)

    def _mark(self, menu: OptionList) -> None:
        """▶ beside the highlighted row while the list has the focus (not by colour alone).
        Only rows whose marker changes are redrawn (a move of the highlight: two rows)."""
        prompts = self._prompts.get(menu.id, [])
        markers = self._markers.get(menu.id, [])
        if menu.option_count != len(prompts):
            return
        for index, prompt in enumerate(prompts):
            marker = MARKED if menu.has_focus and index == menu.highlighted else UNMARKED
            if markers[index] != marker:
                markers[index] = marker
                menu.replace_option_prompt_at_index(index, _row(marker, prompt))

    def _mark_menus(self) -> None:
        for menu in self.query("OptionList.menu").results(OptionList):
            self._mark(menu)

    def on_descendant_focus(self) -> None:
        self._mark_menus()

    def on_descendant_blur(self) -> None:
        self._mark_menus()

    @on(OptionList.OptionHighlighted, ".menu")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._mark(event.option_list)

    def _lesson_options(self) -> list[Option]:
        store = self.learn_app.store
        options = []
        for number, lesson in enumerate(self.learn_app.library.lessons, start=1):
            state = store.lesson_state(lesson.id)
            track_pages = {page.id for page in lesson.pages_for(store.settings.track)}
            count = len(track_pages)
            if state.completed:
                status = "done ✓"
            elif state.pages_seen:
                # only the pages of the learner's track: a trainee page opened with t is extra
                seen = len(track_pages.intersection(state.seen))
                status = f"in progress: {seen} of {count} pages"
            else:
                status = f"not started, {lesson.meta.estimated_minutes} min"
            prompt = _row_prompt(f"{number}. ", lesson.title, status)
            options.append(Option(prompt, id=f"lesson:{lesson.id}"))
        if not options:
            options.append(Option(Content("No lessons found."), disabled=True))
        return options

    def _pack_options(self) -> list[Option]:
        app = self.learn_app
        store = app.store
        course = store.settings.track == "course"
        added = paths.user_packs_dir()
        options = []
        for pack in app.library.packs:
            best = store.best_score(pack.id)
            if best is None and course:  # the target, before the first score
                status = f"{questions_words(pack)}, no score yet, pass mark {pack.pack.pass_mark}%"
            elif best is None:
                status = f"{questions_words(pack)}, no score yet"
            elif store.passed(pack.id):
                status = f"best score {best}%, passed ✓"
            elif course:
                status = f"best score {best}%, not passed yet, pass mark {pack.pack.pass_mark}%"
            else:
                status = f"best score {best}%"
            if Path(pack.path).is_relative_to(added):  # never mistaken for a built-in quiz
                status = f"added to your packs folder; {status}"
            prompt = _row_prompt("", pack.title, status)
            options.append(Option(prompt, id=f"pack:{pack.id}"))
        if not options:
            options.append(Option(Content("No quizzes found."), disabled=True))
        return options

    @on(Button.Pressed, "#continue")
    def _continue(self) -> None:
        self.learn_app.continue_learning()

    @on(Button.Pressed, "#review")
    def _review(self) -> None:
        self.learn_app.start_review()

    @on(Button.Pressed, "#glossary")
    def _glossary(self) -> None:
        self.learn_app.show_glossary()

    @on(Button.Pressed, "#body-map")
    def _body_map(self) -> None:
        self.learn_app.show_body_map()

    @on(Button.Pressed, "#progress")
    def _progress(self) -> None:
        self.learn_app.show_progress()

    @on(Button.Pressed, "#history")
    def _history(self) -> None:
        self.learn_app.show_history()

    @on(Button.Pressed, "#my-questions")
    def action_my_questions(self) -> None:
        self.learn_app.show_questions()

    @on(Button.Pressed, "#settings")
    def _settings(self) -> None:
        self.learn_app.show_settings()

    @on(OptionList.OptionSelected, "#lessons")
    def _open_lesson(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.learn_app.open_lesson(event.option.id.removeprefix("lesson:"))

    @on(OptionList.OptionSelected, "#packs")
    def _start_quiz(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.learn_app.start_quiz(event.option.id.removeprefix("pack:"))
