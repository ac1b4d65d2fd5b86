"""What a learner needs is on the screen at 80x24 and 60x20, without scrolling: the button at the
end of a lesson, the Close button of the "Words on this page" window, F1 and F2 in the footer,
Settings on home, the keys of the reset question, and the disclaimer under a notice."""

from __future__ import annotations

import pytest
from textual.widgets import Button

from waiting import footer_settled, until

from learnmeta.app.screens.lesson import LessonScreen
from learnmeta.app.screens.page_terms import PageTermsDialog

SIZES = [(80, 24), (60, 20)]


def fully_shown(app, widget) -> bool:
    """The widget's whole box is drawn: not scrolled away, not cut off by what holds it."""
    geometry = app.screen.find_widget(widget)
    return geometry.region.height > 0 and geometry.clip.contains_region(geometry.region)


@pytest.mark.parametrize("size", SIZES)
async def test_the_end_of_a_long_lesson_shows_the_focused_check_button(make_app, screen_text, size):
    app = make_app(builtin=True, start=("lesson", "what-is-metastatic-cancer"))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        await pilot.press(*["right"] * len(app.screen.lesson.pages))
        await pilot.pause()
        text = screen_text(app)
        assert "Key points" in text  # the top of the key points...
        button = app.focused
        assert isinstance(button, Button) and button.id == "check"
        assert "Check what you learned (" in text  # ...and the focused button, both in view
        assert fully_shown(app, button)
        await pilot.press("down", "down")  # the key points scroll while the button has the focus
        await pilot.pause()
        assert app.screen.query_one("#reader").scroll_y > 0
        assert app.focused is button


@pytest.mark.parametrize("size", SIZES)
async def test_the_words_window_fits_and_its_close_button_shows(make_app, screen_text, size):
    app = make_app(builtin=True, start=("lesson", "what-is-metastatic-cancer"))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press(*["right"] * len(app.screen.lesson.pages), "g")  # every word of the lesson
        await pilot.pause()
        assert isinstance(app.screen, PageTermsDialog)
        text = screen_text(app)
        assert "Words on this page" in text
        assert "Close (g or Escape)" in text
        close = app.screen.query_one("#close", Button)
        dialog = app.screen.query_one("#dialog")
        assert fully_shown(app, close) and dialog.region.bottom <= size[1] - 2
        assert "not medical advice" in text.splitlines()[-2]  # the disclaimer is not covered
        terms = app.screen.query_one("#terms-list")
        assert terms.max_scroll_y > 0  # the rest of the list is there to scroll to
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)


async def test_the_words_window_at_40x12_leaves_nothing_of_the_lesson_beside_it(make_app, screen_text):
    """At 40x12 the window was taller than the screen, which scrolled: its scrollbar narrowed
    the window and a column of the lesson showed at its right edge."""
    app = make_app(builtin=True, start=("lesson", "what-is-metastatic-cancer"))
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        await pilot.press("right", "g")
        await pilot.pause()
        assert isinstance(app.screen, PageTermsDialog)
        lines = screen_text(app).splitlines()
        rows = [i for i, line in enumerate(lines) if "█" in line]
        assert rows and rows == list(range(rows[0], rows[-1] + 1)), lines
        for i in rows:  # each row of the window is the window's, edge to edge
            assert lines[i].startswith("█") and lines[i].rstrip().endswith("█"), lines
            assert len(lines[i].rstrip()) == 40, lines
        assert "Close (g or Escape)" in "\n".join(lines)
        assert fully_shown(app, app.screen.query_one("#close", Button))
        assert "medical advice" in lines[-2]  # the disclaimer is not covered


@pytest.mark.parametrize("size", SIZES)
async def test_every_shell_screen_shows_f1_help_and_f2_support_in_the_footer(make_app, screen_text, size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        for key, title in [("", "learnmeta"), ("s", "Settings"), ("g", "Glossary"),
                           ("w", "Where cancer spreads"), ("f1", "Help"), ("f2", "Support"),
                           ("enter", "What spreading means")]:
            if key:
                await pilot.press(key)
            await until(pilot, lambda: title in screen_text(app).splitlines()[0] and footer_settled(app),
                        f"{title} and its footer")
            lines = screen_text(app).splitlines()
            assert title in lines[0]
            footer = lines[-1]
            assert "f1 Help" in footer and "f2 Support" in footer, (title, footer)
            if title == "learnmeta":
                assert "s Settings" in footer
            app.go_home()
            await pilot.pause()


async def test_the_first_quiz_question_shows_f1_and_f2_at_60_columns(make_app, screen_text):
    app = make_app(start=("quiz", "sample-pack"))
    async with app.run_test(size=(60, 20)) as pilot:
        await until(pilot, lambda: footer_settled(app), "the question's footer")
        footer = screen_text(app).splitlines()[-1]
        assert "f1 Help" in footer and "f2 Support" in footer, footer


async def test_home_shows_the_settings_button_without_scrolling_at_80x24(make_app, screen_text):
    app = make_app(builtin=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Settings (s)" in screen_text(app)
        assert fully_shown(app, app.screen.query_one("#settings", Button))
        assert "s Settings" in screen_text(app).splitlines()[-1]


@pytest.mark.parametrize("size", SIZES)
async def test_the_reset_question_shows_its_keys_and_n_says_no(make_app, screen_text, size):
    from learnmeta.app.screens.confirm import ConfirmDialog
    from learnmeta.app.screens.settings import SettingsScreen

    app = make_app()
    app.store.record_page("sample-basics", "starts", 3)
    async with app.run_test(size=size) as pilot:
        await pilot.press("s")
        await pilot.pause()
        app.screen.query_one("#reset", Button).press()
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog) and footer_settled(app)
                    and screen_text(app).splitlines()[-1].strip() != "", "the reset question and its footer")
        text = screen_text(app)
        assert "No, keep it (n)" in text and "Yes, start again (y)" in text
        footer = text.splitlines()[-1]
        # The footer uses the buttons' words, not a bare Yes/No beside them.
        assert "y Yes, start again" in footer and "n/Esc No, keep it" in footer, footer
        assert "y Yes " not in footer + " "
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        assert app.store.lesson_state("sample-basics").pages_seen == 1


async def test_reduced_motion_says_its_state_in_words_and_a_tick(make_app, screen_text):
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert "▐ ▌ Reduced motion: off (animations shown)" in screen_text(app)
        await pilot.press("tab", "space")
        await pilot.pause()
        assert "▐✓▌ Reduced motion: on (no animations)" in screen_text(app)
        assert app.store.settings.reduced_motion is True


@pytest.mark.parametrize("size", SIZES)
async def test_a_long_notice_sits_above_the_disclaimer_line(make_app, screen_text, size):
    app = make_app()
    async with app.run_test(size=size, notifications=True) as pilot:
        await pilot.pause()
        app.say("Your progress file could not be read, so it was kept aside and a new one was "
                "started. Nothing you saved before is lost: the old file is still there.", timeout=30)
        await until(pilot, lambda: "Your progress" in screen_text(app), "the notice to show")
        lines = screen_text(app).splitlines()
        assert any("Your progress" in line for line in lines)  # the notice shows...
        assert "General information, not medical advice" in lines[-2]  # ...and so does this
        assert "f2 Support" in lines[-1]
