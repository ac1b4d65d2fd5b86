"""'My questions for my next visit' in the app: tick the lessons' questions for the healthcare
team, in words ([x], never by colour alone), and save the checklist to print (review 2, C17)."""

from __future__ import annotations

from learnmeta.app.screens.lesson import LessonScreen
from learnmeta.app.screens.questions import QuestionsScreen
from waiting import until


async def test_ticking_a_question_shows_it_in_words_and_the_saved_list_keeps_the_tick(make_app, screen_text, tmp_path):
    app = make_app(builtin=True)
    async with app.run_test(size=(80, 24)) as pilot:
        app.show_questions()
        await until(pilot, lambda: isinstance(app.screen, QuestionsScreen), "the questions screen")
        await until(pilot, lambda: "[ ] Where did my cancer start?" in screen_text(app), "the first question")
        text = screen_text(app)
        assert "My questions for my next visit" in text and "s Save to print" in text
        await pilot.press("space")
        await until(pilot, lambda: "[x] Where did my cancer start?" in screen_text(app), "the tick")
        await pilot.press("down", "enter", "enter")  # Enter ticks too; twice is no tick
        await until(pilot, lambda: "[ ] Has my cancer spread? If so" in screen_text(app), "the untick")
        await pilot.press("s")
        await until(pilot, lambda: "Print it, and take it" in screen_text(app), "the saved message")
    saved = (tmp_path / "progress-questions.txt").read_text(encoding="utf-8")
    assert saved.startswith("My questions for my next visit")
    assert "[x] Where did my cancer start?\n" in saved
    assert "[ ] Has my cancer spread? If so, where has it spread?\n" in saved


async def test_the_key_points_page_offers_the_questions_with_m(make_app, screen_text):
    app = make_app(builtin=True)
    lesson = app.library.lessons[0]
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_lesson(lesson.id)
        await until(pilot, lambda: isinstance(app.screen, LessonScreen), "the lesson")
        await pilot.press("m")  # on a page, m does nothing
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        for _ in lesson.pages_for(None):
            await pilot.press("right")
        await until(pilot, lambda: "Key points" in screen_text(app), "the key points")
        assert "m My questions" in screen_text(app)  # in the footer, on this page only
        await pilot.press("m")
        await until(pilot, lambda: isinstance(app.screen, QuestionsScreen), "the questions screen")


async def test_a_list_that_cannot_be_saved_says_so_and_the_app_goes_on(make_app, screen_text, tmp_path):
    (tmp_path / "progress-questions.txt").mkdir()  # a folder where the file would go
    app = make_app(builtin=True)
    async with app.run_test(size=(80, 24)) as pilot:
        app.show_questions()
        await until(pilot, lambda: isinstance(app.screen, QuestionsScreen), "the questions screen")
        await pilot.press("s")
        await until(pilot, lambda: "could not be saved" in screen_text(app), "the message")
        assert app.is_running


async def test_saving_again_keeps_the_list_it_replaces_when_it_was_changed(make_app, screen_text, tmp_path):
    """The saved list is the learner's to write in: saving again replaced it silently."""
    mine = tmp_path / "progress-questions.txt"
    mine.write_text("My questions for my next visit\n[ ] my own question, added by hand\n", encoding="utf-8")
    app = make_app(builtin=True)
    async with app.run_test(size=(80, 24)) as pilot:
        app.show_questions()
        await until(pilot, lambda: isinstance(app.screen, QuestionsScreen), "the questions screen")
        await pilot.press("s")
        await until(pilot, lambda: "Print it, and take it" in screen_text(app), "the saved message")
        assert "progress-questions.txt.bak" in screen_text(app).replace("\n", "")
    assert "my own question, added by hand" in (tmp_path / "progress-questions.txt.bak").read_text(encoding="utf-8")
    assert "Where did my cancer start?" in mine.read_text(encoding="utf-8")
