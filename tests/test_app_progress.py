"""The progress screen, past results and leeches in the app, as a learner meets them.

The content is the sample content (conftest.py) with misconception tags on its wrong answers and
a [misconceptions] table, so the ideas to look at again have words of the pack's own."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import SAMPLE_PACK
from learnmeta.quiz.engine import check_answer
from waiting import footer_settled, until

UTC = dt.timezone.utc
NOW = dt.datetime(2026, 12, 5, 12, 0, tzinfo=UTC)

TAGGED_PACK = SAMPLE_PACK.replace(
    'text = "Bone cancer"\n',
    'text = "Bone cancer"\nmisconception = "named-by-new-site"\n',
).replace(
    'answer = true\n',
    'answer = true\nmisconception = "cells-change-type"\n',
) + '''
[misconceptions]
named-by-new-site = "It can seem that cancer takes the name of the place it spread to. In fact, it keeps the name of where it started."
cells-change-type = "It can seem that cancer cells change type when they spread. In fact, they stay the same kind."
'''


@pytest.fixture
def content(sample_content):
    (sample_content / "sample-pack.toml").write_text(TAGGED_PACK, encoding="utf-8")
    return [sample_content]


def answer(store, library, question_id, response, *, when, attempt=None):
    pack = library.pack("sample-pack")
    question = pack.question(question_id)
    outcome = check_answer(question, response)
    store.record_answer(pack.id, pack.pack.version, question_id, lesson=question.lesson,
                        section=question.section, response=outcome.response_text,
                        correct=outcome.correct, hints_used=0, attempt_id=attempt, when=when)


def a_week_of_answers(app, now=NOW):
    """Four days of answers: "Bone cancer" chosen 4 times (a leech, and an idea twice or more),
    the true-or-false statement answered wrong once and right once."""
    store, library = app.store, app.library
    for days in (3, 2, 1, 0):
        answer(store, library, "name-rule", "bone", when=now - dt.timedelta(days=days, hours=2))
    answer(store, library, "same-cells", False, when=now - dt.timedelta(days=2, hours=1))
    answer(store, library, "same-cells", True, when=now - dt.timedelta(hours=1))
    store.record_page("sample-basics", "starts", 3)


async def test_home_offers_progress_and_past_results_with_keys_in_footer_and_help(make_app, content, screen_text):
    app = make_app(content=content)
    async with app.run_test(size=(60, 20)) as pilot:
        await until(pilot, lambda: footer_settled(app), "the home screen's footer")
        text = screen_text(app)
        assert "Your progress (p)" in text and "Past results (h)" in text
        footer = text.splitlines()[-1]
        assert "p Progress" in footer and "f1 Help" in footer and "f2 Support" in footer
        await pilot.press("f1")
        await pilot.pause()
        from learnmeta.app.screens.help import HelpScreen

        help_text = " ".join(static.render().plain if hasattr(static.render(), "plain") else str(static.render())
                             for static in app.screen.query("KeyTable Static"))
        assert isinstance(app.screen, HelpScreen)
        assert "your progress: lessons, scores, answers over time" in help_text
        assert "past results: reopen a quiz, check or review you finished" in help_text


async def test_the_progress_screen_shows_lessons_answers_ideas_and_questions_often_missed(make_app, content, screen_text):
    from learnmeta.app.screens.lesson import LessonScreen
    from learnmeta.app.screens.progress import ProgressScreen

    app = make_app(content=content)
    a_week_of_answers(app, dt.datetime.now(UTC))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ProgressScreen)
        body = screen.query_one("#progress-body")
        texts = []
        for _ in range(8):
            texts.append(screen_text(app))
            body.scroll_page_down(animate=False)
            await pilot.pause()
        text = "\n".join(texts)
        assert "What spreading means" in text
        assert "1 of 3 pages read; knowledge check questions: 1 of 2 right;" in text
        assert "1 of 2 questions mastered" not in text and "0 of 2 questions mastered" in text
        # the plot has its words beside it: every day with answers, right and not right
        assert "In the last 14 days: 6 answers, 1 right and 5 not right." in text
        assert "right (█)" in text and "not right (░)" in text
        # the idea chosen twice or more, in the pack's words, with its page
        assert "It can seem that cancer takes the name of the place it spread to." in text
        assert "(chosen 4 times)" in text and "Read: What spreading means › How it is named" in text
        assert "It can seem that cancer cells change type" not in text  # chosen once only
        assert "What is it called? (missed 4 of" in text and "4 times)" in text
        # Enter on the idea opens the page that explains it
        screen.query_one("#progress-ideas").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert "How it is named" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ProgressScreen)


async def test_a_finished_quiz_reopens_from_home_as_it_was(make_app, content, screen_text):
    from learnmeta.app.screens.history import HistoryScreen
    from learnmeta.app.screens.home import HomeScreen
    from learnmeta.app.screens.lesson import LessonScreen
    from learnmeta.app.screens.results import ResultsScreen

    app = make_app(content=content)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        assert "No results yet." in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        # a whole quiz, taken in the app: "Bone cancer" (wrong), then True (right)
        app.start_quiz("sample-pack")
        await pilot.pause()
        await pilot.press("1", "enter")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("1", "enter")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)

        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert "Quiz: What spreading means: check · 1 of 2 right (50%)" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ResultsScreen) and screen.past is not None
        text = screen_text(app)
        assert "Results (today " in text and "): What spreading means: check" in text
        assert "You got 1 of 2 right (50%)." in text and "Back (Esc)" in text
        answers = screen.query_one("#results-answers")
        answers.focus()
        # (focusing scrolls the list into view after a frame or two: one pause was not always enough)
        await until(pilot, lambda: "Read: What spreading means › How it is named" in screen_text(app), "the list in view")
        text = screen_text(app)
        assert "✗ Not right: Breast cancer has spread to the bones." in text
        assert "You answered: Bone cancer" in text
        assert "Not quite. The cells in the bones are still breast cancer cells." in text
        assert "The right answer: Metastatic breast cancer" in text
        assert "Read: What spreading means › How it is named" in text
        await pilot.press("enter")  # read about it
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_review_opens_a_leechs_teaching_page_first(make_app, content, screen_text):
    from learnmeta.app.screens.lesson import LessonScreen
    from learnmeta.app.screens.quiz import QuizScreen

    app = make_app(content=content)
    long_ago = dt.datetime.now(UTC) - dt.timedelta(days=30)
    for minutes in range(4):
        answer(app.store, app.library, "name-rule", "bone", when=long_ago + dt.timedelta(minutes=minutes))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert "How it is named" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)
        text = screen_text(app)
        assert "You have missed this question 4 times, so its page was shown first." in text
        assert "Breast cancer has spread to the bones" in text


async def test_a_question_missed_three_times_is_asked_straight_away(make_app, content, screen_text):
    from learnmeta.app.screens.quiz import QuizScreen

    app = make_app(content=content)
    long_ago = dt.datetime.now(UTC) - dt.timedelta(days=30)
    for minutes in range(3):
        answer(app.store, app.library, "name-rule", "bone", when=long_ago + dt.timedelta(minutes=minutes))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)
        assert "shown first" not in screen_text(app)


def test_progress_screen_snapshot(snap_compare, make_app, content):
    from learnmeta.app.screens.progress import ProgressScreen

    app = make_app(content=content)
    a_week_of_answers(app)

    async def run_before(pilot) -> None:
        await pilot.pause()
        app.push_screen(ProgressScreen(now=NOW))
        await pilot.pause()
        app.screen.query_one("#progress-body").scroll_to(y=13, animate=False)
        await pilot.pause()

    assert snap_compare(app, run_before=run_before, terminal_size=(80, 24))


async def test_a_leech_answered_sure_and_wrong_says_one_thing_not_two(make_app, content, screen_text):
    """The leech's page opens first: the 'you were sure... press r' note would repeat it."""
    from learnmeta.app.screens.quiz import QuizScreen

    app = make_app(content=content)
    long_ago = dt.datetime.now(UTC) - dt.timedelta(days=30)
    question = app.library.pack("sample-pack").question("name-rule")
    for minutes in range(4):
        app.store.record_answer("sample-pack", "1.0.0", "name-rule", lesson=question.lesson,
                                section=question.section, response="Bone cancer", correct=False,
                                hints_used=0, confidence=3, when=long_ago + dt.timedelta(minutes=minutes))
    assert app.store.teach_first("sample-pack", "name-rule")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)
        text = screen_text(app)
        assert "so its page was shown first" in text
        assert "Last time you were sure" not in text


