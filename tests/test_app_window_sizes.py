"""Small and large windows: one calm message below what a screen can serve (and back when the
window grows), the disclaimer whole from 60x20 up, and a reading measure of about 80 columns
on a wide terminal. Sizes: 40x15, 60x20, 80x24 and 120x40."""

from __future__ import annotations

import pytest

from learnmeta.app.screens.home import HomeScreen
from learnmeta.app.screens.lesson import LessonScreen
from learnmeta.app.screens.page_terms import PageTermsDialog
from learnmeta.app.screens.support import SupportScreen
from learnmeta.app.screens.too_small import TooSmallScreen

TOO_SMALL = "Make the window a little bigger (at least 60×20)."
TOO_SMALL_KEYS = "F1: help · F2: support · Ctrl+Q: quit"
DISCLAIMER = "General information, not medical advice."


async def test_a_window_too_small_says_so_calmly_and_comes_back_when_it_grows(make_app, screen_text):
    app = make_app()
    async with app.run_test(size=(40, 15)) as pilot:
        for _ in range(50):  # the notice opens after the first frame (on a loaded machine, later)
            await pilot.pause()
            if isinstance(app.screen, TooSmallScreen) and screen_text(app).strip():
                break
            await pilot.pause(0.02)
        text = screen_text(app)
        assert isinstance(app.screen, TooSmallScreen)
        # That one message (and the keys this screen has), nothing broken around it.
        assert " ".join(text.split()) == f"{TOO_SMALL} {TOO_SMALL_KEYS}"
        await pilot.press("l")  # keys do not reach the screen underneath meanwhile
        await pilot.press("f2")  # support is there for a small window too
        await pilot.pause()
        assert isinstance(app.screen, SupportScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        text = screen_text(app)
        assert "Start: What spreading means" in text and TOO_SMALL not in text
        await pilot.resize_terminal(59, 20)
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_a_window_too_small_names_the_keys_to_help_and_to_quit(make_app, screen_text):
    """A window that cannot grow (a small terminal, a phone) leaves the learner only this
    screen: it says how to get help and how to leave, and those keys do what it says."""
    app = make_app()
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        assert TOO_SMALL_KEYS in screen_text(app)
        await pilot.press("f1")
        await pilot.pause()
        assert "Help: keys" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running


async def test_the_lesson_reader_serves_a_smaller_window_than_home(make_app, screen_text):
    app = make_app(start=("lesson", "sample-basics"))
    async with app.run_test(size=(40, 15)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        text = screen_text(app)
        assert "page 1 of 3" in text and "Not medical advice. F2: support" in text
        await pilot.press("right")
        await pilot.pause()
        assert "page 2 of 3" in screen_text(app)
        await pilot.press("escape")  # home needs 60x20: the message, naming that size
        await pilot.pause()
        await pilot.pause()
        assert TOO_SMALL in " ".join(screen_text(app).split())
        await pilot.resize_terminal(30, 10)
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
    assert app.store.lesson_state("sample-basics").last_page is not None


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (120, 40)])
async def test_from_60x20_up_the_main_screens_open_whole_with_the_disclaimer(make_app, screen_text, size):
    app = make_app(start=("quiz", "sample-pack"))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.pause()
        text = screen_text(app)
        assert TOO_SMALL not in text
        assert DISCLAIMER in text
        question = app.screen.session.current
        assert question.prompt[:40] in " ".join(text.split())  # the question, at the top
        app.go_home()
        await pilot.pause()
        for key in ("f2", "g", "w", "f1"):
            await pilot.press(key)
            await pilot.pause()
            text = screen_text(app)
            assert DISCLAIMER in text, key
            assert TOO_SMALL not in text, key
            app.go_home()
            await pilot.pause()


async def test_welcome_opens_at_its_top_at_60x20(make_app, screen_text):
    app = make_app(welcomed=False)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        await pilot.pause()
        lines = screen_text(app).splitlines()
        assert "Welcome to learnmeta" in lines[0]
        assert "learnmeta helps you learn" in lines[1]  # its very top, not scrolled down
        top = " ".join(" ".join(lines[1:13]).split())
        assert "not medical advice" in top and "Nothing leaves this computer" in top


