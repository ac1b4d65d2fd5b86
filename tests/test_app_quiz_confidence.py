"""Confidence, undo and "I was right" in the app, walked with the keyboard at 80x24.

Assertions are on what the screen shows (words and symbols, never colour alone) and what the
progress file holds.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from factories import pack_data, write_content
from learnmeta.app.screens.quiz import QuizScreen
from learnmeta.app.screens.results import ResultsScreen
from learnmeta.progress import read_progress
from waiting import footer_settled, until


def logged(path):
    """The learner's answers, as the answer log beside the progress file holds them."""
    from learnmeta.progress.answerlog import answers, log_path

    return answers(log_path(path))

SIZE = (80, 24)


def screen_text(app) -> str:
    return "\n".join(strip.text.rstrip() for strip in app.screen._compositor.render_strips())


def footer_text(app) -> str:
    return screen_text(app).splitlines()[-1]


@pytest.fixture
def cbm_content(tmp_path) -> Path:
    data = pack_data()
    data["pack"]["marking"] = "cbm"
    data["questions"] = [q for q in data["questions"] if q["id"] in ("q-single", "q-true-false")]
    return write_content(tmp_path / "cbm-content", data)


async def press(pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await pilot.pause()


async def test_on_the_course_track_the_learner_is_asked_how_sure_and_sure_but_wrong_is_said_kindly(
    make_app, quiz_content
):
    app = make_app(content=[quiz_content], start=("quiz", "test-pack"), track="course")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await press(pilot, "1", "enter")  # a wrong choice, then Enter: asked how sure first
        text = screen_text(app)
        assert "How sure are you of this answer?" in text
        assert "Not quite" not in text and "Right" not in text.replace("right", "")
        footer = footer_text(app)
        assert "1 Not sure" in footer and "2 Fairly sure" in footer and "3 Sure" in footer
        await press(pilot, "3")
        text = screen_text(app)
        assert "✗ Not quite" in text
        assert "You were sure, and this one is not right." in text
        assert "How sure are you" not in text
    progress = read_progress(app.store.path)
    record = progress.questions["test-pack"]["q-single"]
    assert record.last_confidence == 3 and record.last_correct is False
    assert logged(app.store.path)[-1].confidence == 3


async def test_enter_checks_without_saying_and_backspace_goes_back_to_change_the_answer(
    make_app, quiz_content
):
    app = make_app(content=[quiz_content], start=("quiz", "test-pack"), track="course")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await press(pilot, "1", "enter")
        await press(pilot, "backspace")
        assert "How sure are you" not in screen_text(app)
        await press(pilot, "2", "enter")  # the right one this time
        assert "How sure are you of this answer?" in screen_text(app)
        await press(pilot, "enter")
        text = screen_text(app)
        assert "✓ Right" in text and "You were" not in text
    progress = read_progress(app.store.path)
    assert logged(app.store.path)[-1].confidence is None
    assert logged(app.store.path)[-1].response == "Choice b"


async def test_on_the_self_study_track_nothing_is_asked_unless_the_setting_says_so(make_app, quiz_content):
    app = make_app(content=[quiz_content], start=("quiz", "test-pack"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await press(pilot, "2", "enter")
        text = screen_text(app)
        assert "✓ Right" in text and "How sure" not in text


async def test_undo_takes_the_answer_back_and_the_question_is_asked_again(make_app, quiz_content):
    app = make_app(content=[quiz_content], start=("quiz", "test-pack"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await press(pilot, "1", "enter")
        assert "✗ Not quite" in screen_text(app)
        assert "u Undo" in footer_text(app)
        await press(pilot, "u")
        text = screen_text(app)
        assert "Your answer was taken back" in text
        assert "Not quite" not in text and "Question 1 of 6" in text
        assert not read_progress(app.store.path).questions.get("test-pack")
        await press(pilot, "2", "enter")
        assert "✓ Right" in screen_text(app)
    progress = read_progress(app.store.path)
    assert [(e.question, e.correct) for e in logged(app.store.path)] == [("q-single", True)]
    assert progress.questions["test-pack"]["q-single"].seen == 1


async def test_i_was_right_on_a_typed_answer_counts_it_right_and_says_so(make_app, quiz_content):
    app = make_app(content=[quiz_content], start=("quiz", "test-pack"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        for _ in range(5):  # skip to the typed answer
            await press(pilot, "k")
        assert "Name the process." in screen_text(app)
        assert "I was right" not in footer_text(app)
        await press(pilot, *"new vessels", "enter")
        assert "✗ Not quite" in screen_text(app)
        assert "i I was right" in footer_text(app)
        await press(pilot, "i")
        text = screen_text(app)
        assert "✓ Counted as right. You said your answer was right." in text
        assert "You typed: new vessels  ← counted as right: you said so" in text
        assert "I was right" not in footer_text(app)
    entry = logged(app.store.path)[-1]
    assert (entry.question, entry.correct, entry.overruled) == ("q-short", True, True)


async def test_no_i_was_right_for_a_choice_question(make_app, quiz_content):
    app = make_app(content=[quiz_content], start=("quiz", "test-pack"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await press(pilot, "1", "enter")
        await press(pilot, "i")
        assert "Counted as right" not in screen_text(app)
        assert "I was right" not in footer_text(app)


async def test_a_cbm_pack_asks_how_sure_shows_the_mark_and_moodles_summary(make_app, cbm_content):
    app = make_app(content=[cbm_content], start=("quiz", "test-pack"))  # self-study: cbm asks anyway
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.pause()
        await press(pilot, "2", "enter", "3")
        assert "Certainty-based mark: +3 (sure, and right)." in screen_text(app)
        await press(pilot, "enter")
        await press(pilot, "f", "enter", "2")
        assert "Certainty-based mark: -2 (fairly sure, and not right)." in screen_text(app)
        await press(pilot, "enter")
        assert isinstance(app.screen, ResultsScreen)
        text = screen_text(app)
        assert "average CBM mark 0.50 per question" in text
        assert "Accuracy 50.0%" in text
        assert "When you were sure: right 1 of 1 time." in text
        assert "When you were fairly sure: right 0 of 1 time." in text


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_every_new_key_is_in_the_footer_with_help_and_support_still_whole(make_app, quiz_content, size):
    app = make_app(content=[quiz_content], start=("quiz", "test-pack"), track="course")
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await press(pilot, "1", "enter")
        footer = footer_text(app)
        for words in ("1 Not sure", "2 Fairly sure", "3 Sure", "f1 Help", "f2 Support"):
            assert words in footer, (size, footer)
        assert "Enter checks without saying" in " ".join(screen_text(app).split())
        await press(pilot, "2")
        footer = footer_text(app)
        for words in ("Next", "u Undo", "f1 Help", "f2 Support"):
            assert words in footer, (size, footer)


async def test_settings_turn_asking_how_sure_on_and_it_follows_the_track_until_then(make_app, quiz_content):
    from learnmeta.app.screens.settings import SettingsScreen

    app = make_app(content=[quiz_content])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(SettingsScreen())
        await until(pilot, lambda: isinstance(app.screen, SettingsScreen) and footer_settled(app), "the settings")
        assert "Ask how sure I am before checking: off" in screen_text(app)
        await press(pilot, "tab", "tab", "down")  # track: in a course
        assert app.store.settings.track == "course"
        assert "Ask how sure I am before checking: on" in screen_text(app)
        assert app.store.settings.ask_confidence is None  # still following the track
        app.screen.query_one("#ask-confidence").focus()
        await press(pilot, "space")
        assert "Ask how sure I am before checking: off" in screen_text(app)
        assert app.store.settings.ask_confidence is False
    assert read_progress(app.store.path).learner.ask_confidence is False


async def test_review_offers_the_teaching_page_first_after_a_sure_but_wrong_answer(make_app, quiz_content, tmp_path):
    import datetime as dt

    from learnmeta.app.screens.lesson import LessonScreen
    from learnmeta.progress import ProgressStore

    progress = tmp_path / "teach.toml"
    with ProgressStore.open(progress) as store:
        earlier = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=1)
        for qid, level in (("q-single", 3), ("q-true-false", 1)):  # only sure and wrong is taught first
            store.record_answer("test-pack", "1.0.0", qid, lesson="test-lesson", section="s1",
                                response="x", correct=False, hints_used=0, confidence=level, when=earlier)
    app = make_app(progress=progress, content=[quiz_content], start=("review",))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = " ".join(screen_text(app).split())
        assert "Pick b." in text
        assert "Last time you were sure of an answer that was not right." in text
        assert "r Read more" in footer_text(app)
        await press(pilot, "r")
        assert isinstance(app.screen, LessonScreen)
        app.pop_screen()
        await pilot.pause()
        await press(pilot, "2", "enter")
        assert "✓ Right" in screen_text(app)
        await press(pilot, "enter")
        text = " ".join(screen_text(app).split())
        assert "Last time you were sure" not in text  # the other question was answered not sure
        assert "r Read more" not in footer_text(app)


async def test_backspace_from_how_sure_goes_back_to_editing_a_typed_answer(make_app, quiz_content):
    app = make_app(content=[quiz_content], start=("quiz", "test-pack"), track="course")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _ in range(5):
            await press(pilot, "k")
        await press(pilot, *"angio", "enter")
        assert "How sure are you of this answer?" in screen_text(app)
        await press(pilot, "backspace")
        await press(pilot, *"genesis", "enter", "2")
        text = screen_text(app)
        assert "✓ Right" in text and "You typed: angiogenesis" in text


async def test_a_cbm_pack_counts_a_sure_wrong_answer_taken_back_and_left_unanswered_as_it_was_given(
    make_app, cbm_content
):
    """Sure and wrong (-6), u, then the question skipped to the end and left: an unanswered
    question scores 0, so the CBM figures said +3 in all for the one right answer. They count
    the answer taken back as given (-3 in all), and say so."""
    app = make_app(content=[cbm_content], start=("quiz", "test-pack"))
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.pause()
        await press(pilot, "1", "enter", "3")
        assert "Certainty-based mark: -6 (sure, and not right)." in screen_text(app)
        await press(pilot, "u")
        await until(pilot, lambda: "Your answer was taken back" in screen_text(app), "the undo")
        await press(pilot, "k")
        await until(pilot, lambda: "True or false" in screen_text(app) or "( ) True" in screen_text(app),
                    "the second question")
        await press(pilot, "t", "enter", "3")
        assert "Certainty-based mark: +3 (sure, and right)." in screen_text(app)
        await press(pilot, "enter")
        await until(pilot, lambda: "Pick b" in screen_text(app), "the question skipped, again")
        await press(pilot, "k")
        await until(pilot, lambda: isinstance(app.screen, ResultsScreen), "the results")
        text = " ".join(screen_text(app).split())
        assert "1 question was left unanswered." in text
        assert "average CBM mark -1.50 per question (from -6 to 3; -3 in all)." in text, text
        assert "A wrong answer you took back and did not answer again counts in this marking as you gave it." in text
