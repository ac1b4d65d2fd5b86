"""What a screen reader in the browser hears as a screen opens (learnmeta/app/opening.py).

"Who is learning?", the welcome, home, Settings and Help say what they are and where the focus
is when they open and when the learner comes back to them, through the same channel and the same
sanitiser as the quiz's words (tests/test_announce.py); a terminal gets nothing. The browser end
is in tests/test_serve_browser.py.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from waiting import until

from learnmeta.app.announce import ANNOUNCE_OSC, sequence, spoken


async def _settle(pilot) -> None:
    for _ in range(3):
        await pilot.pause()


async def test_home_says_what_it_holds_and_where_the_focus_is_each_time_it_opens(make_app, announced):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        home = ("Home: 2 lessons; 1 quiz. Nothing is due for review today. "
                "On the button Start: What spreading means.")
        assert announced == [home]
        await pilot.press("f1")
        await _settle(pilot)
        assert announced[-1] == ("Help: keys. It opens at the keys used everywhere. Up and down "
                                 "arrows, Page Up and Page Down scroll; Escape goes back.")
        await pilot.press("escape")
        await _settle(pilot)
        assert announced[-1] == home  # back on home: said again
        await pilot.press("tab")  # the focus on the lessons' list, then away and back
        await pilot.press("s")
        await _settle(pilot)
        assert announced[-1] == ("Settings. Each change is saved as it is made. On the list "
                                 "Dark: Enter opens it. Tab moves on; Escape goes back.")
        await pilot.press("escape")
        await _settle(pilot)
        assert announced[-1] == ("Home: 2 lessons; 1 quiz. Nothing is due for review today. "
                                 "On 1. What spreading means (not started, 4 min), 1 of 2.")
        # the Tab to the lessons' list said where the focus went (xterm.js's own reading is muted)
        assert announced[3] == "On 1. What spreading means (not started, 4 min), 1 of 2."
        assert len(announced) == 6


async def test_help_says_which_keys_it_opened_at(make_app, announced):
    app = make_app(start=("lesson", "sample-basics"))
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        await pilot.press("f1")
        await _settle(pilot)
        assert announced[-1].startswith("Help: keys. It opens at the keys of Reading a lesson.")


async def test_the_welcome_says_it_is_not_advice_and_where_the_name_goes(make_app, announced):
    app = make_app(welcomed=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        assert announced == [
            "Welcome to learnmeta, for learning about metastatic cancer. This is general "
            "information, not medical advice. In the box Your name (optional, only used to greet "
            "you): empty. Your name is optional. Enter goes on; Escape skips the welcome."]
        await pilot.press("escape")  # skipped: home says itself
        await _settle(pilot)
        assert announced[-1].startswith("Home: 2 lessons; 1 quiz.")


async def test_who_is_learning_says_the_learners_and_the_one_the_arrows_are_on(served, tmp_path, announced):
    from learnmeta.progress import ProgressStore
    from learnmeta.serve.roster import ClassRoster, HomeRoster

    folder = tmp_path / "learners"
    folder.mkdir()
    for name in ("ann-lee", "bo"):
        store = ProgressStore.open(folder / f"{name}.toml")
        store.update_settings(welcomed=True)
        store.close()
    app = served(HomeRoster(folder))
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        assert announced == [
            "Who is learning? 2 learners on this computer. On ann-lee, 1 of 2. Up and down "
            "arrows choose your name, Enter starts; Tab goes to the box for a new learner."]
        await pilot.press("enter")
        await until(pilot, lambda: announced[-1].startswith("Home: 2 lessons; 1 quiz."), "home")
        await _settle(pilot)
        assert announced[-1].count("Home:") == 1 and len(announced) == 2  # said once
        assert not any(said.startswith("Who") for said in announced[1:])
    empty = served(HomeRoster(tmp_path / "nobody"))
    async with empty.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        assert announced[-1] == ("Who is learning? Type a new learner's name, then press Enter. "
                                 "In the box A new learner's name: empty.")
    a_class = served(ClassRoster(tmp_path / "class"))
    async with a_class.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        assert announced[-1] == ("Who is learning? Type your name, then press Enter for your PIN. "
                                 "In the box Your name: empty.")


async def test_pack_text_in_what_home_says_is_made_plain_words(make_app, tmp_path, sample_content, announced):
    import shutil

    content = tmp_path / "hostile"
    shutil.copytree(sample_content, content)
    for path in content.glob("*.md"):
        text = path.read_text("utf-8")
        path.write_text(text.replace('title = "What spreading means"',
                                     'title = "What\\u001b]0;owned\\u0007 spreading <b>means</b>\\u009c"'),
                        "utf-8")
    app = make_app(content=[content])
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
    said = sequence(announced[0])
    inner = said[len(f"\x1b]{ANNOUNCE_OSC};"):-1]
    assert "\x1b" not in inner and "\x07" not in inner and "\x9c" not in inner
    assert "On the button Start: What]0;owned spreading <b>means</b>." in spoken(announced[0])


async def test_a_notice_to_read_says_its_words_and_its_button(tmp_path, make_app, announced):
    progress = tmp_path / "progress.toml"
    progress.write_text("this is [not toml", encoding="utf-8")  # kept aside; a notice says so
    app = make_app(progress=progress)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        said = announced[-1]
        assert said.startswith("Please read.") and said.endswith("On the button OK (Enter).")
        assert len(announced) == 1  # not home's words too: the notice opened over it


async def test_other_screens_say_their_title_and_a_question_its_words(make_app, announced):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        await pilot.press("g")
        await _settle(pilot)
        assert announced[-1].startswith("Glossary")
        await pilot.press("escape", "s")
        await _settle(pilot)
        app.screen.query_one("#reset").press()
        await _settle(pilot)
        assert announced[-1] == ("Clear all your progress and start again? Your old progress file "
                                 "is kept as a copy, so nothing is lost. On the button No, keep it (n).")


async def test_screens_that_speak_for_themselves_add_no_opening(make_app, announced):
    app = make_app(start=("quiz", "sample-pack"))
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        assert len(announced) == 1 and announced[0].startswith("Question 1 of 2. ")


async def test_a_subclass_of_a_screen_that_speaks_for_itself_still_does(
        make_app, announced, monkeypatch):
    """Whether a screen speaks for itself was looked up by the name of its class: a subclass of
    the quiz screen (or the quiz renamed) said its title and where the focus was over its own
    first question, and said it again on each move of the focus."""
    from learnmeta.app.screens import quiz

    class CourseQuiz(quiz.QuizScreen):
        CSS_PATH = str(Path(quiz.__file__).with_name("quiz.tcss"))  # Textual: relative to here

    monkeypatch.setattr(quiz, "QuizScreen", CourseQuiz)  # what the app opens a quiz with
    app = make_app(start=("quiz", "sample-pack"))
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        assert type(app.screen) is CourseQuiz
        # its question alone: not its title and where the focus is after it
        assert announced == [
            "Question 1 of 2. Breast cancer has spread to the bones. What is it called?"]
        await pilot.press("f1")
        await _settle(pilot)
        await pilot.press("escape")
        await _settle(pilot)
        assert announced[-1] == ("Quiz: What spreading means: check. Question 1 of 2. Breast "
                                 "cancer has spread to the bones. What is it called?")
        said = len(announced)
        await pilot.press("tab")
        await _settle(pilot)
        assert len(announced) == said  # the focus moving on the quiz is not said over it


async def test_coming_back_to_a_quiz_or_a_lesson_says_where_the_learner_is(make_app, announced):
    app = make_app(start=("quiz", "sample-pack"))
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        await pilot.press("f1")
        await _settle(pilot)
        assert announced[-1].startswith("Help: keys. It opens at the keys of Quiz and review.")
        await pilot.press("escape")
        await _settle(pilot)
        assert announced[-1] == ("Quiz: What spreading means: check. Question 1 of 2. Breast "
                                 "cancer has spread to the bones. What is it called?")
    lesson = make_app(start=("lesson", "sample-basics"))
    async with lesson.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        await pilot.press("right")
        await _settle(pilot)
        said = len(announced)
        await pilot.press("f1")
        await _settle(pilot)
        await pilot.press("escape")
        await _settle(pilot)
        assert len(announced) == said + 2
        assert announced[-1].endswith("Page 2 of 3: " + announced[said - 1].rsplit(": ", 1)[1])


async def test_in_a_terminal_no_screen_composes_or_announces(make_app):
    app = make_app(welcomed=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        await pilot.press("escape", "f1")
        await _settle(pilot)
        await pilot.press("escape", "s")
        await _settle(pilot)
        assert not app.announcing
        assert app._to_announce is None


@pytest.mark.skipif(sys.platform == "win32" or not hasattr(os, "fork"),
                    reason="needs a pseudo-terminal (POSIX)")
def test_home_and_help_in_a_real_terminal_write_no_announcement(tmp_path):
    """`learnmeta` on a pseudo-terminal: home, Help (F1), home again, Settings; not one byte of
    the announcement's sequence is written."""
    from kill_harness import press, run_in_terminal, stop, wait_for

    from learnmeta.progress import ProgressStore

    progress = tmp_path / "progress.toml"
    store = ProgressStore.open(progress)
    store.update_settings(welcomed=True)
    store.close()
    env = {**os.environ, "LEARNMETA_HOME": str(tmp_path / "home"), "TERM": "xterm-256color"}
    pid, fd, output = run_in_terminal(["--progress", str(progress)], env)
    try:
        assert wait_for(lambda: b"Lessons" in b"".join(output)), b"".join(output)[-2000:]
        press(fd, output, b"\x1bOP", b"Help: keys")
        press(fd, output, b"\x1b", b"Lessons")
        press(fd, output, b"s", b"Settings")
    finally:
        stop(pid, fd)
    drawn = b"".join(output)
    assert b"\x1b]" + str(ANNOUNCE_OSC).encode() not in drawn
    assert str(ANNOUNCE_OSC).encode() + b";" not in drawn


async def test_a_fault_in_the_words_for_a_screen_reader_never_ends_the_session(make_app, announced, monkeypatch):
    """The opening and focus words are a side channel for the browser's screen reader: were one
    of them to fail on some screen or widget, the learner's app must go on (p7-attack: the words
    code had no guard, and an exception in it would have closed the session)."""
    from learnmeta.app import opening

    def broken(*args, **kwargs):
        raise RuntimeError("words failed")

    monkeypatch.setattr(opening, "opening_words", broken)
    monkeypatch.setattr(opening, "where_focus_is", broken)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        await pilot.press("tab")
        await pilot.press("s")
        await _settle(pilot)
        assert app.is_running and type(app.screen).__name__ == "SettingsScreen"
        await pilot.press("escape")
        await _settle(pilot)
        assert app.is_running and type(app.screen).__name__ == "HomeScreen"
        assert announced == []
