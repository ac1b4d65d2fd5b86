"""Snapshots of the quiz at 80x24 (a question, its feedback, the results) and at 60x20.

The pack is built from ``factories`` so the pictures do not change when the built-in content does.
After a deliberate change of look: ``pytest tests/test_app_quiz_snapshots.py --snapshot-update``,
but only after looking at the report. Plain ``def`` tests: snap_compare runs the app itself.
"""

from __future__ import annotations

from textual.widgets import Input

from waiting import settled


def _keys(*keys: str):
    async def run_before(pilot) -> None:
        await pilot.pause()
        if keys:
            await pilot.press(*keys)
        for widget in pilot.app.screen.query(Input):
            widget.cursor_blink = False  # a blinking cursor makes pictures differ between runs
        await settled(pilot)  # the feedback scrolls into view once laid out

    return run_before


def test_quiz_question_snapshot(snap_compare, make_app, quiz_content):
    app = make_app(content=[quiz_content], start=("quiz", "test-pack"))
    assert snap_compare(app, run_before=_keys("down", "space"), terminal_size=(80, 24))


def test_quiz_feedback_snapshot(snap_compare, make_app, quiz_content):
    app = make_app(content=[quiz_content], start=("quiz", "test-pack"))
    assert snap_compare(app, run_before=_keys("1", "enter"), terminal_size=(80, 24))


def test_quiz_matching_at_60x20_snapshot(snap_compare, make_app, quiz_content):
    app = make_app(content=[quiz_content], start=("quiz", "test-pack"))
    keys = ("k", "k", "k", "1")  # skip to the matching question, match the first item
    assert snap_compare(app, run_before=_keys(*keys), terminal_size=(60, 20))


def test_results_snapshot(snap_compare, make_app, quiz_content):
    app = make_app(content=[quiz_content], start=("quiz", "test-pack"), track="course",
                   ask_confidence=False)
    keys = ["2", "enter", "enter", "1", "3", "enter", "enter", "f", "enter", "enter"]
    keys += ["k", "k", "f4", "k", "k", "f4"]  # the last three skipped twice: left unanswered
    assert snap_compare(app, run_before=_keys(*keys), terminal_size=(80, 24))
