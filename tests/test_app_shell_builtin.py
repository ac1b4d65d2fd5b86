"""The built-in lessons read from first page to key points at 80x24 (with the glossary terms of
their first page), and the spread picture draws each primary the lessons name."""

from __future__ import annotations

from learnmeta.content.lookup import spread_patterns
from learnmeta.app.screens.body_map import BodyMapScreen
from learnmeta.app.screens.lesson import LessonScreen
from learnmeta.app.screens.page_terms import PageTermsDialog


async def test_every_built_in_lesson_reads_to_its_key_points(make_app, screen_text):
    app = make_app(builtin=True)
    assert app.library.lessons, "no built-in lessons"
    async with app.run_test(size=(80, 24)) as pilot:
        for lesson in app.library.lessons:
            app.open_lesson(lesson.id)
            await pilot.pause()
            count = len(lesson.pages_for(app.store.settings.track))  # self-study: trainee pages offered
            for number in range(1, count + 1):
                assert f"page {number} of {count}" in screen_text(app), (lesson.id, number)
                if number == 1:
                    await pilot.press("g")
                    await pilot.pause()
                    assert isinstance(app.screen, PageTermsDialog)
                    await pilot.press("escape")
                await pilot.press("right")
                await pilot.pause()
            assert isinstance(app.screen, LessonScreen)
            assert "Key points" in screen_text(app)
            assert app.store.lesson_state(lesson.id).completed is not None
            app.go_home()
            await pilot.pause()


async def test_the_spread_picture_shows_every_primary_in_the_built_in_lessons(make_app, screen_text):
    app = make_app(builtin=True)
    patterns = spread_patterns(app.library.lessons)
    assert patterns, "no lesson has spread patterns"
    async with app.run_test(size=(120, 40)) as pilot:
        app.show_body_map()
        await pilot.pause()
        assert isinstance(app.screen, BodyMapScreen)
        seen = {}
        for pattern in patterns:
            text = screen_text(app)
            assert pattern.primary in text and "Common places it spreads to:" in text
            assert "It can also spread to other places." in text and "most often" not in text
            seen[pattern.primary] = text
            await pilot.press("down")
            await pilot.pause()
        # NCI lists the other lung for lung cancer, not the lungs (which would include the first one)
        assert "liver and the other lung." in seen["Lung cancer"] and "● the other lung" in seen["Lung cancer"]
        # the Canadian Cancer Society's testicular page: lymph nodes, then the lungs
        assert "lymph nodes and lungs." in seen["Testicular cancer"]
