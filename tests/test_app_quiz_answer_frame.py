"""What the answer's frame was made lighter by (issue 20, fifth pass) still shows what it showed.

The answer widget sits in the quiz's body itself (no container of its own), the screen's own
widgets are found once, and a message or position that has not changed is not set again: the
answer is still between the prompt and the hints, one at a time, and a message comes back
when it is said again.
"""

from __future__ import annotations

import asyncio

from learnmeta.app.screens.quiz import QuizScreen
from learnmeta.app.widgets.answers import QuestionWidget
from waiting import settled, until


def screen_text(app) -> str:
    return "\n".join(strip.text.rstrip() for strip in app.screen._compositor.render_strips())


async def test_after_an_undo_and_on_the_next_question_one_answer_shows_between_prompt_and_hints(
    make_app, quiz_content
):
    app = make_app(content=[quiz_content], start=("quiz", "test-pack"))
    async with app.run_test(size=(100, 50)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, QuizScreen) and app.focused is not None, "the quiz")
        await settled(pilot)
        screen = app.screen
        assert screen.session.current.id == "q-single"
        await pilot.press("1", "enter")
        await settled(pilot)
        assert "✗ Not quite" in screen_text(app)
        await pilot.press("u")
        await until(pilot, lambda: "Your answer was taken back" in screen_text(app), "the undo")
        await pilot.press("h")  # a hint: shown under the answer
        await settled(pilot)
        text = screen_text(app)
        assert len(screen.query(QuestionWidget)) == 1
        assert text.count("Choice a") == 1 and "✗" not in text
        assert text.index("Pick b.") < text.index("Choice a") < text.index("Choice c") < text.index("Hint")
        await pilot.press("2", "enter")
        await settled(pilot)
        await pilot.press("enter")
        await until(pilot, lambda: screen.session.current.id != "q-single", "the next question")
        await settled(pilot)
        text = screen_text(app)
        assert len(screen.query(QuestionWidget)) == 1 and screen.answer_widget.is_attached
        assert "Pick b." not in text and "Pick a and c." in text and text.count("Choice a") == 1
        assert text.index("Pick a and c.") < text.index("Choice a")


async def test_a_message_cleared_and_said_again_shows_again(make_app, quiz_content):
    app = make_app(content=[quiz_content], start=("quiz", "test-pack"))
    async with app.run_test(size=(100, 50)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, QuizScreen) and app.focused is not None, "the quiz")
        await settled(pilot)
        none_left = "No more hints for this question."
        await pilot.press("h", "h", "h")  # both hints, then one too many
        await until(pilot, lambda: none_left in screen_text(app), "no more hints")
        await pilot.press("1")  # the answer changed: the message goes
        await until(pilot, lambda: none_left not in screen_text(app), "the message cleared")
        await pilot.press("h")  # said again: shown again
        await until(pilot, lambda: none_left in screen_text(app), "no more hints, again")
        await pilot.press("enter")
        await settled(pilot)
        assert none_left not in screen_text(app) and "✗ Not quite" in screen_text(app)


async def test_a_question_left_to_read_is_not_drawn_again(make_app, quiz_content):
    """Nothing on the quiz screen changes while the learner reads, so no frame is drawn: the
    progress bar (Textual's ProgressBar updates an estimate of the time left every second, shown
    or not; it changes once an answer has counted) drew one of its own every second, and when
    that fell just as Enter was pressed the feedback's frame came a refresh or two later."""
    app = make_app(content=[quiz_content], start=("quiz", "test-pack"))
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, QuizScreen) and app.focused is not None, "the quiz")
        await settled(pilot)
        screen = app.screen
        await asyncio.sleep(2)  # a learner reading: the bar's estimate, after one answer, is ~10 s
        await pilot.press("2", "enter")  # the first answer counts: the bar moves
        await settled(pilot)
        await pilot.press("enter")
        await until(pilot, lambda: screen.session.current.id == "q-multiple", "the next question")
        await settled(pilot)
        assert "Question 2 of" in screen_text(app)  # (no blinking cursor on this one)
        await pilot.pause(0.3)
        drawn: list[str] = []
        display = app._display

        def counted(screen, renderable) -> None:
            if renderable is not None:
                drawn.append(type(screen).__name__)
            display(screen, renderable)

        app._display = counted
        await asyncio.sleep(2.5)  # two of the bar's seconds, and more
        await pilot.pause()
        assert drawn == []
        await pilot.press("1", "enter")  # the bar still moves when an answer counts
        await settled(pilot)
        assert screen.query_one("#quiz-progress").progress == 2
        assert "Incomplete" not in screen_text(app) and drawn


async def test_the_bar_moves_just_after_the_feedbacks_frame_not_before_it(make_app, quiz_content):
    """Moving the progress bar was work the feedback's frame waited for (the bar's watchers, its
    estimate, two refreshes) without drawing it: the bar's line is not among what an answer
    changes in that frame. It moves just after it, and is on screen a frame later (issue 20,
    seventh pass)."""
    app = make_app(content=[quiz_content], start=("quiz", "test-pack"))
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, QuizScreen) and app.focused is not None, "the quiz")
        await settled(pilot)
        screen = app.screen
        bar = screen.query_one("#quiz-progress")
        top_before = screen_text(app).splitlines()[1]
        at_the_feedback: list[float] = []
        display = app._display

        def noted(shown_screen, renderable) -> None:
            display(shown_screen, renderable)
            feedback = screen.query_one("#quiz-feedback")
            if renderable is not None and not at_the_feedback and feedback in screen._compositor.visible_widgets:
                at_the_feedback.append(bar.progress)

        app._display = noted
        await pilot.press("1", "enter")
        await settled(pilot)
        await until(pilot, lambda: bar.progress == 1, "the bar to move")
        await settled(pilot)
        assert at_the_feedback == [0]  # the feedback's frame did not wait for the bar
        assert "✗ Not quite" in screen_text(app)
        assert screen_text(app).splitlines()[1] != top_before  # and the bar moved on screen
        app._display = display
        await pilot.press("u")  # taken back: the bar goes back too
        await until(pilot, lambda: "Your answer was taken back" in screen_text(app), "the undo")
        await settled(pilot)
        assert bar.progress == 0 and screen_text(app).splitlines()[1] == top_before


async def test_the_collector_waits_for_the_feedback_frame_and_is_never_left_off(make_app, quiz_content):
    """Python's collector is paused from Enter to the frame with the feedback (its young
    collections, 0.6-0.8 ms of that frame's CPU, run just after it), and is on again once the
    feedback is on screen; also when the app ends straight after an Enter."""
    import gc

    from learnmeta.app.widgets.feedback import FeedbackPanel

    assert gc.isenabled()
    during: list[bool] = []
    app = make_app(content=[quiz_content], start=("quiz", "test-pack"))
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, QuizScreen) and app.focused is not None, "the quiz")
        await settled(pilot)
        panel = app.screen.query_one(FeedbackPanel)
        show = panel.show

        def spied(*args, **kwargs):
            during.append(gc.isenabled())
            return show(*args, **kwargs)

        panel.show = spied
        await pilot.press("2", "enter")
        await settled(pilot)
        assert "✓ Right" in screen_text(app)
        assert during == [False] and gc.isenabled()
        app.collect_after_the_frame()  # as on an Enter, and the app ends before any frame
        app.exit()
    assert gc.isenabled()
