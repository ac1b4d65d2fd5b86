"""'My questions for my next visit' in the app (issue #16; review 2, C17): the learner builds a
list of questions for their healthcare team from the lessons' suggestions and their own words,
reorders it, marks questions asked ([x], in words, never by colour alone), and saves it as a
Markdown page to print. The list is kept in the progress file."""

from __future__ import annotations

import datetime as dt

from learnmeta.app.screens.lesson import LessonScreen
from learnmeta.app.screens.questions import QuestionsScreen
from learnmeta.progress.fileformat import read_progress
from learnmeta.study.visit import day
from waiting import footer_settled, until

FIRST = "Where did my cancer start?"
SECOND = "Has my cancer spread? If so, where has it spread?"


async def open_questions(app, pilot):
    app.show_questions()
    await until(pilot, lambda: isinstance(app.screen, QuestionsScreen), "the questions screen")


async def test_adding_marking_moving_and_removing_are_kept_in_the_progress_file(make_app, screen_text, tmp_path):
    app = make_app(builtin=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_questions(app, pilot)
        await until(pilot, lambda: f"+  {FIRST}" in screen_text(app), "the first suggestion")
        text = screen_text(app)
        assert "Your list is empty" in text and "s Save" in text and "n New" in text
        await pilot.press("enter")  # the first suggestion is highlighted: added
        await until(pilot, lambda: f"[ ] {FIRST}" in screen_text(app), "the question on the list")
        assert "Added to your list" in screen_text(app)
        await pilot.press("space")  # the next suggestion: added too
        await until(pilot, lambda: "Your list (2)" in screen_text(app), "two on the list")
        await pilot.press("n")
        await pilot.press(*"Can I keep working?", "enter")
        await until(pilot, lambda: "[ ] Can I keep working?" in screen_text(app), "my own question")
        await pilot.press("left_square_bracket", "left_square_bracket")  # to the top
        await until(pilot, lambda: "Moved to number 1 of 3" in screen_text(app), "moved")
        await pilot.press("enter")  # marks it asked
        await until(pilot, lambda: "[x] Can I keep working? (asked)" in screen_text(app), "asked, in words")
        await pilot.press("down", "x")  # takes FIRST off the list
        await until(pilot, lambda: f"Removed from your list: {FIRST}" in screen_text(app), "removed")
    kept = read_progress(tmp_path / "progress.toml").visit.questions
    assert [(q.text, q.asked, q.lesson) for q in kept] == [
        ("Can I keep working?", True, None),
        (SECOND, False, kept[1].lesson),
    ]
    assert kept[1].lesson  # a suggestion remembers its lesson


async def test_the_list_comes_back_after_a_restart(make_app, screen_text, tmp_path):
    app = make_app(builtin=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_questions(app, pilot)
        await pilot.press("n", *"Who do I call at night?", "enter")
        await until(pilot, lambda: "[ ] Who do I call at night?" in screen_text(app), "added")
    app.store.close()
    again = make_app(builtin=True)
    async with again.run_test(size=(80, 24)) as pilot:
        await open_questions(again, pilot)
        await until(pilot, lambda: "[ ] Who do I call at night?" in screen_text(again), "kept")


async def test_save_writes_a_markdown_page_with_the_date_and_only_the_questions(make_app, screen_text, tmp_path):
    app = make_app(builtin=True)
    async with app.run_test(size=(80, 24)) as pilot:
        app.store.update_settings(name="Ann Example")
        await open_questions(app, pilot)
        await pilot.press("s")
        await until(pilot, lambda: "Your list is empty" in screen_text(app), "nothing to save yet")
        await pilot.press("enter", "n", *"Is *this* [normal](x)?", "enter", "s")
        await until(pilot, lambda: "Print it, or bring it" in screen_text(app), "the saved message")
    page = (tmp_path / "progress-questions.md").read_text(encoding="utf-8")
    assert page.startswith("# My questions for my next visit\n")
    assert f"Made on {day(dt.date.today())}." in page
    assert f"- [ ] {FIRST}" in page
    assert r"- [ ] Is \*this\* \[normal\]\(x\)?" in page  # shown as typed, never a link
    assert "Ann" not in page  # nothing about the learner but their questions
    assert "not medical advice" in page


async def test_typing_a_question_uses_the_letters_not_the_keys(make_app, screen_text, tmp_path):
    app = make_app(builtin=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_questions(app, pilot)
        await pilot.press("n", *"xs[n", "escape")
        await until(pilot, lambda: "Nothing added." in screen_text(app), "cancelled")
        assert isinstance(app.screen, QuestionsScreen)
        assert not (tmp_path / "progress-questions.md").exists()
        assert app.store.visit_questions == []
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, QuestionsScreen), "back")


async def test_while_typing_a_question_the_footer_shows_only_keys_that_work(make_app, screen_text):
    """Typing a question of one's own, the letters and [ ] go into the box: the footer said
    "[ Up  ] Down" (dimmed) all the same, for keys that typed a bracket. It shows Esc and the keys
    of every screen, and the list's keys again once the question is added."""
    app = make_app(builtin=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_questions(app, pilot)
        await until(pilot, lambda: "s Save" in screen_text(app), "the list's keys")
        await pilot.press("n")
        await until(pilot, lambda: "n New" not in screen_text(app).splitlines()[-1], "typing")
        await until(pilot, lambda: footer_settled(app), "the footer while typing")
        footer = screen_text(app).splitlines()[-1]
        assert "esc Back" in footer and "f1 Help" in footer and "f2 Support" in footer
        assert "Up" not in footer and "Down" not in footer and "[" not in footer, footer
        await pilot.press(*"Can I work?", "enter")
        await until(pilot, lambda: "[ ] Can I work?" in screen_text(app), "my own question")
        await until(pilot, lambda: "[ Up" in screen_text(app).splitlines()[-1], "the keys back")


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
    (tmp_path / "progress-questions.md").mkdir()  # a folder where the file would go
    app = make_app(builtin=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_questions(app, pilot)
        await pilot.press("enter", "s")
        await until(pilot, lambda: "could not be saved" in screen_text(app), "the message")
        assert app.is_running


async def test_saving_again_keeps_the_page_it_replaces_when_it_was_changed(make_app, screen_text, tmp_path):
    """The saved page is the learner's to write in: saving again must not replace it silently."""
    mine = tmp_path / "progress-questions.md"
    mine.write_text("# My questions\n- [ ] my own question, added by hand\n", encoding="utf-8")
    app = make_app(builtin=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_questions(app, pilot)
        await pilot.press("enter", "s")
        await until(pilot, lambda: "Print it, or bring it" in screen_text(app), "the saved message")
        assert "progress-questions.md.bak" in screen_text(app).replace("\n", "")
    assert "my own question, added by hand" in (tmp_path / "progress-questions.md.bak").read_text(encoding="utf-8")
    assert FIRST in mine.read_text(encoding="utf-8")


async def test_at_60x20_the_footer_keeps_f1_and_f2_whole_and_the_keys_line_names_every_key(
        make_app, screen_text):
    """At 60x20 the footer ran past the edge ("s Save f"): F1 Help and F2 Support were cut off.
    The keys that give way are named in the line above the list."""
    app = make_app(builtin=True)
    async with app.run_test(size=(60, 20)) as pilot:
        await open_questions(app, pilot)
        await until(pilot, lambda: f"+  {FIRST}" in screen_text(app), "the first suggestion")
        text = screen_text(app)
        footer = text.splitlines()[-1]
        for key in ("esc Back", "n New", "s Save", "f1 Help", "f2 Support"):
            assert key in footer, footer
        words = " ".join(text.split())
        for named in ("Enter adds", "n writes your own", "[ and ] move", "x removes", "s saves"):
            assert named in words, words


async def test_m_on_home_opens_my_questions_and_home_names_the_key(make_app, screen_text, tmp_path):
    """Home has a key for the list (m, as on a lesson's key points), named on its button and in
    help; what is added there is kept in the progress file; Esc comes back home."""
    from learnmeta.app.screens.home import HomeScreen

    app = make_app(builtin=True)
    async with app.run_test(size=(60, 20)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HomeScreen), "home")
        assert "My questions (m)" in screen_text(app)
        await pilot.press("m")
        await until(pilot, lambda: isinstance(app.screen, QuestionsScreen), "the questions screen")
        await until(pilot, lambda: f"+  {FIRST}" in screen_text(app), "the first suggestion")
        await pilot.press("enter")
        await until(pilot, lambda: f"[ ] {FIRST}" in screen_text(app), "the question on the list")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, HomeScreen), "home again")
        await pilot.press("f1")
        await until(pilot, lambda: "Help: keys" in screen_text(app), "help")
        seen = ""
        for _ in range(12):  # down the help until Home's keys are in view
            seen += screen_text(app)
            if "my questions for my next visit" in seen:
                break
            await pilot.press("pagedown")
            await pilot.pause()
        assert "my questions for my next visit" in seen
    assert [q.text for q in read_progress(tmp_path / "progress.toml").visit.questions] == [FIRST]


async def test_a_long_question_wraps_under_its_text_at_60x20(make_app, screen_text):
    """A suggestion (or one of the learner's) too long for the window goes on under its words,
    never at the edge of the list where it would read as a row of its own."""
    app = make_app(builtin=True)
    async with app.run_test(size=(60, 20)) as pilot:
        await open_questions(app, pilot)
        await until(pilot, lambda: "+  Has my cancer spread? If so" in screen_text(app), "the suggestion")
        lines = screen_text(app).splitlines()
        row = next(i for i, line in enumerate(lines) if "+  Has my cancer spread? If so" in line)
        assert lines[row + 1].strip(" ▊▎").startswith("spread?"), lines[row:row + 2]
        assert lines[row + 1].index("spread?") == lines[row].index("Has my cancer")


async def test_help_writes_the_keys_that_move_a_question_as_they_are_on_the_keyboard(make_app, screen_text):
    """Help's rows for this screen said "left_square_bracke" (Textual's name for [, cut at the
    column's width) and "shift+up"; they say [ and Shift+↑, as the footer and README do."""
    app = make_app(builtin=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_questions(app, pilot)
        await pilot.press("f1")
        await until(pilot, lambda: "My questions for my next visit" in screen_text(app), "help")
        text = screen_text(app)
        assert "[, Shift+↑" in text and "], Shift+↓" in text, text
        assert "square_bracke" not in text and "shift+" not in text
        assert "x, Delete" in text