async def test_at_60x20_a_wrapped_line_goes_on_under_its_own_text(make_app, content, screen_text):
    """At 60 columns a lesson's line on the progress screen wraps: the rest started at the left
    edge, where it read as a line of its own ("the last time.)" under the lessons). It goes on
    under its own text."""
    app = make_app(content=content)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        lines = screen_text(app).splitlines()
        at = next(n for n, line in enumerate(lines) if "(Mastered: answered right" in line)
        assert "(Mastered: answered right" in lines[at] and not lines[at].rstrip().endswith(".)")
        assert lines[at + 1].startswith(" " * 5) and lines[at + 1].strip(), lines[at:at + 2]


@pytest.mark.parametrize(("size", "key"), [((80, 24), "enter"), ((60, 20), "r")])
async def test_progress_that_says_questions_are_due_offers_the_review(make_app, content, screen_text, size, key):
    """"1 question due for review now." comes with a way to start it: a first button
    "Review now (r)", focused (Enter starts it), and r in the footer; with nothing due, neither."""
    from learnmeta.app.screens.progress import ProgressScreen
    from learnmeta.app.screens.quiz import QuizScreen

    app = make_app(content=content)
    a_week_of_answers(app, dt.datetime.now(UTC) - dt.timedelta(days=30))
    async with app.run_test(size=size) as pilot:
        await until(pilot, lambda: footer_settled(app), "home")
        await pilot.press("p")
        await until(pilot, lambda: isinstance(app.screen, ProgressScreen) and footer_settled(app), "progress")
        text = screen_text(app)
        assert "due for review now." in text
        assert "Review now (r)" in text and "Past results (h)" in text
        assert "r Review" in text.splitlines()[-1]
        await pilot.press(key)  # (the question missed 4 times opens its page first)
        await until(pilot, lambda: any(isinstance(s, QuizScreen) for s in app.screen_stack), "the review")


async def test_progress_with_nothing_due_offers_no_review(make_app, content, screen_text):
    from learnmeta.app.screens.progress import ProgressScreen

    app = make_app(content=content)  # nothing answered yet
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: footer_settled(app), "home")
        await pilot.press("p")
        await until(pilot, lambda: isinstance(app.screen, ProgressScreen) and footer_settled(app), "progress")
        text = screen_text(app)
        assert "Nothing to review yet" in text, text
        assert "Review now" not in text and "r Review" not in text.splitlines()[-1]