async def test_the_welcome_shows_each_part_whole_as_enter_moves_to_it_at_60x20(make_app, screen_text):
    """Enter from the name to the track, then to Start learning: each part the focus moves to is
    in view whole, its bottom edge too, although the line under the form that says what Enter
    does grows to two lines for the button."""
    app = make_app(welcomed=False)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        for part in ("#track", "#start"):
            await pilot.press("enter")
            await pilot.pause()
            await pilot.pause()
            widget = app.screen.query_one(part)
            assert app.focused is widget or widget in app.focused.ancestors
            view = app.screen.query_one("#welcome")
            assert view.content_region.contains_region(widget.region), (part, screen_text(app))
        lines = screen_text(app).splitlines()
        at = next(n for n, line in enumerate(lines) if "Start learning" in line)
        assert "▁▁▁▁" in lines[at + 1][lines[at].index("Start learning") - 2:]  # its bottom edge


async def test_a_wide_terminal_keeps_reading_text_to_about_80_columns(make_app, screen_text):
    app = make_app(start=("lesson", "sample-basics"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.pause()
        body = app.screen.query_one("#page-view")
        assert body.size.width <= 80
        lines = [line.rstrip() for line in screen_text(app).splitlines()[1:-3]]
        assert max(len(line) for line in lines) <= 84
        await pilot.press("f2")
        await pilot.pause()
        assert app.screen.query_one("#support-text").size.width <= 80


async def test_support_lists_helplines_beyond_north_america(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        text = str(app.screen.query_one("#support-text").render())
        assert "Canada: Canadian Cancer Society Cancer Information Helpline, 1-888-939-3333" in text
        assert "1-800-4-CANCER (1-800-422-6237)" in text
        assert "United Kingdom: Macmillan Support Line, 0808 808 00 00" in text
        assert "Elsewhere: ask your healthcare team" in text


async def test_at_60x20_each_built_in_quiz_opens_with_its_longest_question_whole(make_app, screen_text):
    app = make_app(builtin=True)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        for pack in app.library.packs:
            question = max(pack.questions, key=lambda q: len(q.prompt))
            app.start_quiz(pack, [question.id])
            await pilot.pause()
            await pilot.pause()
            words = " ".join(screen_text(app).split())
            assert " ".join(question.prompt.split()) in words, (pack.id, question.id)
            assert DISCLAIMER in words
            app.go_home()
            await pilot.pause()


async def test_at_60x20_the_body_map_list_keeps_its_width(make_app):
    app = make_app(builtin=True)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("w")
        await pilot.pause()
        assert app.screen.query_one("#primaries").size.width >= 20


async def test_a_screen_opened_from_a_lesson_in_a_small_window_can_be_left_with_esc(make_app, screen_text):
    """The lesson reader serves 40x12 and its footer offers g, the page's words: that dialog
    serves 40x12 too (it showed "Make the window a little bigger" over the lesson, with no key
    back). A screen opened from the lesson that needs 60x20 (the glossary, the picture, my
    questions) gets the notice, which says Esc goes back, and Esc does, to the page. Home's
    notice offers no Esc (there is nothing before home)."""
    from waiting import until

    app = make_app(start=("lesson", "sample-basics"))
    async with app.run_test(size=(40, 12)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, LessonScreen), "the lesson")
        await pilot.press("right")
        await until(pilot, lambda: "page 2 of 3" in screen_text(app), "page 2")
        await pilot.press("g")  # the words on this page: a dialog that serves 40x12 too
        await until(pilot, lambda: isinstance(app.screen, PageTermsDialog), "the page's words")
        await pilot.pause()
        assert "Words on this page" in screen_text(app)
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, LessonScreen), "back at the lesson")
        app.show_glossary()
        await until(pilot, lambda: isinstance(app.screen, TooSmallScreen), "the notice")
        assert f"Esc: back · {TOO_SMALL_KEYS}" in " ".join(screen_text(app).split())
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, LessonScreen), "back at the lesson")
        assert "page 2 of 3" in screen_text(app)
        await pilot.press("escape")  # closing the lesson: home, which needs 60x20
        await until(pilot, lambda: isinstance(app.screen, TooSmallScreen), "home's notice")
        text = " ".join(screen_text(app).split())
        assert TOO_SMALL_KEYS in text and "Esc" not in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen) and len(app.screen_stack) == 2
