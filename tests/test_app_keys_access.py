"""Keys that do what they say: ↑ ↓ choose on the welcome and in Settings, Tab on the results
lands on the list, the footer offers no key that does nothing, help lists every screen's keys,
and a terminal that says it has no colour gets none."""

from __future__ import annotations

from textual.widgets import OptionList

from learnmeta.app.screens.home import HomeScreen
from learnmeta.app.screens.results import ResultsScreen
from learnmeta.app.screens.settings import SettingsScreen


def footer_text(screen_text, app) -> str:
    return screen_text(app).splitlines()[-1]


async def test_on_the_welcome_down_chooses_in_a_course(make_app):
    app = make_app(welcomed=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # name (empty): on to how you are learning
        await pilot.press("down")  # the hint says: ↑ ↓ to choose
        await pilot.press("tab")  # on to Start learning without Enter or Space: still chosen
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert app.store.settings.track == "course"


async def test_in_settings_down_chooses_and_saves_the_track(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        await pilot.press("tab", "tab")  # colours, reduced motion, how you are learning
        await pilot.press("down")
        await pilot.pause()
        assert app.store.settings.track == "course"
        await pilot.press("up")
        await pilot.pause()
        assert app.store.settings.track == "self"


async def test_tab_on_the_results_lands_on_the_list(make_app, screen_text):
    app = make_app(start=("quiz", "sample-pack"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for _ in range(10):  # skip every question, twice: all are left, to read about
            if isinstance(app.screen, ResultsScreen):
                break
            await pilot.press("k")
            await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        assert "Tab to the list" in screen_text(app)
        await pilot.press("tab")
        await pilot.pause()
        assert isinstance(app.screen.focused, OptionList) and app.screen.focused.id == "results-missed"


async def test_the_lesson_footer_offers_back_and_next_only_where_they_work(make_app, screen_text):
    app = make_app(start=("lesson", "sample-basics"))
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.pause()
        footer = footer_text(screen_text, app)
        assert "→ Next" in footer and "← Back" not in footer  # the first page
        await pilot.press("left")  # does nothing, and is not offered
        await pilot.press("right")
        await pilot.pause()
        assert "← Back" in footer_text(screen_text, app)
        for _ in range(5):
            await pilot.press("right")
            await pilot.pause()
        assert app.screen.at_end
        footer = footer_text(screen_text, app)
        assert "→ Next" not in footer and "← Back" in footer


async def test_help_lists_the_keys_of_every_screen(make_app, screen_text):
    app = make_app()
    async with app.run_test(size=(100, 200)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        text = " ".join(screen_text(app).split())
        for section in ("Home", "Reading a lesson", "Quiz and review", "Results", "Glossary",
                        "Where cancer spreads", "Welcome and Settings", "My questions for my next visit"):
            assert section in text, section
        assert "from the buttons, Tab goes straight to the list of questions" in text
        assert "choose how you are learning" in text


def test_a_terminal_without_colour_turns_colour_off(monkeypatch):
    from learnmeta.cli.launch import monochrome_terminal

    for term, mono in [("xterm-mono", True), ("vt100-m", True), ("xterm-256color", False), ("xterm", False)]:
        monkeypatch.setenv("TERM", term)
        assert monochrome_terminal() is mono, term


async def test_with_no_color_the_highlighted_line_of_a_list_is_reversed(make_app, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.no_color
        lessons = app.screen.query_one("#lessons", OptionList)
        lessons.focus()
        await pilot.pause()
        assert lessons.get_component_rich_style("option-list--option-highlighted").reverse
    monkeypatch.delenv("NO_COLOR")
    plain_app = make_app()
    async with plain_app.run_test(size=(80, 24)) as pilot:
        lessons = plain_app.screen.query_one("#lessons", OptionList)
        lessons.focus()
        await pilot.pause()
        assert not lessons.get_component_rich_style("option-list--option-highlighted").reverse


async def test_settings_open_on_the_track_chosen_and_the_arrows_move_from_there(make_app):
    app = make_app(track="course")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert app.store.settings.track == "course"  # opening changes nothing
        await pilot.press("tab", "tab", "up")
        await pilot.pause()
        assert app.store.settings.track == "self"


async def test_the_welcome_shown_again_keeps_the_track(make_app):
    app = make_app(track="course")
    async with app.run_test(size=(80, 24)) as pilot:
        app.show_welcome()
        await pilot.pause()
        await pilot.press("escape")  # start learning, as it was
        await pilot.pause()
    assert app.store.settings.track == "course"
