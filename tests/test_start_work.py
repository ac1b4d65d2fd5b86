"""What a start does before home's first frame, and what it leaves for later (issue 20): work
only other screens need waits until one is opened, and what they then show is unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Button

from learnmeta.app.app import LearnApp
from start_harness import start_headless

WATCHED = ("learnmeta.quiz.engine", "learnmeta.quiz.exam", "learnmeta.content.loader",
           "learnmeta.content.partial", "learnmeta.content.toml_lines")


def first_frame_imports(home: Path) -> tuple[str, set[str]]:
    """The first screen of a real start, and which of :data:`WATCHED` had been imported when its
    first frame was drawn (tests/start_harness.py)."""
    note = f"[name for name in {WATCHED!r} if name in sys.modules] or ['-']"
    screen, *modules = start_headless(home, note, cache=home / "cache")[-1].split()
    return screen, set(modules) - {"-"}


def test_home_is_drawn_without_importing_the_quiz_engine(tmp_path):
    from learnmeta.progress import ProgressStore

    with ProgressStore.open(tmp_path / "home" / "learners" / "default.toml") as store:
        store.update_settings(welcomed=True)
    screen, imported = first_frame_imports(tmp_path / "home")  # the first start: an empty cache
    assert screen == "HomeScreen"
    assert "learnmeta.content.loader" in imported  # the content was read (the check can fail)
    screen, imported = first_frame_imports(tmp_path / "home")  # from the cache
    assert screen == "HomeScreen"
    # The home screen says how many questions each quiz asks (learnmeta.quiz.size), which is
    # all it needs of the quiz modules; the engine (about 5 ms to import) waits for a quiz. The
    # outline of a content file that did not load (content.partial, with its line index) waits
    # for such a file (about 2.5 ms to import).
    assert imported == set()


def _screens_css_loaded(app: LearnApp) -> bool:
    return any(Path(path).name == LearnApp.SCREENS_CSS for path, _ in app.stylesheet.source)


async def test_other_screens_rules_are_added_when_the_first_other_screen_opens(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"
        assert not _screens_css_loaded(app)  # not parsed for home's first frame
        rules = len(app.stylesheet.rules)
        await pilot.press("g")  # the glossary
        await pilot.pause()
        assert type(app.screen).__name__ == "GlossaryScreen"
        assert _screens_css_loaded(app)
        assert len(app.stylesheet.rules) > rules
        # screens.tcss's rules apply: the list of terms is 30 columns wide at 80 columns
        assert app.screen.query_one("#terms").outer_size.width == 30
        await pilot.press("escape")
        await pilot.press("f1")  # a second screen: the rules are added once, not again
        await pilot.pause()
        assert sum(Path(path).name == LearnApp.SCREENS_CSS for path, _ in app.stylesheet.source) == 1


@pytest.mark.parametrize("start", [("home",), ("lesson", "sample-basics")])
async def test_a_widget_is_not_restyled_before_it_is_mounted(make_app, monkeypatch, start):
    """Textual restyled a widget at every class change even before it was mounted (a Button
    sets three as it is made); each is styled once it is mounted instead."""
    from textual.app import App

    unmounted = []
    update_styles = App.update_styles

    def noted_update_styles(self, node, animate=True):
        if node is not self and node not in self._registry:
            unmounted.append(node)
        return update_styles(self, node, animate=animate)

    monkeypatch.setattr(App, "update_styles", noted_update_styles)
    app = make_app(start=start)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.query(Button)  # buttons were made, with their classes
        compact = [b for b in app.screen.query(Button) if b.compact]
        assert all(b.has_class("-textual-compact") for b in compact)
    assert unmounted == []


async def test_home_gives_continue_the_focus_without_focusing_anything_before_it(make_app, monkeypatch):
    """Textual focused the first focusable widget (the lists' scrolling container), then home
    moved the focus to Continue: each change restyled the container and all in it."""
    from textual.screen import Screen

    focused = []
    set_focus = Screen.set_focus

    def noted_set_focus(self, widget, *args, **kwargs):
        if widget is not None and widget is not self.focused:
            focused.append(widget.id)
        return set_focus(self, widget, *args, **kwargs)

    monkeypatch.setattr(Screen, "set_focus", noted_set_focus)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "continue"
    assert focused == ["continue"]


def test_record_classes_share_one_init_that_does_what_the_dataclass_one_did():
    """No __init__ is written and compiled for each record class (about 4 ms of every start for
    the thirty-odd classes): the one of learnmeta.record.Record does what it did."""
    import dataclasses

    from learnmeta.content import models
    from learnmeta.progress import model
    from learnmeta.record import Record

    classes = [c for m in (models, model) for c in vars(m).values()
               if isinstance(c, type) and issubclass(c, Record) and dataclasses.is_dataclass(c)]
    assert len(classes) > 25
    assert all("__init__" not in c.__dict__ for c in classes)

    first = model.Progress()
    assert first.questions == {} and model.Progress().questions is not first.questions  # factories
    answer = model.QuestionProgress(seen=2, last_answer="liver")
    assert (answer.seen, answer.correct, answer.last_answer, answer.review) == (2, 0, "liver", None)
    assert dataclasses.replace(answer, seen=3) == model.QuestionProgress(seen=3, last_answer="liver")
    with pytest.raises(TypeError, match="missing 1 required keyword-only argument: 'due'"):
        model.ReviewState()
    with pytest.raises(TypeError, match="unexpected keyword argument 'sen'"):
        model.QuestionProgress(sen=2)
    with pytest.raises(TypeError):
        model.QuestionProgress(2)  # keyword fields only
    with pytest.raises(ValueError, match="not one of this pattern's sites"):  # __post_init__ checks
        models.SpreadPattern(primary="Breast cancer", sites=["bones"], site_names={"liver": "the liver"})
    source = models.Source(title="A source")
    with pytest.raises(AttributeError):  # content stays read-only once made
        source.title = "Another"


def test_the_small_frozen_values_made_at_start_share_their_methods_and_stay_frozen():
    """The frozen dataclasses imported at start (a lesson's state, the next step, a problem in a
    file, ...) no longer have six methods written and compiled each (about 4 ms of every start)."""
    import dataclasses

    from learnmeta.content.errors import Problem
    from learnmeta.progress.attempts import UnfinishedAttempt, UnfinishedExam
    from learnmeta.progress.lessons import LessonState
    from learnmeta.progress.readonly import ReadOnlyReason
    from learnmeta.progress.review import DueQuestion
    from learnmeta.progress.writing import Written
    from learnmeta.study.next_step import NextStep

    for cls in (Problem, UnfinishedAttempt, UnfinishedExam, LessonState, ReadOnlyReason, DueQuestion,
                Written, NextStep):
        assert dataclasses.is_dataclass(cls)
        assert not {"__init__", "__eq__", "__hash__", "__repr__", "__setattr__"} & set(cls.__dict__), cls
    state = LessonState(3, 10, "page-3", None)
    assert state == LessonState(pages_seen=3, page_count=10, last_page="page-3", completed=None, seen=())
    assert len({state, LessonState(3, 10, "page-3", None)}) == 1  # hashable, as frozen dataclasses are
    assert repr(state) == "LessonState(pages_seen=3, page_count=10, last_page='page-3', completed=None, seen=())"
    with pytest.raises(dataclasses.FrozenInstanceError):
        state.pages_seen = 4
    assert dataclasses.replace(state, pages_seen=4).pages_seen == 4
    with pytest.raises(TypeError, match="missing 1 required positional argument: 'page_count'"):
        LessonState(3)
    with pytest.raises(TypeError, match="multiple values for argument 'pages_seen'"):
        LessonState(3, 10, None, None, pages_seen=4)
    assert UnfinishedAttempt(id="a", answered=1, answers={}).confidence == {}  # factories
    assert str(Problem("p.toml", "bad\x1b[31m thing", line=3)) == "p.toml:3: error: bad[31m thing"  # __post_init__


# -- home's buttons: only the part of Button's stylesheet they can match --------------------------


def _parsed(css: str) -> list[str]:
    from textual.app import App
    from textual.css.stylesheet import Stylesheet

    stylesheet = Stylesheet(variables=App().get_css_variables())
    stylesheet.add_source(css, read_from=("test", "css"), is_default_css=True, scope="Button")
    stylesheet.parse()
    return [rule.css for rule in stylesheet.rules]


def test_simple_buttons_rules_are_buttons_own_in_their_order():
    from learnmeta.app.widgets.buttons import BUTTON_CSS

    whole, simple = _parsed(Button.DEFAULT_CSS), _parsed(BUTTON_CSS)
    assert len(simple) < len(whole) / 2
    places = [whole.index(rule) for rule in simple]  # ValueError: a rule that is not Button's
    assert places == sorted(places)
    left_out = [rule.split("{")[0] for rule in whole if rule not in simple]
    # only what a default or primary button that is not flat can never match
    assert all(("-success" in s or "-warning" in s or "-error" in s or "Button.-style-flat" in s
                or ("-style-flat" in s and "-style-default" not in s)) for s in left_out), left_out


def test_simple_buttons_have_no_other_variant_and_are_never_flat():
    from learnmeta.app.widgets.buttons import SimpleButton

    assert SimpleButton("Go", variant="primary").variant == "primary"
    with pytest.raises(ValueError, match="no 'error' variant"):
        SimpleButton("Go", variant="error")
    with pytest.raises(ValueError, match="never flat"):
        SimpleButton("Go", flat=True)


async def _home_buttons_in_every_state(app) -> list:
    """How home's buttons are styled (the rules Textual gave each) and drawn: as first shown,
    each focused, hovered, pressed and disabled, and in ANSI colours."""

    def styles(button) -> tuple:
        return tuple(sorted((name, repr(value)) for name, value in button._css_styles.get_rules().items()))

    import re

    def screenshot() -> str:  # the id in it changes from one screenshot to the next
        return re.sub(r"terminal-\d+", "terminal", app.export_screenshot())

    seen: list = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        buttons = list(app.screen.query(Button))
        assert len(buttons) == 8
        seen.append(screenshot())
        for ansi in (False, True):
            if ansi:
                app.ansi_color = True
                app.refresh_css(animate=False)
                await pilot.pause()
                seen.append(screenshot())
            for button in buttons:
                seen.append((button.id, "as shown", styles(button)))
                button.focus()
                await pilot.pause()
                seen.append((button.id, "focused", styles(button)))
                await pilot.hover(f"#{button.id}")
                await pilot.pause()
                seen.append((button.id, "hovered", styles(button), screenshot()))
                button.add_class("-active")
                seen.append((button.id, "pressed", styles(button)))
                button.remove_class("-active")
                button.disabled = True
                await pilot.pause()
                seen.append((button.id, "disabled", styles(button)))
                await pilot.hover("#home-title")
                button.disabled = False
                await pilot.pause()
        sources = {name for _, name in app.stylesheet.source}
    return [sources, *seen]


async def test_home_looks_the_same_with_buttons_whole_stylesheet(make_app, monkeypatch, tmp_path):
    """What home shows with SimpleButton's rules is what it showed with all of Button's, in
    every state a button can be in on home."""
    from textual.dom import DOMNode

    from learnmeta.app.widgets.buttons import SimpleButton

    sources, *simple = await _home_buttons_in_every_state(make_app(progress=tmp_path / "one.toml"))
    assert "SimpleButton.BUTTON_CSS" in sources and "Button.DEFAULT_CSS" not in sources
    monkeypatch.setattr(SimpleButton, "_get_default_css", DOMNode._get_default_css)
    sources, *whole = await _home_buttons_in_every_state(make_app(progress=tmp_path / "two.toml"))
    assert "Button.DEFAULT_CSS" in sources and "SimpleButton.BUTTON_CSS" not in sources
    assert len(simple) == len(whole)
    for index, (mine, buttons) in enumerate(zip(simple, whole)):
        assert mine == buttons, (index, mine[:2] if isinstance(mine, tuple) else "the screen")


async def test_buttons_elsewhere_and_on_home_keep_their_looks_once_both_stylesheets_are_in(make_app, tmp_path):
    """Another screen's ordinary Buttons bring Button's whole stylesheet: home's buttons, and
    theirs (an error one among them), are styled as with that stylesheet alone."""
    async with make_app(progress=tmp_path / "one.toml").run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        home = {b.id: b.styles.css for b in pilot.app.screen.query(Button)}
        await pilot.press("s")  # settings: ordinary buttons, "Reset my progress" in red
        await pilot.pause()
        reset = pilot.app.screen.query_one("#reset", Button)
        assert "Button.DEFAULT_CSS" in {name for _, name in pilot.app.stylesheet.source}
        assert reset.variant == "error"
        settings = {b.id: b.styles.css for b in pilot.app.screen.query(Button)}
        await pilot.press("escape")
        await pilot.pause()
        assert {b.id: b.styles.css for b in pilot.app.screen.query(Button)} == home
        pilot.app.stylesheet.update(pilot.app.screen)  # restyled from scratch: the same
        assert {b.id: b.styles.css for b in pilot.app.screen.query(Button)} == home
    from textual.dom import DOMNode

    from learnmeta.app.widgets.buttons import SimpleButton

    # the settings' buttons where home's have Button's own stylesheet (no BUTTON_CSS at all)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(SimpleButton, "_get_default_css", DOMNode._get_default_css)
        async with make_app(progress=tmp_path / "two.toml").run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("s")
            await pilot.pause()
            assert settings == {b.id: b.styles.css for b in pilot.app.screen.query(Button)}


# -- home's first show: styled once ---------------------------------------------------------------


async def test_home_is_not_restyled_all_over_before_its_first_frame(make_app, monkeypatch):
    """Every widget is styled as it is mounted; Textual then restyled the whole screen again as
    it was first shown (ScreenResume): 22 widgets, about 4 ms before home's first frame. Home's
    first show skips that (its widgets were styled a moment before, and nothing has changed);
    every later return to home is as Textual makes it."""
    from textual.screen import Screen

    resumed: list[tuple[str, bool]] = []
    on_screen_resume = Screen._on_screen_resume

    def noted(self, event):
        resumed.append((type(self).__name__, event.refresh_styles))
        return on_screen_resume(self, event)

    monkeypatch.setattr(Screen, "_on_screen_resume", noted)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"
        assert resumed == [("HomeScreen", False)]
        # and what was skipped would have changed nothing
        before = {id(node): node.styles.css for node in app.screen.walk_children(with_self=True)}
        app.stylesheet.update(app.screen)
        assert before == {id(node): node.styles.css for node in app.screen.walk_children(with_self=True)}
        from textual import events

        app.screen.post_message(events.ScreenResume())  # as when a screen over it closes
        await pilot.pause()
        assert resumed[1:] == [("HomeScreen", True)]  # later resumes are left as Textual made them


@pytest.mark.parametrize("title", ["What metastatic cancer is", "[b]Bold[/b] $title [@click=app.quit]x[/]",
                                   "Tabs\tand \x1b[31mescapes\x07", "", "[dim]"])
def test_home_rows_are_what_their_markup_made(title):
    """Home's rows are put together without parsing markup (2 ms of its first frame): the same
    text and styles as the markup made, the title literal whatever it holds."""
    from learnmeta.app.safe import styled
    from learnmeta.app.screens.home import _row_prompt

    def shown(content) -> tuple:  # Content's == compares the text alone
        return content.plain, content.spans

    status = "in progress: 1 of 10 pages [x] $n"
    assert shown(_row_prompt("3. ", title, status)) == shown(
        styled("$n. $title  [dim]($status)[/]", n=3, title=title, status=status))
    assert shown(_row_prompt("", title, status)) == shown(
        styled("$title  [dim]($status)[/]", title=title, status=status))


def test_the_answer_logs_records_and_the_library_share_their_methods_too():
    """The answer log's records the store uses and the library, compiled as they were imported
    at every start (about 2 ms), share learnmeta.record's methods and behave as before."""
    import dataclasses
    import datetime as dt

    from learnmeta.content.library import Library
    from learnmeta.progress.answerlog import Change, LogRead, Mark
    from learnmeta.progress.model import HistoryEntry

    for cls in (Mark, Change, LogRead, Library):
        assert dataclasses.is_dataclass(cls)
        assert not {"__init__", "__eq__", "__repr__"} & set(cls.__dict__), cls
    mark = Mark("undo", "m1", "a1")
    assert mark == Mark(kind="undo", id="m1", answer="a1", when=None) and len({mark, Mark("undo", "m1", "a1")}) == 1
    with pytest.raises(dataclasses.FrozenInstanceError):
        mark.kind = "overrule"
    answer = HistoryEntry(when=dt.datetime(2026, 12, 5, tzinfo=dt.timezone.utc), pack="p", question="q",
                          response="r", correct=False)
    assert Change(answer, mark).undo is None and Change(answer, undo=mark).undo is mark
    read = LogRead()
    assert (read.entries, read.problems, read.size) == ([], [], 0) and LogRead().entries is not read.entries
    read.size = 10  # not frozen
    with pytest.raises(TypeError):
        LogRead([answer])  # keyword fields only
    assert Library().lessons == [] and Library() == Library()


# -- "↓ More below": found just after home's first frame -------------------------------------------


@pytest.mark.parametrize("size, more", [((80, 24), True), ((60, 20), True), ((120, 40), False)])
async def test_more_below_is_found_after_home_first_frame_and_still_shown(make_app, monkeypatch, screen_text,
                                                                          size, more):
    """Home's first layout finds whether the lists go on below the view, but the line it then
    shows is laid out only by the next layout, after the first frame: restyling the actions and
    all in them before that frame (about 2.5 ms) changed nothing in it. The line is set just
    after the first frame, and says what the view shows as before."""
    from textual.app import App

    at_frames: list[bool] = []
    display = App._display

    def noted_display(self, screen, renderable):
        display(self, screen, renderable)
        if renderable is not None and type(screen).__name__ == "HomeScreen":
            at_frames.append(screen.query_one("#home-more").has_class("-more"))

    monkeypatch.setattr(App, "_display", noted_display)
    app = make_app(builtin=True)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert at_frames and at_frames[0] is False  # not restyled before the first frame
        assert app.screen.query_one("#home-more").has_class("-more") is more
        assert app.screen.query_one("#review").has_class("-more") is more
        assert ("↓ More below" in screen_text(app)) is more


# -- the breakpoint classes: from the terminal's size, before the first frame ----------------------


@pytest.mark.parametrize("size, classes, continue_lines", [
    ((60, 20), {"-narrow", "-short"}, 1), ((80, 24), {"-wide", "-tall"}, 3), ((120, 40), {"-wide", "-tall"}, 3)])
async def test_home_first_frame_has_its_size_classes_and_no_restyle_follows(make_app, monkeypatch, size, classes,
                                                                           continue_lines):
    """Textual sets a screen's breakpoint classes with its first Resize, after its first frame:
    at 60x20 home's first frame showed Continue three lines tall (the "-short" layout came a
    frame later), and every widget on it was then styled again. They are set from the size the
    first frame is laid out at; the Resize after it changes nothing."""
    from textual.app import App
    from textual.css.stylesheet import Stylesheet

    frames: list[tuple[set[str], int]] = []
    restyled_after_first_frame: list[str] = []
    display = App._display
    update_nodes = Stylesheet.update_nodes

    def noted_display(self, screen, renderable):
        display(self, screen, renderable)
        if renderable is not None and type(screen).__name__ == "HomeScreen":
            frames.append((set(screen.classes), screen.query_one("#continue").outer_size.height))

    def noted_update_nodes(self, nodes, animate=False):
        nodes = list(nodes)
        if frames:
            restyled_after_first_frame.extend(type(node).__name__ for node in nodes)
        return update_nodes(self, nodes, animate=animate)

    monkeypatch.setattr(App, "_display", noted_display)
    monkeypatch.setattr(Stylesheet, "update_nodes", noted_update_nodes)
    app = make_app(builtin=True)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert frames[0] == (classes, continue_lines)
        assert set(app.screen.classes) == classes  # and so they stay
    assert "HomeScreen" not in restyled_after_first_frame  # no second styling of the whole screen


async def test_a_screen_opened_later_has_its_size_class_at_its_first_frame(make_app, monkeypatch):
    from textual.app import App

    classes_at_frames: list[set[str]] = []
    display = App._display

    def noted_display(self, screen, renderable):
        display(self, screen, renderable)
        if renderable is not None and type(screen).__name__ == "GlossaryScreen":
            classes_at_frames.append(set(screen.classes))

    monkeypatch.setattr(App, "_display", noted_display)
    async with make_app().run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        await pilot.pause()
        assert type(pilot.app.screen).__name__ == "GlossaryScreen"
    assert classes_at_frames and all(classes == {"-narrow"} for classes in classes_at_frames)


# -- the learner's theme: in the stylesheet before it is parsed ------------------------------------


@pytest.mark.parametrize("theme", ["textual-light", "learnmeta-high-contrast", "nord", "textual-dark"])
async def test_a_learners_theme_is_in_place_before_any_stylesheet_is_parsed(make_app, monkeypatch, theme):
    """The theme set once the app ran made Textual parse every stylesheet again and style every
    widget again before home's first frame (about 14 ms of every start in the light or the
    high-contrast theme). It is in place as the app is made: nothing is parsed twice, and home
    looks as it does when the stylesheet is made afresh in that theme."""
    import re

    from textual.app import App
    from textual.css.stylesheet import Stylesheet

    reparsed: list[bool] = []
    drawn: list[bool] = []
    reparse = Stylesheet.reparse
    display = App._display

    def noted_reparse(self):
        reparsed.append(bool(drawn))
        return reparse(self)

    def noted_display(self, screen, renderable):
        display(self, screen, renderable)
        if renderable is not None:
            drawn.append(True)

    monkeypatch.setattr(Stylesheet, "reparse", noted_reparse)
    monkeypatch.setattr(App, "_display", noted_display)
    app = make_app(theme=theme)

    def screenshot() -> str:
        return re.sub(r"terminal-\d+", "terminal", app.export_screenshot())

    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == theme and app.store.settings.theme == theme
        assert reparsed == []  # no stylesheet parsed a second time, before the first frame or after
        dark = app.current_theme.dark
        assert {"-dark-mode" if dark else "-light-mode"} <= app.classes
        assert theme == "textual-dark" or f"-theme-{theme}" in app.classes  # (Textual's default: none)
        assert not {"-light-mode" if dark else "-dark-mode"} & app.classes
        shown = screenshot()
        app.refresh_css(animate=False)  # everything parsed and styled afresh in the theme
        await pilot.pause()
        assert screenshot() == shown
        await pilot.press("s")  # and a theme chosen later still changes it
        await pilot.pause()
        app.theme = "textual-dark" if theme != "textual-dark" else "textual-light"
        await pilot.pause()
        assert app.store.settings.theme == app.theme


# -- home's rows: a row that fits is not wrapped ---------------------------------------------------


ROWS = ["1. What metastatic cancer is  ", "x", "  leading and trailing  ", "wide 漢字 cells 漢字",
        "a row long enough to wrap at the narrower widths in the list below, and then some more"]


@pytest.mark.parametrize("text", ROWS)
def test_a_hanging_row_that_fits_is_what_wrapping_made(text):
    """A row that fits its width is shown as it is, without wrapping it (about 40 microseconds
    a row at each width): the same text and styles as wrapping and joining it made."""
    from textual.content import Content

    from learnmeta.app.widgets.hanging import Hanging

    content = Content.assemble(("▶ ", "bold"), text, ("  (done ✓)", "dim"))
    for width in range(1, 100):
        for indent in (0, 2, 5):
            shown = Hanging(content, indent).lines(width)
            if content.cell_length <= width:
                wrapped = Content("\n").join(content.wrap(width))
                assert (shown.plain, shown.spans) == (wrapped.plain, wrapped.spans), width
            assert all(len(line) <= width for line in shown.plain.split("\n")) or width < 3


@pytest.mark.parametrize("size", [(80, 24), (60, 20), (120, 40)])
async def test_home_wraps_only_the_rows_that_do_not_fit(make_app, monkeypatch, size):
    from textual.content import Content

    from learnmeta.app.screens.home import UNMARKED
    from learnmeta.app.widgets import hanging

    wrapped: list[tuple[int, int]] = []  # (the row's length, the width) of each row wrapped
    wrap = Content.wrap

    def noted_wrap(self, width, **kwargs):
        if self.plain.startswith(UNMARKED):  # a whole row (what is left of one starts with its text)
            wrapped.append((self.cell_length, width))
        return wrap(self, width, **kwargs)

    monkeypatch.setattr(hanging.Content, "wrap", noted_wrap)
    async with make_app(builtin=True).run_test(size=size) as pilot:
        await pilot.pause()
        rows = [option.prompt for menu in pilot.app.screen.query("OptionList.menu") for option in menu.options]
        assert len(rows) > 8
    assert all(length > width for length, width in wrapped)
    assert bool(wrapped) is (size[0] < 120)  # at 120 columns every row fits; at 80, one does not


async def test_more_below_restyles_only_the_line_and_review(make_app, monkeypatch):
    """"↓ More below" comes and goes with the class "-more" on the two widgets it changes; on
    the actions around them it restyled all ten widgets there each time."""
    from textual.css.stylesheet import Stylesheet

    restyled: list[list[str | None]] = []
    update_nodes = Stylesheet.update_nodes

    def noted_update_nodes(self, nodes, animate=False):
        nodes = list(nodes)
        restyled.append([node.id for node in nodes])
        return update_nodes(self, nodes, animate=animate)

    app = make_app(builtin=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert app.screen.query_one("#home-more").has_class("-more")
        monkeypatch.setattr(Stylesheet, "update_nodes", noted_update_nodes)
        app.screen.query_one("#home").scroll_end(animate=False)  # all of the lists in view
        await pilot.pause()
        await pilot.pause()
        assert not app.screen.query_one("#home-more").has_class("-more")
        assert not app.screen.query_one("#home-more").display
    changed = [ids for ids in restyled if "home-more" in ids or "review" in ids]
    assert changed and all(len(ids) == 1 for ids in changed), changed
