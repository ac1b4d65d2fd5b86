"""Glossary search, the "where cancer spreads" picture, support from every screen, help, the
command palette and settings (themes, high contrast, reset that keeps the old file)."""

from __future__ import annotations

import tomllib

import pytest

from learnmeta.app.screens.body_map import BodyMapScreen
from learnmeta.app.screens.confirm import ConfirmDialog
from learnmeta.app.screens.glossary import GlossaryScreen
from learnmeta.app.screens.help import HelpScreen
from learnmeta.app.screens.home import HomeScreen
from learnmeta.app.screens.lesson import LessonScreen
from learnmeta.app.screens.settings import SettingsScreen
from learnmeta.app.screens.support import SupportScreen
from waiting import until


async def test_glossary_filters_as_you_type_and_shows_the_definition(make_app, screen_text):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, GlossaryScreen)
        text = screen_text(app)
        for term in ("healthcare team", "lymph nodes", "metastatic cancer", "primary"):
            assert term in text
        await pilot.press(*"lymph")
        await pilot.pause()
        text = screen_text(app)
        assert "lymph nodes" in text and "Small, bean-shaped organs" in text
        assert "primary" not in text and "metastatic cancer" not in text
        for _ in range(5):
            await pilot.press("backspace")
        await pilot.press(*"metastasis")  # an alias finds its term
        await pilot.pause()
        text = screen_text(app)
        assert "Cancer that has spread from where it started" in text
        assert "Also called: metastasis" in text
        await pilot.press("down")  # into the list; typing and Backspace still edit the search
        assert app.focused.id == "terms"
        for _ in range(len("metastasis")):
            await pilot.press("backspace")
        await pilot.press("down", *"prim")
        await pilot.pause()
        assert app.screen.query_one("#search").value == "prim"
        assert "The place in the body where a cancer started." in screen_text(app)


async def test_glossary_with_no_match_says_so(make_app, screen_text):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("g", *"zzzz")
        await pilot.pause()
        assert "No word matches" in screen_text(app)


async def test_body_map_marks_the_chosen_primarys_sites_with_a_symbol_and_words(make_app, screen_text):
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, BodyMapScreen)
        text = screen_text(app)
        assert "Common places it spreads to: bones, brain, liver and lungs." in text
        assert "It can also spread to other places." in text
        assert "most often" not in text  # the sources list common places, not the most common
        assert "[1] ● brain" in text and "[8] ● bones" in text
        assert " 6    peritoneum" in text  # not a site for breast cancer: no mark
        assert "/  [1]  \\" in text  # the head, marked in the drawing
        await pilot.press("down")  # colon cancer
        await pilot.pause()
        text = screen_text(app)
        assert "Colon cancer" in text and "Common places it spreads to: liver, lungs and peritoneum" in text
        assert "[6] ● peritoneum" in text
        assert " 1    brain" in text
        assert "/   1   \\" in text  # the head, no longer marked


async def test_at_60x20_the_spread_map_says_how_to_reach_the_key_to_its_numbers(make_app, screen_text):
    """At 60x20 the key to the drawing's numbers was below the fold, and nothing said that Tab,
    then PageDown (or scrolling) reaches it. Now a line says so while it is out of view."""
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, BodyMapScreen)
        await until(pilot, lambda: "↓ Key below: Tab, PageDown" in screen_text(app), "the line")
        assert " 9    skin" not in screen_text(app)
        await pilot.press("tab", "pagedown", "pagedown")  # as the line says
        await until(pilot, lambda: " 9    skin" in screen_text(app), "the key")
        assert "[8] ● bones" in screen_text(app)
        await until(pilot, lambda: "Key below" not in screen_text(app), "no line")  # all of it in view: the line goes
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:  # everything fits: no such line
        await pilot.press("w")
        await pilot.pause()
        assert " 9    skin" in screen_text(app) and "Key below" not in screen_text(app)


async def test_support_opens_with_f2_from_every_screen(make_app, screen_text):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        for opener in [(), ("g",), ("w",), ("s",), ("f1",), ("enter",)]:
            await pilot.press(*opener)
            await pilot.pause()
            before = type(app.screen)
            await pilot.press("f2")
            await pilot.pause()
            assert isinstance(app.screen, SupportScreen), f"no support from {before.__name__}"
            text = screen_text(app)
            assert "1-888-939-3333" in text and "1-800-4-CANCER" in text
            assert "healthcare team" in text
            await pilot.press("escape")
            await pilot.pause()
            assert type(app.screen) is before
            app.go_home()
            await pilot.pause()
        app.start_quiz("sample-pack")
        await pilot.pause()
        quiz = type(app.screen)
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, SupportScreen), "no support from the quiz"
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen) is quiz


