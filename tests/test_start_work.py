"""What a start does before home's first frame, and what it leaves for later (issue 20): work
only other screens need waits until one is opened, and what they then show is unchanged."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from textual.widgets import Button

from learnmeta.app.app import LearnApp

# Starts the real app (`learnmeta` with no arguments) headless and prints, as home's first frame
# is drawn (the app then prepares its saving, after that frame), which of these modules had been
# imported; the app then exits.
START = textwrap.dedent(
    """
    import asyncio, sys
    from learnmeta.app import app as app_module
    from learnmeta.app.app import LearnApp

    WATCHED = ["learnmeta.quiz.engine", "learnmeta.quiz.exam", "learnmeta.content.loader"]
    seen = []
    prepare = app_module._prepare_saving

    def noted():
        seen.append(" ".join(name for name in WATCHED if name in sys.modules) or "-")
        prepare()

    app_module._prepare_saving = noted

    def run(self, *args, **kwargs):
        async def first_screen():
            async with self.run_test(size=(80, 24)) as pilot:
                await pilot.pause()
                print(type(self.screen).__name__, seen[0])
        asyncio.run(first_screen())

    LearnApp.run = run
    from learnmeta.cli import launch
    launch.has_terminal = lambda: True  # run_test needs none
    from learnmeta.cli import main
    sys.exit(main([]))
    """
)


def first_frame_imports(home: Path) -> tuple[str, set[str]]:
    env = {**os.environ, "LEARNMETA_HOME": str(home), "LEARNMETA_CACHE": str(home / "cache")}
    result = subprocess.run([sys.executable, "-c", START], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    screen, *modules = result.stdout.strip().splitlines()[-1].split()
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
    # all it needs of the quiz modules; the engine (about 5 ms to import) waits for a quiz.
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
