"""Waiting for what a test checks, never for a fixed time.

A test that pauses 0.3 s and then looks passes on an idle machine and fails on a loaded one (the
suite runs one worker per CPU). ``until(pilot, condition)`` lets the app run until the condition
holds; the timeout is only a bound for a test that would otherwise hang, far above what any
passing run needs.
"""

from __future__ import annotations

import asyncio
from typing import Callable

TIMEOUT = 60.0


async def until(pilot, condition: Callable[[], object], what: str = "", timeout: float = TIMEOUT) -> None:
    """Let the app run until ``condition()`` is true; fail naming ``what`` after ``timeout`` s.

    A condition that raises (a widget not mounted yet) counts as not true yet."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    error: Exception | None = None
    while True:
        await pilot.pause()
        try:
            if condition():
                return
            error = None
        except Exception as exc:  # noqa: BLE001 - not there yet
            error = exc
        if loop.time() > end:
            raise AssertionError(f"still waiting after {timeout:.0f} s for {what or condition}"
                                 + (f" (last error: {error!r})" if error else ""))
        await asyncio.sleep(0.01)


async def until_still(pilot, look: Callable[[], object], what: str = "the screen to stop moving",
                     times: int = 3, timeout: float = TIMEOUT) -> None:
    """Let the app run until ``look()`` gives the same value ``times`` looks in a row, 50 ms
    apart: for what the app does a refresh or two after it looks settled (a scroll that brings
    the focused widget into view), before a test reads the screen to click on it."""
    seen: list[object] = []

    def same() -> bool:
        seen.append(look())
        del seen[:-times]
        return len(seen) == times and all(value == seen[0] for value in seen)

    async def step() -> bool:
        await asyncio.sleep(0.04)
        return same()

    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while True:
        await pilot.pause()
        if await step():
            return
        if loop.time() > end:
            raise AssertionError(f"still waiting after {timeout:.0f} s for {what}")


def footer_settled(app) -> bool:
    """The footer shows the keys of the screen as it is now (no rebuild waiting)."""
    from learnmeta.app.widgets.footer import Footer

    footers = list(app.screen.query(Footer))
    return all(f._rebuild_asked is None and f._shown == f.shown_keys() for f in footers)


def quiz_settled(app) -> bool:
    """A quiz question is ready for the next key: before an answer, the answer has the focus;
    after one, the feedback is scrolled into view and nothing has the focus. Anything other
    than a quiz question counts as settled."""
    from learnmeta.app.screens.quiz import QuizScreen

    screen = app.screen
    if not isinstance(screen, QuizScreen):
        return True
    if not screen.answered:
        return app.focused is not None and not getattr(screen, "answer_in_view_pending", False)
    body = screen.query_one("#quiz-body")
    return not body.feedback_pending and app.focused is None


async def settled(pilot) -> None:
    """Wait until the screen has finished reacting to the last key (see the two above)."""
    app = pilot.app
    await until(pilot, lambda: quiz_settled(app) and footer_settled(app),
                "the screen to settle (focus, feedback in view, footer keys)")
