"""Practice started from Past results (p on a past attempt's results) goes back to Past results:
its results' button says so, Esc and leaving the practice go there, and the list shows the
practice just finished. Every other quiz ends on home, as before."""

from __future__ import annotations

import pytest

from factories import pack_data, write_content
from learnmeta.app.screens.history import HistoryScreen
from learnmeta.app.screens.home import HomeScreen
from learnmeta.app.screens.quiz import QuizScreen
from learnmeta.app.screens.results import ResultsScreen
from test_app_quiz import screen_text
from waiting import settled, until


@pytest.fixture
def one_question(tmp_path):
    """A pack of one question ("Pick b.": 1 is wrong, 2 is right)."""
    data = pack_data()
    data["questions"] = data["questions"][:1]
    return write_content(tmp_path / "one-question", data)


async def _wrong_then_past_result(pilot, app) -> None:
    """Answer the quiz wrong, finish, go home, and open that attempt from Past results."""
    await settled(pilot)
    await pilot.press("1", "enter")
    await settled(pilot)
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(app.screen, ResultsScreen), "the results")
    assert "Home (Esc)" in screen_text(app)  # a quiz started from home ends on home
    await pilot.press("escape")
    await until(pilot, lambda: isinstance(app.screen, HomeScreen), "home")
    await settled(pilot)
    await pilot.press("h")
    await until(pilot, lambda: isinstance(app.screen, HistoryScreen), "past results")
    await settled(pilot)
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(app.screen, ResultsScreen) and app.screen.past is not None,
                "the past attempt")
    await settled(pilot)
    await pilot.press("p")
    await until(pilot, lambda: isinstance(app.screen, QuizScreen), "the practice")
    await settled(pilot)


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_practice_from_past_results_ends_back_on_past_results(make_app, one_question, size):
    """It ended on home ("Home (Esc)"), away from the list the learner came from."""
    app = make_app(content=[one_question], start=("quiz", "test-pack"), ask_confidence=False)
    async with app.run_test(size=size) as pilot:
        await _wrong_then_past_result(pilot, app)
        await pilot.press("2", "enter")
        await settled(pilot)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ResultsScreen) and app.screen.past is None,
                    "the practice's results")
        await settled(pilot)
        text = screen_text(app)
        assert "Practice results: A test pack" in text
        assert "Past results (Esc)" in text and "Home (Esc)" not in text, text
        assert "esc Past results" in text.splitlines()[-1].replace("  ", " "), text.splitlines()[-1]
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, HistoryScreen), "past results")
        await settled(pilot)
        text = " ".join(screen_text(app).split())
        assert "2 finished quizzes, checks and reviews" in text, text  # the practice is listed
        assert text.index("Practice: A test pack") < text.index("Quiz: A test pack"), text  # first: the most recent
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, HomeScreen), "home")


async def test_leaving_practice_from_past_results_goes_back_to_past_results(make_app, one_question):
    app = make_app(content=[one_question], start=("quiz", "test-pack"), ask_confidence=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await _wrong_then_past_result(pilot, app)
        await pilot.press("escape")
        await settled(pilot)
        assert "Leave the quiz?" in screen_text(app)
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, HistoryScreen), "past results")
