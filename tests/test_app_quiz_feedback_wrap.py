"""The quiz's feedback is wrapped once for a width and kept (learnmeta.app.widgets.feedback,
``WrappedOnce``): what the learner sees must never come from lines kept for another width,
another theme or another question."""

from __future__ import annotations

import re

from learnmeta.app.screens.quiz import QuizScreen
from learnmeta.app.themes import HIGH_CONTRAST

PACK = "how-metastatic-cancer-is-treated"


def screen_text(app) -> str:
    return "\n".join(strip.text.rstrip() for strip in app.screen._compositor.render_strips())


def words(text: str) -> list[str]:
    return re.findall(r"[\w'’-]+", text)


def feedback_words(app) -> list[str]:
    """The words of the feedback as drawn on screen, in order (the bar on its left left out)."""
    lines = screen_text(app).splitlines()
    start = next(n for n, line in enumerate(lines) if "Not quite" in line or "✓ Right" in line)
    end = next(n for n, line in enumerate(lines) if "Next question" in line or "See your results" in line)
    return words("\n".join(line.lstrip("▌█▐ ") for line in lines[start:end + 1]))


async def answer_first(pilot) -> QuizScreen:
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, QuizScreen)
    await pilot.press("1", "enter")
    await pilot.pause()
    return screen


async def test_after_a_resize_the_feedback_is_wrapped_for_the_new_width_with_no_word_lost(make_app):
    app = make_app(builtin=True, start=("quiz", PACK))
    async with app.run_test(size=(110, 60)) as pilot:
        screen = await answer_first(pilot)
        explanation = screen.session.current.explanation
        wide = feedback_words(app)
        assert " ".join(words(explanation)) in " ".join(wide)
        wide_rows = len(screen_text(app).splitlines())
        await pilot.resize_terminal(64, 60)
        await pilot.pause()
        text = screen_text(app)
        assert all(len(line) <= 64 for line in text.splitlines())
        narrow = feedback_words(app)
        assert narrow == wide  # every word still there, in order, down to "Next question"
        assert "Enter  Next question" in text
        await pilot.resize_terminal(110, 60)
        await pilot.pause()
        assert feedback_words(app) == wide and len(screen_text(app).splitlines()) == wide_rows


async def test_a_theme_chosen_after_the_feedback_colours_its_verdict_at_once(make_app):
    app = make_app(builtin=True, start=("quiz", PACK))
    async with app.run_test(size=(110, 60)) as pilot:
        await answer_first(pilot)

        def verdict_colour():
            lines = screen_text(app).splitlines()
            row = next(n for n, line in enumerate(lines) if "Not quite" in line or "✓ Right" in line)
            strips = app.screen._compositor.render_strips()
            return next(s.style.color for s in strips[row] if "✓" in s.text or "✗" in s.text)

        def expected():
            variables = app.theme_variables
            name = "text-success" if "✓ Right" in screen_text(app) else "text-warning"
            return variables[name]

        before = verdict_colour()
        assert before is not None and before.name.lower() == expected().lower()
        app.theme = HIGH_CONTRAST.name
        await pilot.pause()
        after = verdict_colour()
        assert after.name.lower() == expected().lower() and after != before


async def test_the_next_question_shows_its_own_feedback_not_the_one_before(make_app):
    app = make_app(builtin=True, start=("quiz", PACK))
    async with app.run_test(size=(110, 60)) as pilot:
        screen = await answer_first(pilot)
        first = screen.session.current.explanation
        await pilot.press("enter")
        await pilot.pause()
        second_question = screen.session.current
        assert second_question.explanation != first
        await pilot.press("1", "enter")
        await pilot.pause()
        shown = " ".join(feedback_words(app))
        assert " ".join(words(second_question.explanation)) in shown
        assert " ".join(words(first)) not in shown
