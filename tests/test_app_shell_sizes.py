"""Right at 80x24 and still usable at 60x20; resizing loses nothing."""

from __future__ import annotations

from learnmeta.app.screens.home import HomeScreen
from learnmeta.app.screens.lesson import LessonScreen


async def test_home_at_60x20_still_shows_continue_lessons_and_the_safety_line(make_app, screen_text):
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Start: What spreading means" in text
        assert "1. What spreading means" in text
        assert "not medical advice" in text and "F2: support" in text
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert "page 1 of 3" in text and "Where cancer starts" in text
        assert "not medical advice" in text


async def test_first_run_can_be_completed_by_keyboard_at_60x20(make_app):
    app = make_app(welcomed=False)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        await pilot.press("tab", "tab", "enter")  # name (empty), track, start
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.store.settings.welcomed


async def test_resizing_mid_lesson_keeps_the_page_and_the_progress(make_app, screen_text):
    app = make_app(start=("lesson", "sample-basics"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("right")
        await pilot.pause()
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        text = screen_text(app)
        assert "page 2 of 3" in text and "How it is named" in text
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert "page 2 of 3" in screen_text(app)
        await pilot.press("right")
        await pilot.pause()
        assert "page 3 of 3" in screen_text(app)
    assert app.store.lesson_state("sample-basics").last_page == "team"


async def test_other_screens_fit_at_60x20(make_app, screen_text):
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        for key, expected in [("g", "Glossary"), ("w", "Where cancer spreads"), ("s", "Settings"),
                              ("f1", "Help: keys"), ("f2", "Support")]:
            await pilot.press(key)
            await pilot.pause()
            text = screen_text(app)
            assert expected in text.splitlines()[0]
            assert "F2: support" in text
            assert all(len(line) <= 60 for line in text.splitlines())
            app.go_home()
            await pilot.pause()