async def test_every_screen_says_it_is_not_medical_advice(make_app, screen_text):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        for opener in [(), ("g",), ("w",), ("s",), ("f1",), ("f2",), ("enter",)]:
            await pilot.press(*opener)
            await pilot.pause()
            assert "not medical advice" in screen_text(app), type(app.screen).__name__
            app.go_home()
            await pilot.pause()
        for start in (lambda: app.start_quiz("sample-pack"), app.show_welcome):
            start()
            await pilot.pause()
            assert "not medical advice" in screen_text(app), type(app.screen).__name__
            app.go_home()
            await pilot.pause()


async def test_help_lists_the_keys_of_each_screen(make_app, screen_text):
    app = make_app()
    async with app.run_test(size=(80, 160)) as pilot:  # tall enough for the whole list
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app).casefold()
        for expected in ("F1", "F2", "Ctrl+P", "Esc", "Reading a lesson", "→, n", "←, b",
                         "Quiz and review", "hint", "skip", "read more", "matching", "ordering",
                         "Glossary", "search as you type"):
            assert expected.casefold() in text, expected


async def test_command_palette_opens_a_lesson_by_name(make_app, screen_text):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"treatment helps")
        await until(pilot, lambda: "Lesson: How treatment helps" in screen_text(app), "the lesson in the palette")
        assert "Lesson: How treatment helps" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert app.screen.lesson.id == "sample-treatment"


async def test_command_palette_offers_the_main_actions(make_app, screen_text):
    app = make_app()
    async with app.run_test(size=(80, 70)) as pilot:  # tall enough for the whole list
        await pilot.press("ctrl+p")
        names = ("Home", "Continue where you left off", "Review questions", "Glossary",
                 "Where cancer spreads", "Support", "Help: keys", "Settings",
                 "Lesson: What spreading means", "Quiz: What spreading means: check")
        await until(pilot, lambda: all(name in screen_text(app) for name in names),
                    "the palette to list the main actions")
        text = screen_text(app)
        for name in names:
            assert name in text, name


async def test_settings_theme_change_is_applied_and_saved(make_app, tmp_path):
    progress = tmp_path / "p.toml"
    app = make_app(progress=progress)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        await pilot.press("enter", "down", "down", "enter")  # open the list, pick "High contrast"
        await pilot.pause()
        assert app.theme == "learnmeta-high-contrast"
    app.store.close()
    assert tomllib.loads(progress.read_text())["learner"]["theme"] == "learnmeta-high-contrast"

    again = make_app(progress=progress)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert again.theme == "learnmeta-high-contrast"
        again.theme = "textual-light"  # as the palette's "Theme" command does
        await pilot.pause()
        assert again.store.settings.theme == "textual-light"


async def test_reduced_motion_turns_animations_off(make_app, tmp_path):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.animation_level != "none"
        await pilot.press("s", "tab", "space")  # the reduced-motion switch
        await pilot.pause()
        assert app.animation_level == "none"
        assert app.store.settings.reduced_motion is True
    restarted = make_app(progress=tmp_path / "progress.toml")
    async with restarted.run_test(size=(80, 24)):
        assert restarted.animation_level == "none"


async def test_track_and_name_are_saved_from_settings(make_app, tmp_path, screen_text):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s", "tab", "tab", "down", "enter")  # track: in a course
        await pilot.press("tab", *"Sam", "enter")
        await pilot.pause()
        assert app.store.settings.track == "course"
        assert app.store.settings.name == "Sam"
        await pilot.press("escape")
        await pilot.pause()
        assert "Hello, Sam." in screen_text(app)


async def test_reset_asks_first_and_keeps_the_old_file(make_app, tmp_path, screen_text):
    progress = tmp_path / "p.toml"
    app = make_app(progress=progress)
    app.store.record_page("sample-basics", "starts", 3)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("s")
        await pilot.pause()
        app.screen.query_one("#reset").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("enter")  # "No, keep it" has the focus
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        assert "sample-basics" in tomllib.loads(progress.read_text())["lessons"]

        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert "Your progress is cleared." in screen_text(app)
        assert "sample-basics" not in tomllib.loads(progress.read_text()).get("lessons", {})
        kept = [p for p in tmp_path.iterdir() if p.name.startswith("p.") and p != progress
                and "sample-basics" in p.read_text(errors="replace")]
        assert kept, "the old progress file was not kept"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "(not started" in screen_text(app)


async def test_help_buttons_at_the_end_are_one_line_each(make_app, screen_text):
    for size in ((80, 24), (60, 20)):
        app = make_app()
        async with app.run_test(size=size) as pilot:
            await pilot.press("f1")
            await pilot.pause()
            await pilot.press("end")
            await pilot.pause()
            lines = screen_text(app).splitlines()
            rows = [i for i, line in enumerate(lines) if "Show the welcome page again" in line]
            assert rows, size
            # the label is on the same line as the Settings button, beside it, not rows apart
            assert "Settings" in lines[rows[0]], (size, lines)
            for button in app.screen.query("#help-buttons Button"):
                assert button.region.height == 1, (size, button.id, button.region)


