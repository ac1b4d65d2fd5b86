"""First run: the welcome screen says what this is, asks a name and a track, and shows once."""

from __future__ import annotations

import tomllib

from learnmeta.app.screens.home import HomeScreen
from learnmeta.app.screens.welcome import WelcomeScreen


async def test_first_run_welcome_says_what_this_is_and_that_it_is_not_medical_advice(make_app, screen_text):
    app = make_app(welcomed=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert isinstance(app.screen, WelcomeScreen)
        assert "metastatic cancer" in text
        assert "not medical advice" in text
        assert "healthcare team knows" in text
        assert "Nothing leaves this computer" in text
        assert "Your name (optional" in text
        assert "On my own" in text and "In a course" in text
        assert "Start learning" in text


async def test_welcome_saves_name_and_course_track_and_is_not_shown_again(make_app, tmp_path, screen_text):
    progress = tmp_path / "ann.toml"
    app = make_app(progress=progress, welcomed=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(*"Ann", "enter")  # name typed, Enter moves to the track choice
        assert "↑ ↓ to choose, then Enter to go on to Start learning." in screen_text(app)
        await pilot.press("down", "enter")  # "In a course", and on to Start learning
        assert "Press Enter to start learning." in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "Hello, Ann." in screen_text(app)
    app.store.close()
    saved = tomllib.loads(progress.read_text(encoding="utf-8"))
    assert saved["learner"]["name"] == "Ann"
    assert saved["learner"]["track"] == "course"
    assert saved["learner"]["welcomed"] is True

    again = make_app(progress=progress, welcomed=False)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, HomeScreen)


async def test_enter_alone_takes_a_new_learner_from_the_name_box_to_home(make_app, tmp_path, screen_text):
    for size in [(80, 24), (60, 20)]:
        app = make_app(progress=tmp_path / f"{size[0]}.toml", welcomed=False)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            assert "Press Enter to go on to how you are learning." in screen_text(app)
            await pilot.press(*"Bo", "enter", "enter")
            await pilot.pause()
            assert isinstance(app.screen, WelcomeScreen)
            assert "Press Enter to start learning." in screen_text(app)  # said, and in view
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            assert "Hello, Bo." in screen_text(app)
            assert app.store.settings.track == "self"


async def test_welcome_can_be_left_with_escape_and_no_name(make_app, tmp_path):
    progress = tmp_path / "p.toml"
    app = make_app(progress=progress, welcomed=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    app.store.close()
    saved = tomllib.loads(progress.read_text(encoding="utf-8"))
    assert saved["learner"]["welcomed"] is True
    assert "name" not in saved["learner"]


async def test_welcome_is_reachable_again_from_help(make_app, screen_text):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("f1")
        await pilot.pause()
        await pilot.press("tab", "enter")  # the first button: the welcome page
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        assert "Nothing leaves this computer" in screen_text(app)


async def test_welcome_opens_at_its_top_with_what_enter_does_in_view(make_app, tmp_path, screen_text):
    """At 60x20 the focus in the name box scrolled the welcome down past its first paragraph."""
    for size in [(60, 20), (80, 24)]:
        app = make_app(progress=tmp_path / f"top-{size[0]}.toml", welcomed=False)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await pilot.pause()
            text = screen_text(app)
            assert isinstance(app.screen, WelcomeScreen)
            assert "learnmeta helps you learn about metastatic cancer" in text, size
            assert "not medical advice. Your" in text and "Nothing leaves this computer" in text, size
            assert "Press Enter to go on to how you are learning." in text, size
            assert app.focused is not None and app.focused.id == "name"
            await pilot.press(*"Cy", "enter")
            assert "↑ ↓ to choose, then Enter to go on to Start learning." in screen_text(app)
            assert "On my own" in screen_text(app)  # the focused choice scrolled into view
            await pilot.press("enter")
            assert "Press Enter to start learning." in screen_text(app)
            assert "Start learning" in screen_text(app).replace("start learning.", "")


async def test_a_learner_who_answered_in_plain_mode_is_not_welcomed_as_new(make_app, tmp_path, screen_text):
    """Plain mode has no welcome screen and leaves welcomed = false; the app then greeted a
    learner with answers saved as a first-time user. It opens on home."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    progress = tmp_path / "ann.toml"
    repo = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-m", "learnmeta", "--plain", "--progress", str(progress), "quiz",
         "what-is-metastatic-cancer"], input="1\nquit\n", capture_output=True, text=True,
        env={**os.environ, "PYTHONPATH": str(repo)}, cwd=repo, timeout=60)
    assert done.returncode == 0, done.stderr
    assert tomllib.loads(progress.read_text(encoding="utf-8"))["learner"]["welcomed"] is False
    app = make_app(progress=progress, welcomed=False, builtin=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "Welcome to learnmeta" not in screen_text(app)


async def test_a_new_learner_started_on_a_quiz_is_still_welcomed(make_app, tmp_path):
    app = make_app(progress=tmp_path / "new.toml", welcomed=False, builtin=True,
                   start=("quiz", "what-is-metastatic-cancer"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)


async def test_escape_skips_the_welcome_and_saves_no_stray_key_as_the_name(make_app, tmp_path, screen_text):
    """An escape sequence cut short and then Escape (as a terminal sends them, through Textual's
    own parser) typed "^[" into the name box, and Escape saved it as the learner's name."""
    from textual._xterm_parser import XTermParser
    from textual.events import Key

    parser = XTermParser()
    tokens = [*parser.feed("\x1b[\x1b"), *parser.feed("")]
    keys = [token.key for token in tokens if isinstance(token, Key)]
    assert keys[-1] == "escape" and len(keys) > 1  # the stray keys, then Escape
    for size in [(80, 24), (60, 20)]:
        progress = tmp_path / f"stray-{size[0]}.toml"
        app = make_app(progress=progress, welcomed=False)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            footer = screen_text(app).splitlines()[-1]
            await pilot.press(*keys)
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            assert "Hello" not in screen_text(app)
        app.store.close()
        saved = tomllib.loads(progress.read_text(encoding="utf-8"))
        assert saved["learner"]["welcomed"] is True
        assert "name" not in saved["learner"], saved["learner"]
        assert "esc Skip" in footer  # what Escape does, in the footer
