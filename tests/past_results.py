"""A one-question matching pack answered with one answer for every item, then its attempt
opened from past results (h on home), its answers' list focused: how the past-results tests
reach a long matching answer as the progress file kept it."""

from __future__ import annotations

from learnmeta.app.screens.history import HistoryScreen
from learnmeta.app.screens.results import ResultsScreen
from waiting import settled, until


async def matched_into_past_results(pilot, answer: str) -> None:
    """Match every item of the quiz's question with ``answer``, check, finish, leave the results,
    and open that attempt from past results with its answers' list focused."""
    app = pilot.app
    await settled(pilot)
    number = str(app.screen.answer_widget.rights.index(answer) + 1)
    await pilot.press(number, number, number, "enter")
    await settled(pilot)
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(app.screen, ResultsScreen), "the results")
    await pilot.press("escape")
    await settled(pilot)
    await pilot.press("h")
    await until(pilot, lambda: isinstance(app.screen, HistoryScreen), "past results")
    await settled(pilot)
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(app.screen, ResultsScreen) and app.screen.past is not None,
                "the attempt")
    app.screen.query_one("#results-answers").focus()
    await settled(pilot)