async def test_settings_shows_and_keeps_a_theme_chosen_from_the_palette(make_app, tmp_path, screen_text):
    progress = tmp_path / "p.toml"
    app = make_app(progress=progress)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.theme = "dracula"  # as the palette's "Theme" command does
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        text = screen_text(app)
        assert "Dracula" in text and "Dark" not in text.split("Dracula")[0].split("Colours")[-1]
        await pilot.press("escape")
        await pilot.pause()
        assert app.theme == "dracula"
    app.store.close()
    assert tomllib.loads(progress.read_text())["learner"]["theme"] == "dracula"


async def test_a_glossary_word_that_wraps_goes_on_under_its_own_text(make_app, screen_text):
    """At 60x20 the list is narrow: "advance care planning" wrapped to "planning" at the list's
    left edge, where it read as a word of its own. Its second line now starts under its text,
    indented, while each word's first line starts where the others do."""
    app = make_app(builtin=True)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("g")
        await until(pilot, lambda: isinstance(app.screen, GlossaryScreen), "the glossary")
        await pilot.press(*"advance")
        await until(pilot, lambda: "advance care" in screen_text(app), "the words that match")
        lines = [line.split("▎")[0] for line in screen_text(app).splitlines()]  # the list, not the definition
        at = next(n for n, line in enumerate(lines) if "advance care" in line)
        first, second = lines[at], lines[at + 1]
        assert "planning" in second and "planning" not in first, (first, second)
        assert second.index("planning") > first.index("advance"), (first, second)
        other = next(line for line in lines if "advanced" in line)  # the next word's first line
        assert other.index("advanced") == first.index("advance"), (first, other)


@pytest.mark.parametrize(("start", "heading", "line"), [
    (("quiz", "sample-pack"), "Quiz and review", "Press the answer's number"),
    (("lesson", "sample-basics"), "Reading a lesson", "close the lesson"),
])
async def test_help_opens_at_the_keys_of_the_screen_it_was_opened_from(make_app, screen_text, start, heading, line):
    """F1 in a quiz (or a lesson) shows that screen's keys first, in a 60x20 window, where
    they were two or three pages down the list, under every other screen's; the keys used
    everywhere are still there above them."""
    from waiting import until

    app = make_app(start=start)
    async with app.run_test(size=(60, 20)) as pilot:
        await until(pilot, lambda: "not medical advice" in screen_text(app), "the screen")
        await pilot.press("f1")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), "help")
        await until(pilot, lambda: line in screen_text(app), f"{heading!r} in view")
        lines = [l.strip() for l in screen_text(app).splitlines()]
        assert lines[0] == "Help: keys"
        assert any(l.startswith(heading) for l in lines[:4]), lines
        assert not any(l.startswith("Everywhere") for l in lines), lines
        await pilot.press("up", "up", "up")
        await pilot.press("home")
        await until(pilot, lambda: "Everywhere" in screen_text(app), "the top of help")


async def test_help_opens_at_the_keys_of_a_subclass_of_the_screen_too(make_app, screen_text, monkeypatch):
    """Help chose its section by the name of the screen's class: a subclass of the quiz screen
    (or the quiz renamed) opened Help at the top, its keys pages below. Each screen says its
    section where it is defined now, and every section a screen names is one of Help's."""
    from pathlib import Path

    from waiting import until

    from learnmeta.app.screens import quiz
    from learnmeta.app.screens.base import AppScreen
    from learnmeta.app.screens.confirm import ConfirmDialog

    class CourseQuiz(quiz.QuizScreen):
        CSS_PATH = str(Path(quiz.__file__).with_name("quiz.tcss"))  # Textual: relative to here

    monkeypatch.setattr(quiz, "QuizScreen", CourseQuiz)  # what the app opens a quiz with
    app = make_app(start=("quiz", "sample-pack"))
    async with app.run_test(size=(60, 20)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, CourseQuiz), "the quiz")
        await pilot.press("f1")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), "help")
        await until(pilot, lambda: "Press the answer's number" in screen_text(app), "the quiz's keys in view")
        headings = {str(part.content) for part in app.screen.query(".heading")}

    def screens(kind):
        for sub in kind.__subclasses__():
            yield sub
            yield from screens(sub)

    named = {kind.HELP_SECTION for kind in [*screens(AppScreen), ConfirmDialog]} - {None}
    assert len(named) >= 10 and named <= headings, named - headings


async def test_help_from_home_opens_at_the_keys_used_everywhere(make_app, screen_text):
    from waiting import until

    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("f1")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), "help")
        await pilot.pause()
        lines = [l.strip() for l in screen_text(app).splitlines()]
        assert lines[0] == "Help: keys" and lines[3].startswith("Everywhere"), lines
