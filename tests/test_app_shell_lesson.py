"""The lesson reader: page x of y, next and back by keys, glossary terms, key points, the knowledge
check, saved on every page turn, and reopening where the learner left off after a restart."""

from __future__ import annotations

import tomllib

from textual.widgets import Markdown

from learnmeta.app.screens.home import HomeScreen
from learnmeta.app.screens.lesson import LessonScreen
from learnmeta.app.screens.page_terms import PageTermsDialog


def saved(path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


async def test_lesson_pages_turn_with_arrow_keys_and_show_page_x_of_y(make_app, screen_text):
    app = make_app(start=("lesson", "sample-basics"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "What spreading means" in text and "page 1 of 3" in text
        assert "Where cancer starts" in text
        await pilot.press("right")
        await pilot.pause()
        text = screen_text(app)
        assert "page 2 of 3" in text and "How it is named" in text
        await pilot.press("left")
        await pilot.pause()
        assert "page 1 of 3" in screen_text(app)
        await pilot.press("left")  # already at the first page: stays there
        await pilot.pause()
        assert "page 1 of 3" in screen_text(app)
        await pilot.press("enter")  # Enter goes on too
        await pilot.pause()
        assert "page 2 of 3" in screen_text(app)


async def test_every_page_turn_is_saved_and_the_end_marks_the_lesson_done(make_app, tmp_path, screen_text):
    progress = tmp_path / "p.toml"
    app = make_app(progress=progress, start=("lesson", "sample-basics"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        lesson = saved(progress)["lessons"]["sample-basics"]
        assert lesson["last_page"] == "naming"
        assert lesson["pages_seen"] == ["starts", "naming"]
        assert "completed" not in lesson
        await pilot.press("n", "n")
        await pilot.pause()
        text = screen_text(app)
        assert "Key points" in text
        assert "Cancer that spreads keeps the name of where it started." in text
        assert "Ask your healthcare team where your cancer started." in text
        assert "Check what you learned (2 questions)" in text
        assert "completed" in saved(progress)["lessons"]["sample-basics"]


async def test_knowledge_check_at_the_end_starts_a_quiz_of_the_lessons_questions(make_app):
    app = make_app(start=("lesson", "sample-basics"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("right", "right", "right")
        await pilot.pause()
        await pilot.press("enter")  # the focused button: check what you learned
        await pilot.pause()
        from learnmeta.app.screens.quiz import QuizScreen

        assert isinstance(app.screen, QuizScreen)
        session = app.screen.session
        assert session.mode == "check"
        assert [q.id for _, q in session.items] == ["name-rule", "same-cells"]


async def test_lesson_reopens_at_the_last_page_read_after_a_restart(make_app, tmp_path, screen_text):
    progress = tmp_path / "p.toml"
    first = make_app(progress=progress)
    async with first.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # continue: the first lesson
        await pilot.pause()
        assert isinstance(first.screen, LessonScreen)
        await pilot.press("right")
        await pilot.pause()
    first.store.close()

    second = make_app(progress=progress)
    async with second.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(second)
        assert "Continue: What spreading means, page 2 of 3" in text
        assert "in progress: 2 of 3 pages" in text
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(second)
        assert "page 2 of 3" in text and "How it is named" in text


async def test_escape_closes_the_lesson_and_home_shows_its_state(make_app, screen_text):
    app = make_app(start=("lesson", "sample-basics"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("right", "right", "right", "escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "What spreading means  (done ✓)" in screen_text(app)


async def test_g_shows_the_glossary_terms_on_the_page(make_app, screen_text):
    app = make_app(start=("lesson", "sample-basics"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, PageTermsDialog)
        text = screen_text(app)
        assert "primary: The place in the body where a cancer started." in text
        assert "metastatic cancer: Cancer that has spread" in text
        assert "lymph nodes" not in text  # not on this page
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)


async def test_links_in_a_page_are_shown_not_opened(make_app, screen_text, monkeypatch):
    app = make_app(start=("lesson", "sample-basics", "naming"))
    opened = []
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        monkeypatch.setattr(app._driver, "open_url", lambda *a, **k: opened.append(a))
        await pilot.pause()
        await pilot.press("right")
        await pilot.pause()
        markdown = app.screen.query_one(Markdown)
        markdown.post_message(Markdown.LinkClicked(markdown, "https://example.org/more"))
        await pilot.pause()
        assert "Link: https://example.org/more" in screen_text(app)
    assert opened == []


async def test_a_knowledge_check_naming_no_known_question_says_so_and_stays(make_app, screen_text):
    app = make_app(start=("lesson", "sample-basics"))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        app.start_quiz("sample-pack", ["no-such-question"], mode="check")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert "None of those questions" in screen_text(app)


async def test_read_more_from_a_quiz_leaves_the_lesson_bookmark_where_it_was(make_app, tmp_path, screen_text):
    progress = tmp_path / "p.toml"
    app = make_app(progress=progress, start=("lesson", "sample-basics"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("escape")  # read page 1, back home
        await pilot.pause()
        app.open_lesson("sample-basics", "team")  # as the quiz's "read more" calls it
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert "Talking to your team" in screen_text(app) and "page 3 of 3" in screen_text(app)
        await pilot.press("right")  # even the key points: nothing is saved
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        text = screen_text(app)
        assert "Continue: What spreading means, page 1 of 3" in text
        assert "in progress: 1 of 3 pages" in text
    app.store.close()
    lesson = saved(progress)["lessons"]["sample-basics"]
    assert lesson["last_page"] == "starts" and "completed" not in lesson


async def test_a_finished_lesson_reopens_at_its_first_page(make_app, screen_text):
    app = make_app(start=("lesson", "sample-basics"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for _ in range(3):
            await pilot.press("right")
            await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.store.lesson_state("sample-basics").completed
        app.open_lesson("sample-basics")  # as the home list does
        await pilot.pause()
        assert "page 1 of 3" in screen_text(app) and "Where cancer starts" in screen_text(app)


async def test_the_end_line_fits_at_60_columns_and_says_what_enter_does(make_app, screen_text):
    app = make_app(start=("lesson", "sample-basics"))
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        assert "Page 1 of 3  → Next" in screen_text(app)
        for _ in range(3):
            await pilot.press("right")
            await pilot.pause()
        text = screen_text(app)
        assert "Enter: check what you learned" in text
        assert "…" not in [line for line in text.splitlines() if "Enter:" in line][0]
        await pilot.press("tab")  # to the Home button
        await pilot.pause()
        assert "Enter: back to home" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_each_page_is_rendered_once_and_shown_by_turning(make_app, screen_text):
    """The first page is drawn at once and the others just after; turning shows a page already
    rendered (one Markdown widget per page, however often the learner turns back and forth)."""
    app = make_app(start=("lesson", "sample-basics"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        bodies = app.screen.query(Markdown)
        assert sorted(body.id for body in bodies) == ["page-body-0", "page-body-1", "page-body-2"]
        for key in ("right", "right", "left", "left", "right"):
            await pilot.press(key)
        await pilot.pause()
        assert len(app.screen.query(Markdown)) == 3
        shown = [body.id for body in app.screen.query(Markdown) if body.display]
        assert shown == ["page-body-1"]
        assert "page 2 of 3" in screen_text(app) and "How it is named" in screen_text(app)


async def test_a_page_turned_to_before_the_others_are_rendered_is_rendered_then(make_app, screen_text):
    app = make_app(start=("lesson", "sample-basics"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, LessonScreen)
        screen._render_other_pages = lambda: None  # as if the learner were faster than the app
        await pilot.pause()
        for body in list(screen.query(Markdown)):
            if body.id != "page-body-0":
                await body.remove()
        await pilot.press("right")
        await pilot.pause()
        assert "page 2 of 3" in screen_text(app) and "How it is named" in screen_text(app)
        assert [body.id for body in screen.query(Markdown) if body.display] == ["page-body-1"]


async def test_enter_on_a_freshly_opened_lesson_turns_the_page_and_never_starts_the_check(make_app, screen_text):
    """The end-of-lesson buttons are hidden on pages and must not take the focus: Enter, on
    opening and after a dialog closes, turns the page."""
    app = make_app(start=("lesson", "sample-basics"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.focused is None
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert "page 2 of 3" in screen_text(app)
        await pilot.press("f1")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("space", "enter")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen), "Enter after a dialog started the check"
        assert "page 3 of 3" in screen_text(app)


async def test_home_and_end_scroll_a_long_page(make_app):
    app = make_app(start=("lesson", "sample-basics"))
    async with app.run_test(size=(60, 12)) as pilot:
        await pilot.pause()
        reader = app.screen.query_one("#reader")
        assert reader.max_scroll_y > 0
        await pilot.press("end")
        await pilot.pause()
        assert reader.scroll_y == reader.max_scroll_y
        await pilot.press("home")
        await pilot.pause()
        assert reader.scroll_y == 0


async def test_space_pages_down_like_pgdn_and_q_does_not_leave_the_lesson(make_app, screen_text):
    """Readers page down with Space (found by a new-user walkthrough: Space did nothing). q is
    home's Quit only (Ctrl+Q quits everywhere): in the reader it neither quits nor closes."""
    app = make_app(start=("lesson", "sample-basics"))
    async with app.run_test(size=(60, 12)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "What you will learn" in text
        assert "doctors call it metastatic cancer" not in text
        await pilot.press("space")
        await pilot.pause()
        text = screen_text(app)
        assert "doctors call it metastatic cancer" in text, text
        assert "What you will learn" not in text
        assert "page 1 of 3" in text
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.is_running
        assert "page 1 of 3" in screen_text(app)
    help_app = make_app(start=("lesson", "sample-basics"))
    async with help_app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        from learnmeta.app.screens.help import HelpScreen

        assert isinstance(help_app.screen, HelpScreen)
        assert "a screenful down, like PgDn" in screen_text(help_app)
