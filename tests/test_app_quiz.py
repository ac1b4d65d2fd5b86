"""The quiz, results and review screens, walked with the keyboard as a learner would.

The pack is built here (one question of each of the six types, from ``factories``), so nothing
depends on the built-in content. Assertions are on what the screen shows and what the progress
file holds.
"""

from __future__ import annotations

import datetime as dt

import pytest

from factories import LESSON, pack_data, write_lesson, write_pack
from learnmeta import checks
from learnmeta.app.screens.quiz import QuizScreen
from learnmeta.app.screens.results import ResultsScreen
from learnmeta.content.models import Pack
from learnmeta.progress import read_progress
from learnmeta.quiz.engine import presentation
from waiting import footer_settled, settled, until

BIG = (100, 50)


def screen_text(app) -> str:
    """What the terminal shows now, as plain text, one line per row."""
    return "\n".join(strip.text.rstrip() for strip in app.screen._compositor.render_strips())


@pytest.fixture
def pack() -> Pack:
    return checks.validate(Pack, pack_data())


def keys_for_matching(pack: Pack, wrong: bool = False) -> list[str]:
    """Number keys that match each left item (in order) with its right answer (or with "Skin")."""
    question = pack.question("q-matching")
    shown = presentation(question, 0).right_items
    keys = []
    for pair in question.pairs:
        target = "Skin" if wrong else pair.right
        keys.append(str(shown.index(target) + 1))
    return keys


def keys_for_ordering(pack: Pack) -> list[str]:
    """Keys that put the shown items in the right order: ↑ ↓ to the item, then [ or shift+up."""
    question = pack.question("q-ordering")
    order = list(presentation(question, 0).items)
    keys: list[str] = []
    cursor = 0
    for place, item in enumerate(question.items):
        where = order.index(item)
        keys += ["down"] * (where - cursor) if where >= cursor else ["up"] * (cursor - where)
        for step in range(where - place):
            keys.append("left_square_bracket" if step % 2 == 0 else "shift+up")
            order[where - step - 1], order[where - step] = order[where - step], order[where - step - 1]
        cursor = place
    return keys


RIGHT_KEYS = {
    "q-single": ["2"],
    "q-multiple": ["1", "3"],
    "q-true-false": ["t"],
    "q-short": [*"angiogenesis"],
}
WRONG_KEYS = {
    "q-single": ["1"],
    "q-multiple": ["2"],
    "q-true-false": ["f"],
    "q-ordering": [],  # shown never in the right order
    "q-short": [*"xyz"],
}


async def answer(pilot, keys: list[str]) -> None:
    await pilot.press(*keys, "enter")
    await pilot.pause()


async def go_on(pilot) -> None:
    await pilot.press("enter")
    await pilot.pause()


async def right_to_the_results(pilot, app, right, question_ids) -> str:
    """Answers each question right, checking each is marked "✓ Right", and goes on to the
    results; their words, on one line."""
    for question_id in question_ids:
        await answer(pilot, right[question_id])
        await settled(pilot)
        assert "✓ Right" in screen_text(app), question_id
        await go_on(pilot)
    await until(pilot, lambda: isinstance(app.screen, ResultsScreen), "the results")
    await settled(pilot)
    return " ".join(screen_text(app).split())


async def test_every_type_answered_right_by_keyboard_says_right_with_the_authors_feedback(
    make_app, quiz_content, pack
):
    app = make_app(content=[quiz_content], start=("quiz", "test-pack"))
    right = {**RIGHT_KEYS, "q-matching": keys_for_matching(pack), "q-ordering": keys_for_ordering(pack)}
    feedback = {"q-single": "Yes, b.", "q-multiple": "c is right.", "q-true-false": "Yes."}
    async with app.run_test(size=BIG) as pilot:
        await pilot.pause()
        for number, question in enumerate(pack.questions, start=1):
            text = screen_text(app)
            assert f"Question {number} of 6" in text
            assert question.prompt in text
            await answer(pilot, right[question.id])
            text = screen_text(app)
            assert "✓ Right" in text, (question.id, text)
            assert "Not quite" not in text
            assert "Why: Because." in text
            assert "Read more: A test lesson › The first page" in text
            if question.id in feedback:
                assert feedback[question.id] in text
            await go_on(pilot)
        assert isinstance(app.screen, ResultsScreen)
        assert "You got 6 of 6 right (100%)." in screen_text(app)


async def test_every_type_answered_wrong_says_not_quite_with_feedback_and_the_right_answer(
    make_app, quiz_content, pack
):
    app = make_app(content=[quiz_content], start=("quiz", "test-pack"))
    wrong = {**WRONG_KEYS, "q-matching": keys_for_matching(pack, wrong=True)}
    order = presentation(pack.question("q-ordering"), 0).items
    expected = {
        "q-single": ["Not a.", "You answered: Choice a", "The right answer: Choice b"],
        "q-multiple": ["b is wrong.", "You answered: Choice b", "The right answer: Choice a; Choice c"],
        "q-true-false": ["Not quite.", "You answered: False", "The right answer: True"],
        "q-matching": [
            "You answered:\n", "✗ Breast → Skin\n", "✗ Colon → Skin\n", "✗ Prostate → Skin",
            "The right answer:\n", "Breast → Bones\n", "Colon → Liver\n", "Prostate → Bones",
        ],
        "q-ordering": [
            "You answered:\n", f"1. {order[0]}\n", f"3. {order[2]}",
            "The right answer:\n", "1. First\n", "2. Second\n", "3. Third",
        ],
        "q-short": ["It is angiogenesis.", "You typed: xyz", "The right answer: angiogenesis"],
    }
    async with app.run_test(size=BIG) as pilot:
        await pilot.pause()
        for question in pack.questions:
            await answer(pilot, wrong[question.id])
            text = screen_text(app)
            assert "✗ Not quite" in text, (question.id, text)
            assert "✓ Right" not in text
            for words in expected[question.id]:
                assert words in text, (question.id, words)
            await go_on(pilot)
        text = screen_text(app)
        assert "You got 0 of 6 right (0%)." in text
    progress = read_progress(app.store.path)
    answers = progress.questions["test-pack"]
    assert {qid: record.last_correct for qid, record in answers.items()} == {
        q.id: False for q in pack.questions
    }
    assert answers["q-short"].last_answer == "xyz"


async def test_enter_before_choosing_asks_for_an_answer_and_checks_nothing(make_app, quiz_content):
    app = make_app(content=[quiz_content], start=("quiz", "test-pack"))
    async with app.run_test(size=BIG) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert "Choose an answer first: press its number, then Enter." in text
        assert "Right" not in text and "Not quite" not in text
        assert "Question 1 of 6" in text
    assert "test-pack" not in read_progress(app.store.path).questions


async def test_matching_shows_each_pairing_and_asks_for_the_missing_ones(make_app, quiz_content, pack):
    app = make_app(content=[quiz_content], start=("quiz", "test-pack"))
    first = keys_for_matching(pack)[0]
    async with app.run_test(size=BIG) as pilot:
        await pilot.pause()
        for question_keys in (["2"], ["1", "3"], ["t"]):
            await answer(pilot, question_keys)
            await go_on(pilot)
        assert "Match them." in screen_text(app)
        await pilot.press(first)
        await pilot.pause()
        text = screen_text(app)
        assert "Breast" in text and "→  " + first + " Bones" in text
        assert "(not matched yet)" in text
        await pilot.press("enter")
        await pilot.pause()
        assert "Match every item first: 2 still to match." in screen_text(app)


async def test_hints_come_one_at_a_time_and_are_counted_in_the_progress_file(make_app, quiz_content):
    app = make_app(content=[quiz_content], start=("quiz", "test-pack"))
    async with app.run_test(size=BIG) as pilot:
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        text = screen_text(app)
        assert "Hint 1 of 2: It is not a." in text
        assert "It is b." not in text
        await pilot.press("h")
        await pilot.pause()
        assert "Hint 2 of 2: It is b." in screen_text(app)
        await pilot.press("h")
        await pilot.pause()
        assert "No more hints for this question." in screen_text(app)
        await answer(pilot, ["2"])
        assert "✓ Right" in screen_text(app)
    record = read_progress(app.store.path).questions["test-pack"]["q-single"]
    assert record.hints_used == 2
    assert record.last_correct is True


async def test_skip_brings_the_question_back_at_the_end_without_penalty(make_app, quiz_content, pack):
    app = make_app(content=[quiz_content], start=("quiz", "test-pack"))
    right = {**RIGHT_KEYS, "q-matching": keys_for_matching(pack), "q-ordering": keys_for_ordering(pack)}
    async with app.run_test(size=BIG) as pilot:
        await pilot.pause()
        await pilot.press("k")
        await pilot.pause()
        text = screen_text(app)
        assert "Pick a and c." in text
        assert "comes back at the end, with no penalty" in text
        for question in pack.questions[1:]:
            await answer(pilot, right[question.id])
            await go_on(pilot)
        text = screen_text(app)
        assert "Pick b." in text and "Question 1 of 6 (skipped before)" in text
        await answer(pilot, right["q-single"])
        await go_on(pilot)
        assert "You got 6 of 6 right (100%)." in screen_text(app)


async def test_skipping_twice_leaves_the_question_unanswered(make_app, quiz_content, pack):
    app = make_app(content=[quiz_content], start=("quiz", "test-pack"))
    async with app.run_test(size=BIG) as pilot:
        await pilot.pause()
        for _ in range(12):
            await pilot.press("k", "f4")
            await pilot.pause()
            if isinstance(app.screen, ResultsScreen):
                break
        words = " ".join(screen_text(app).split())
        assert "You skipped every question, so there is no score this time." in words
        assert "No questions were answered this time, and nothing was counted." in words
        assert "0 of 6" not in words and "0%" not in words and "✗" not in words
        assert "The questions, to read about" in words and "• Pick b." in words


async def test_a_question_skipped_twice_is_said_calmly_above_the_next_one(make_app, quiz_content, pack):
    """The second skip of a question shows the next question with a line about the one before:
    it read "You skipped the last question again", odd on another question and a reproach."""
    app = make_app(content=[quiz_content], start=("quiz", "test-pack"))
    async with app.run_test(size=(60, 20)) as pilot:
        await settled(pilot)
        for question in pack.questions:  # each once: they come back at the end
            await pilot.press("f4" if question.type == "short_answer" else "k")
            await settled(pilot)
        assert "Pick b." in screen_text(app) and "(skipped before)" in screen_text(app)
        await pilot.press("k")  # the first again: left unanswered; the second comes back
        await settled(pilot)
        text = screen_text(app)
        words = " ".join(text.split())
        assert "Pick a and c." in text and "Question 2 of 6 (skipped before)" in text, text
        assert "The previous question, skipped twice, is left unanswered." in words, text
        assert "again" not in words and "last question" not in words, text


async def test_skipping_every_question_on_the_course_track_gives_no_verdict_and_no_score(
    make_app, quiz_content, tmp_path
):
    progress = tmp_path / "skipped-all.toml"
    app = make_app(progress=progress, content=[quiz_content], start=("quiz", "test-pack"), track="course",
                   ask_confidence=False)
    async with app.run_test(size=BIG) as pilot:
        await pilot.pause()
        for _ in range(12):
            await pilot.press("k", "f4")
            await pilot.pause()
            if isinstance(app.screen, ResultsScreen):
                break
        words = " ".join(screen_text(app).split())
        assert "You skipped every question, so there is no score this time." in words
        assert "Passed" not in words and "passed yet" not in words and "pass mark" not in words
    app.store.close()
    saved = read_progress(progress).packs["test-pack"]
    # The attempt simply stays unfinished: no score, no best, no pass, not counted as finished.
    assert [(a.answered, a.finished, a.percent, a.passed) for a in saved.attempts] == [(0, None, None, None)]
    assert saved.finished_total == 0 and saved.best_percent is None


async def test_leaving_mid_quiz_keeps_the_answers_and_the_quiz_carries_on_after_a_restart(
    make_app, quiz_content, tmp_path, pack
):
    progress = tmp_path / "kept.toml"
    app = make_app(progress=progress, content=[quiz_content], start=("quiz", "test-pack"))
    async with app.run_test(size=BIG) as pilot:
        await pilot.pause()
        await answer(pilot, ["2"])
        await go_on(pilot)
        await answer(pilot, ["2"])  # wrong: b is not right
        await pilot.press("escape")
        await pilot.pause()
        assert "Leave the quiz? Your answers so far are saved." in screen_text(app)
        await pilot.press("escape")  # no: keep going
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)
        assert "Not quite" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert not isinstance(app.screen, QuizScreen)
    app.store.close()
    saved = read_progress(progress)
    assert saved.questions["test-pack"]["q-single"].last_correct is True
    assert saved.questions["test-pack"]["q-multiple"].last_correct is False
    attempt = saved.packs["test-pack"].attempts[-1]
    assert attempt.answered == 2 and attempt.finished is None
    # Reopened (after a restart): the quiz carries on from question 3 and counts all six.
    again = make_app(progress=progress, content=[quiz_content], start=("quiz", "test-pack"))
    assert again.store.last_activity() == ("quiz", "test-pack")
    right = {**RIGHT_KEYS, "q-matching": keys_for_matching(pack), "q-ordering": keys_for_ordering(pack)}
    async with again.run_test(size=BIG) as pilot:
        await pilot.pause()
        text = screen_text(again)
        assert "You answered 2 of 6 questions last time" in " ".join(text.split())
        assert "Question 3 of 6" in text and "This is true." in text
        for question in pack.questions[2:]:
            await answer(pilot, right[question.id])
            await go_on(pilot)
            if question.id == "q-true-false":  # the next question: the welcome is not repeated
                text = screen_text(again)
                assert "Question 4 of 6" in text and "Welcome back" not in text
        text = screen_text(again)
        assert "You got 5 of 6 right (83%)." in text
        assert "✗ Pick a and c." in text
    attempts = read_progress(progress).packs["test-pack"].attempts
    assert len(attempts) == 1
    assert (attempts[0].answered, attempts[0].correct, attempts[0].total) == (6, 5, 6)


async def test_read_more_opens_the_lesson_page_and_escape_returns_to_the_same_feedback(
    make_app, quiz_content
):
    app = make_app(content=[quiz_content], start=("quiz", "test-pack"))
    async with app.run_test(size=BIG) as pilot:
        await pilot.pause()
        await answer(pilot, ["1"])
        await pilot.press("r")
        await pilot.pause()
        assert not isinstance(app.screen, QuizScreen)
        text = screen_text(app)
        assert "The first page" in text and "Some words on the first page." in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)
        text = screen_text(app)
        assert "✗ Not quite" in text and "Not a." in text and "Question 1 of 6" in text
        await go_on(pilot)
        assert "Pick a and c." in screen_text(app)


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_back_from_read_more_the_quiz_is_where_the_learner_was_reading_the_feedback(
    make_app, quiz_content, size
):
    """Back from the teaching page, the quiz showed the question from its top (the screen gave the
    answer the focus again, which scrolled it into view): the feedback being read was out of
    view. It comes back scrolled as it was, and nothing takes the focus."""
    app = make_app(content=[quiz_content], start=("quiz", "test-pack"))
    async with app.run_test(size=size) as pilot:
        await settled(pilot)
        await answer(pilot, ["1"])
        await settled(pilot)
        screen = app.screen
        body = screen.query_one("#quiz-body")
        before = body.scroll_y
        assert before > 0, "the feedback is scrolled into view at this size"
        await pilot.press("r")
        await until(pilot, lambda: app.screen is not screen, "the lesson page")
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen and footer_settled(app), "the quiz again")
        assert app.focused is None
        assert body.scroll_y == before
        assert "✗ Not quite" in screen_text(app)


async def test_a_click_on_the_read_more_line_opens_the_lesson_page_and_the_verdict_is_in_colour_and_words(
    make_app, quiz_content
):
    """The feedback is one widget: its "read more" line still opens the page when clicked (as
    r does), anywhere on the line, and the verdict has its colour as well as its ✓ ✗ and words."""
    app = make_app(content=[quiz_content], start=("quiz", "test-pack"))
    async with app.run_test(size=BIG) as pilot:
        await pilot.pause()
        await answer(pilot, ["1"])
        lines = screen_text(app).splitlines()
        verdict_row = next(n for n, line in enumerate(lines) if "✗ Not quite" in line)
        why_row = next(n for n, line in enumerate(lines) if line.lstrip("▌█ ").startswith("Why:"))
        strips = app.screen._compositor.render_strips()
        colour = next(segment.style.color for segment in strips[verdict_row] if "✗" in segment.text)
        plain = next(segment.style.color for segment in strips[why_row] if "Why" in segment.text)
        assert colour is not None and colour != plain  # in a colour of its own, beside ✗ and the words
        row = next(n for n, line in enumerate(lines) if "Read more: A test lesson › The first page" in line)
        column = lines[row].index("Read more")
        await pilot.click(offset=(column, row))
        await pilot.pause()
        assert not isinstance(app.screen, QuizScreen)
        assert "Some words on the first page." in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen) and "✗ Not quite" in screen_text(app)


async def walk_with_two_wrong(pilot, pack) -> None:
    right = {**RIGHT_KEYS, "q-matching": keys_for_matching(pack), "q-ordering": keys_for_ordering(pack)}
    for question in pack.questions:
        keys = WRONG_KEYS[question.id] if question.id in ("q-single", "q-short") else right[question.id]
        await answer(pilot, keys)
        await go_on(pilot)


async def test_course_results_say_not_yet_passed_list_the_missed_and_practise_them(
    make_app, quiz_content, pack
):
    app = make_app(content=[quiz_content], start=("quiz", "test-pack"), track="course",
                   ask_confidence=False)
    earlier = app.store.start_attempt("test-pack", "1.0.0")  # an earlier, better try
    app.store.finish_attempt(earlier, correct=9, total=12, percent=75, passed=False)
    async with app.run_test(size=BIG) as pilot:
        await pilot.pause()
        await walk_with_two_wrong(pilot, pack)
        text = screen_text(app)
        assert text.splitlines()[0].strip().startswith("Results: A test pack")
        assert "You got 4 of 6 right (67%). Your best score on this quiz so far: 75%." in text
        words = " ".join(text.split())
        assert "✗ Not passed yet. The pass mark is 80%. Read about the questions below; you can try again whenever you like." in words
        assert "NOT" not in text
        assert "A test lesson: 4 of 6 right" in text
        assert "✗ Pick b." in text and "✗ Name the process." in text
        assert "Read: A test lesson › The first page" in text
        assert "Practise the ones I missed" in text
        attempt = read_progress(app.store.path).packs["test-pack"].attempts[-1]
        assert (attempt.correct, attempt.total, attempt.percent, attempt.passed) == (4, 6, 67, False)

        # Tab to the list (one Tab, as the heading says): Enter on the first missed question
        # opens where to read about it.
        await pilot.press("tab", "enter")
        await pilot.pause()
        assert "Some words on the first page." in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)

        # "Practise the ones I missed" asks only those two.
        await pilot.press("p")
        await pilot.pause()
        text = screen_text(app)
        assert isinstance(app.screen, QuizScreen)
        assert "Question 1 of 2" in text and "Pick b." in text
        await answer(pilot, ["2"])
        await go_on(pilot)
        await answer(pilot, [*"angiogenesis"])
        await go_on(pilot)
        text = screen_text(app)
        assert text.splitlines()[0].strip().startswith("Practice results: A test pack")
        assert "You got 2 of 2 right (100%)." in text
        assert "✓ Passed" not in text and "Not passed yet" not in text  # practice decides no pass
    attempts = read_progress(app.store.path).packs["test-pack"].attempts
    assert [a.mode for a in attempts] == ["quiz", "quiz", "practice"]
    assert app.store.passed("test-pack") is False


async def test_course_results_say_passed_when_the_score_reaches_the_pass_mark(make_app, quiz_content, pack):
    app = make_app(content=[quiz_content], start=("quiz", "test-pack"), track="course",
                   ask_confidence=False)
    right = {**RIGHT_KEYS, "q-matching": keys_for_matching(pack), "q-ordering": keys_for_ordering(pack)}
    async with app.run_test(size=BIG) as pilot:
        await pilot.pause()
        for question in pack.questions:
            await answer(pilot, right[question.id])
            await go_on(pilot)
        text = screen_text(app)
        assert "✓ Passed. The pass mark is 80%." in text
        assert "Practise the ones I missed" not in text
        assert "best score" not in text  # this is the best
    assert app.store.passed("test-pack") is True


async def test_self_study_results_give_gentle_words_and_no_verdict(make_app, quiz_content, pack):
    app = make_app(content=[quiz_content], start=("quiz", "test-pack"), track="self")
    async with app.run_test(size=BIG) as pilot:
        await pilot.pause()
        await walk_with_two_wrong(pilot, pack)
        text = screen_text(app)
        assert "You got 4 of 6 right (67%)." in text
        assert "✓ Passed" not in text and "Not passed yet" not in text and "pass mark" not in text
        assert "Well done for working through these." in text


async def test_review_asks_the_due_questions_says_which_pack_and_when_they_come_back(
    make_app, quiz_content, tmp_path
):
    progress = tmp_path / "review.toml"
    setup = make_app(progress=progress, content=[quiz_content])
    long_ago = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    for qid, section in (("q-single", "s1"), ("q-true-false", "s1")):
        setup.store.record_answer(
            "test-pack", "1.0.0", qid, lesson="test-lesson", section=section,
            response="x", correct=False, hints_used=0, when=long_ago,
        )
    setup.store.close()
    app = make_app(progress=progress, content=[quiz_content], start=("review",))
    async with app.run_test(size=BIG) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert isinstance(app.screen, QuizScreen)
        assert "Question 1 of 2" in text
        assert "From: A test pack" in text
        assert "Pick b." in text
        await answer(pilot, ["2"])
        assert "Read more: A test lesson › The first page" in screen_text(app)
        await go_on(pilot)
        await answer(pilot, ["t"])
        await go_on(pilot)
        text = screen_text(app)
        assert isinstance(app.screen, ResultsScreen)
        assert "Reviewed" in text
        assert "✓ Pick b." in text and "comes back" in text
    assert app.store.due_count() == 0


HOSTILE = "[@click=app.quit]Quit now[/]"


def hostile_pack() -> dict:
    data = pack_data()
    data["pack"]["title"] = "[b]Bold title[/b] [link=https://x.org]x[/link]"
    single = data["questions"][0]
    single["prompt"] = f"{HOSTILE} and [/] and [red]red[/red]\x1b[31m\x9b2J"
    single["hints"] = ["[@click=app.quit]hint[/]"]
    single["choices"][0]["text"] = "[@click=app.quit]Choice a[/]"
    single["choices"][0]["feedback"] = "[/]unbalanced [bold"
    single["explanation"] = "$variable [@click=screen.dismiss]why[/]"
    matching = data["questions"][3]
    matching["pairs"][0]["left"] = "[i]Breast[/i]"
    matching["distractors"] = ["[@click=app.quit]Skin[/]"]
    return data


async def test_hostile_pack_text_shows_literally_and_does_nothing(make_app, tmp_path):
    folder = tmp_path / "hostile"
    folder.mkdir()
    write_lesson(folder, LESSON.replace('title = "A test lesson"', 'title = "[@click=app.quit]Lesson[/]"'))
    write_pack(folder, hostile_pack())
    app = make_app(content=[folder], start=("quiz", "test-pack"))
    async with app.run_test(size=BIG) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "[b]Bold title[/b] [link=https://x.org]x[/link]" in text
        assert f"{HOSTILE} and [/] and [red]red[/red]" in text
        assert "\x1b" not in text and "\x9b" not in text
        assert "[@click=app.quit]Choice a[/]" in text
        # Clicking the text that would be a link, and the choice, does not quit the app.
        prompt = app.screen.query_one("#quiz-prompt")
        await pilot.click(prompt, offset=(2, 0))
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, QuizScreen)
        await pilot.press("h")
        await pilot.pause()
        assert "Hint: [@click=app.quit]hint[/]" in screen_text(app)
        await answer(pilot, ["1"])
        text = screen_text(app)
        assert "[/]unbalanced [bold" in text
        assert "Why: $variable [@click=screen.dismiss]why[/]" in text
        assert "Read more: [@click=app.quit]Lesson[/] › The first page" in text
        row = next(n for n, line in enumerate(text.splitlines()) if "Why: $variable" in line)
        column = text.splitlines()[row].index("[@click") + 2
        await pilot.click(offset=(column, row))  # on the text that would be a link
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, QuizScreen)
        await go_on(pilot)
        await answer(pilot, ["1", "3"])
        await go_on(pilot)
        await answer(pilot, ["t"])
        await go_on(pilot)
        text = screen_text(app)
        assert "[i]Breast[/i]" in text and "[@click=app.quit]Skin[/]" in text
        for _ in range(6):  # skip the rest, twice each: the results list them
            await pilot.press("k", "f4")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        text = screen_text(app)
        assert "Results: [b]Bold title[/b]" in text.splitlines()[0]
        assert f"✗ {HOSTILE} and [/] and [red]red[/red]" in text
        assert "Read: [@click=app.quit]Lesson[/] › The first page" in text
        await pilot.click("#results-missed", offset=(4, 1))
        await pilot.pause()
        assert app.is_running
    assert app.return_code in (None, 0)


async def test_at_60x20_the_prompt_the_choices_and_the_check_key_are_on_screen(make_app, quiz_content):
    app = make_app(content=[quiz_content], start=("quiz", "test-pack"))
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Pick b." in text
        assert "3 ( ) Choice c" in text
        assert "Enter to check" in " ".join(text.split())  # the keys line, wrapped or not
        assert "Check" in text.splitlines()[-1]  # the footer
        await answer(pilot, ["1"])
        text = screen_text(app)
        assert "✗ Not quite" in text
        assert "Next" in text.splitlines()[-1]


async def test_resizing_keeps_the_answer_being_given(make_app, quiz_content, pack):
    app = make_app(content=[quiz_content], start=("quiz", "test-pack"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await answer(pilot, ["2"])
        await go_on(pilot)
        await pilot.press("1", "3")
        await pilot.pause()
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        text = screen_text(app)
        assert "[x] Choice a" in text and "[ ] Choice b" in text and "[x] Choice c" in text
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await answer(pilot, [])
        assert "✓ Right" in screen_text(app)


async def test_a_second_window_on_the_same_profile_says_answers_are_not_saved(
    make_app, quiz_content, tmp_path
):
    progress = tmp_path / "shared.toml"
    first = make_app(progress=progress, content=[quiz_content])
    app = make_app(progress=progress, content=[quiz_content], start=("quiz", "test-pack"))
    assert app.store.read_only
    async with app.run_test(size=BIG) as pilot:
        await pilot.pause()
        assert "answers in this window will not be saved" in screen_text(app)
        await answer(pilot, ["2"])
        assert "✓ Right" in screen_text(app)
    first.store.close()
    assert "test-pack" not in read_progress(progress).questions


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_every_quiz_screen_keeps_f1_help_and_f2_support_in_the_footer(make_app, quiz_content, size):
    """The keys line names each type's keys; the footer keeps Check/Next, Leave, F1 and F2."""
    app = make_app(content=[quiz_content], start=("quiz", "test-pack"), track="course",
                   ask_confidence=False)
    words = [
        "Press 1 to 3 (or ↑ ↓ and Space), then Enter to check.",
        "Press 1 to 3 for each right answer",
        "1 or t for True, 2 or f for False",
        "Press a number to match the ▶ item; ▶ then moves on.",
        "[ ] or Shift+↑ ↓ move it",
        "Type your answer, then Enter to check.",
    ]
    wrong = [["1"], ["2"], ["f"], ["1", "1", "1"], [], [*"xyz"]]
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        for keys_line, keys in zip(words, wrong):
            await settled(pilot)
            text = screen_text(app)
            footer = text.splitlines()[-1]
            assert "Check" in footer and "Leave" in footer, footer
            assert "f1 Help" in footer and "f2 Support" in footer, footer
            assert keys_line in " ".join(text.split())
            await answer(pilot, keys)
            await settled(pilot)
            footer = screen_text(app).splitlines()[-1]
            assert "Next" in footer and "f1 Help" in footer and "f2 Support" in footer, footer
            await go_on(pilot)
        await until(pilot, lambda: isinstance(app.screen, ResultsScreen), "the results")
        await settled(pilot)
        footer = screen_text(app).splitlines()[-1]
        assert "Home" in footer and "f1 Help" in footer and "f2 Support" in footer, footer


async def test_matching_by_arrows_and_ordering_by_holding_with_space(make_app, quiz_content, pack):
    app = make_app(content=[quiz_content], start=("quiz", "test-pack"))
    question = pack.question("q-matching")
    shown = presentation(question, 0).right_items
    matching_keys: list[str] = []
    for pair in question.pairs:
        matching_keys += ["right"] * (shown.index(pair.right) + 1) + ["down"]
    ordering_keys: list[str] = []
    for key in keys_for_ordering(pack):
        ordering_keys += ["space", "up", "space"] if key in ("left_square_bracket", "shift+up") else [key]
    async with app.run_test(size=BIG) as pilot:
        await pilot.pause()
        await pilot.press("k", "k", "k")
        await pilot.pause()
        assert "Match them." in screen_text(app)
        await pilot.press(*matching_keys, "up", "backspace", "enter")
        await pilot.pause()
        assert "Match every item first: 1 still to match." in screen_text(app)
        # Colon again: ← from nothing starts at the last answer, → goes round to the first.
        await pilot.press("left", *["right"] * (shown.index("Liver") + 1), "enter")
        await pilot.pause()
        assert "✓ Right" in screen_text(app)
        await go_on(pilot)
        assert "Put them in order." in screen_text(app)
        await answer(pilot, ordering_keys)
        assert "✓ Right" in screen_text(app)


async def test_carrying_on_after_a_skip_shows_the_next_question_and_the_skipped_one_last(
    make_app, quiz_content, tmp_path, pack
):
    progress = tmp_path / "skipped.toml"
    app = make_app(progress=progress, content=[quiz_content], start=("quiz", "test-pack"))
    async with app.run_test(size=(100, 50)) as pilot:
        await pilot.pause()
        await pilot.press("k")  # skip question 1: "it comes back at the end"
        await pilot.pause()
        await pilot.press("1", "3", "enter")  # question 2, right
        await pilot.pause()
        await pilot.press("enter", "t", "enter")  # question 3, right
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert not isinstance(app.screen, QuizScreen)
    app.store.close()
    again = make_app(progress=progress, content=[quiz_content], start=("quiz", "test-pack"))
    async with again.run_test(size=(100, 50)) as pilot:
        await pilot.pause()
        words = " ".join(screen_text(again).replace("█", " ").split())  # not the note's left edge
        assert "You answered 2 of 6 questions last time, so the quiz carries on from question 3." in words
        assert "The one you skipped comes at the end." in words
        assert "Question 3 of 6" in words and pack.questions[3].prompt in words
        assert "Pick b." not in words
        for key in ("k", "k", "f4"):  # skip the next three: the skipped question 1 comes after them
            await pilot.press(key)
            await pilot.pause()
        words = " ".join(screen_text(again).split())
        assert "Question 6 of 6 (skipped before)" in words and "Pick b." in words


async def test_a_question_skipped_before_carrying_on_and_skipped_again_is_left(
    make_app, quiz_content, tmp_path, pack
):
    """Shown "(skipped before)" after the quiz was carried on, a skip leaves the question: it
    came back at the end a third time, its skip said "it comes back at the end" once more."""
    progress = tmp_path / "skipped.toml"
    app = make_app(progress=progress, content=[quiz_content], start=("quiz", "test-pack"))
    async with app.run_test(size=BIG) as pilot:
        await settled(pilot)
        await pilot.press("k")  # skip question 1: "it comes back at the end"
        await settled(pilot)
        await pilot.press("1", "3", "enter")  # question 2, right
        await settled(pilot)
        await pilot.press("enter", "t", "enter")  # question 3, right
        await settled(pilot)
        await pilot.press("escape")
        await settled(pilot)
        await pilot.press("y")
        await settled(pilot)
        assert not isinstance(app.screen, QuizScreen)
    app.store.close()
    again = make_app(progress=progress, content=[quiz_content], start=("quiz", "test-pack"))
    async with again.run_test(size=BIG) as pilot:
        await settled(pilot)
        for key in ("k", "k", "f4"):  # skip questions 4 to 6: the skipped question 1 comes after them
            await pilot.press(key)
            await settled(pilot)
        words = " ".join(screen_text(again).split())
        assert "Question 6 of 6 (skipped before)" in words and "Pick b." in words, words
        await pilot.press("k")  # skipped before the quiz was carried on, and again: it is left
        await settled(pilot)
        words = " ".join(screen_text(again).split())
        assert "The previous question, skipped twice, is left unanswered." in words, words
        assert "Pick b." not in words and "Question 3 of 6 (skipped before)" in words, words
        assert "it comes back at the end" not in words, words


async def test_tick_all_feedback_names_each_answer_and_what_the_learner_did_with_it(
    make_app, quiz_content
):
    app = make_app(content=[quiz_content], start=("quiz", "test-pack"))
    async with app.run_test(size=BIG) as pilot:
        await pilot.pause()
        await pilot.press("k")  # to the "tick all" question
        await pilot.pause()
        await answer(pilot, ["1", "2"])  # a (belongs) and b (does not); c left out
        text = screen_text(app)
        assert "✗ Not quite" in text
        assert "✓ Choice a: you ticked this one, and it belongs.\n" in text
        assert "✗ Choice b: you ticked this one, but it does not belong.\n" in text
        assert "✗ Choice c: you left this one out, but it belongs too.\n" in text
        lines = text.splitlines()
        for answer_line, note in (("Choice a: you", "a is right."), ("Choice c: you", "c is right.")):
            # The author's note sits on the line under the answer it is about.
            at = next(n for n, line in enumerate(lines) if answer_line in line)
            assert lines[at + 1].endswith(f"  {note}")


async def test_nothing_to_review_says_so_explains_review_and_escape_goes_home(make_app, quiz_content, tmp_path):
    from learnmeta.app.screens.results import NothingToReviewScreen

    for size in ((80, 24), (60, 20)):
        # One progress file per size: a second store on the same file in this process would be
        # a second window (read only, "Not saving: ... open in another window").
        app = make_app(content=[quiz_content], progress=tmp_path / f"progress-{size[0]}.toml")
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            home = app.screen
            app.push_screen(NothingToReviewScreen())
            # The screen and its footer are built over a few turns of the loop: under load one
            # pause was not always enough for "esc Home" (wait for the footer to be built).
            await until(pilot, lambda: isinstance(app.screen, NothingToReviewScreen) and footer_settled(app),
                        "the nothing-to-review screen and its footer")
            words = " ".join(screen_text(app).split())
            assert "There is nothing to review yet." in words
            assert "questions you miss in a quiz come back here later" in words
            assert "Well done" not in words
            assert "Home (Esc)" in words and "esc Home" in words
            await pilot.press("escape")
            await until(pilot, lambda: app.screen is home, "the home screen")
            assert app.screen is home


# --- the save after the feedback (issue 20): the line before the verdict, the rest just after ---------


async def test_the_answer_is_in_the_log_with_the_verdict_and_in_the_file_just_after(
    make_app, quiz_content, tmp_path, monkeypatch
):
    from learnmeta.progress.answerlog import log_path, read_log
    from learnmeta.progress.store import ProgressStore

    progress = tmp_path / "progress.toml"
    app = make_app(progress=progress, content=[quiz_content], start=("quiz", "test-pack"))
    seen = []
    real = ProgressStore.save_pending

    def noted(store):  # what the file holds when the save after the feedback starts
        seen.append(("q-single" in read_progress(progress).questions.get("test-pack", {}),
                     [a.question for a in read_log(log_path(progress)).answers()]))
        return real(store)

    monkeypatch.setattr(ProgressStore, "save_pending", noted)
    async with app.run_test(size=BIG) as pilot:
        await pilot.pause()
        await answer(pilot, ["2"])
        assert "✓ Right" in screen_text(app)
        assert seen[0] == (False, ["q-single"])  # the line first; the summary after the frame
        assert read_progress(progress).questions["test-pack"]["q-single"].seen == 1


async def test_undo_and_leaving_right_after_an_answer_find_it_saved(make_app, quiz_content, tmp_path, monkeypatch):
    from learnmeta.progress.answerlog import log_path, read_log
    from learnmeta.progress.store import ProgressStore

    progress = tmp_path / "progress.toml"
    app = make_app(progress=progress, content=[quiz_content], start=("quiz", "test-pack"))
    real = ProgressStore.save_pending
    async with app.run_test(size=BIG) as pilot:
        await pilot.pause()
        monkeypatch.setattr(ProgressStore, "save_pending", lambda store: True)  # as if not yet come
        await answer(pilot, ["2"])
        assert "✓ Right" in screen_text(app) and app.store.save_waiting
        assert "test-pack" not in read_progress(progress).questions
        await pilot.press("u")  # taken back: the answer and its undo, saved together
        await pilot.pause()
        assert "Your answer was taken back" in screen_text(app)
        saved = read_progress(progress)
        assert "test-pack" not in saved.questions and saved.packs["test-pack"].attempts[-1].answered == 0
        assert read_log(log_path(progress)).answers() == []
        await answer(pilot, ["1"])
        assert "✗ Not quite" in screen_text(app) and app.store.save_waiting
        monkeypatch.setattr(ProgressStore, "save_pending", real)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")  # "Leave the quiz"
        await pilot.pause()
        assert not isinstance(app.screen, QuizScreen)
        assert read_progress(progress).questions["test-pack"]["q-single"].last_correct is False


async def test_a_summary_that_cannot_be_saved_after_the_feedback_is_told_on_screen(
    make_app, quiz_content, tmp_path, monkeypatch
):
    import errno

    from learnmeta import files
    from learnmeta.progress.answerlog import log_path, read_log

    progress = tmp_path / "progress.toml"
    app = make_app(progress=progress, content=[quiz_content], start=("quiz", "test-pack"))
    async with app.run_test(size=BIG, notifications=True) as pilot:
        await pilot.pause()

        def disk_full(*args, **kwargs):
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(files, "replace_atomically", disk_full)
        await answer(pilot, ["2"])
        await pilot.pause()
        text = " ".join(screen_text(app).split())
        assert "✓ Right" in text
        assert "Your answers could not be saved" in text and "the disk is full" in text
    assert [a.question for a in read_log(log_path(progress)).answers()] == ["q-single"]



async def test_a_click_on_an_answer_row_chooses_it_on_any_of_its_lines_and_nothing_once_checked(
    make_app, tmp_path
):
    """The rows of an answer are drawn as one widget: a click still chooses the row under the
    mouse, on any line of a row that wraps, and does nothing once the answer is checked."""
    folder = tmp_path / "long"
    folder.mkdir()
    data = pack_data()
    data["questions"][0]["choices"][0]["text"] = "Choice a, " + "which goes on and on " * 8
    write_lesson(folder)
    write_pack(folder, data)
    app = make_app(content=[folder], start=("quiz", "test-pack"))
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.pause()
        lines = screen_text(app).splitlines()
        first = next(n for n, line in enumerate(lines) if "Choice a, which" in line)
        assert "which goes on" in lines[first + 1] and "(" not in lines[first + 1]  # wrapped under itself
        at = next(n for n, line in enumerate(lines) if "Choice c" in line)
        await pilot.click(offset=(lines[at].index("Choice c") + 2, at))
        await pilot.pause()
        lines = screen_text(app).splitlines()
        assert "(•) Choice c" in lines[at] and "▶" in lines[at]
        await pilot.click(offset=(lines[first + 1].index("goes") + 1, first + 1))  # its second line
        await pilot.pause()
        lines = screen_text(app).splitlines()
        assert "(•) Choice a" in lines[first] and "( ) Choice c" in lines[at]
        await pilot.press("enter")
        await pilot.pause()
        assert "✗ Not quite" in screen_text(app)
        lines = screen_text(app).splitlines()
        at = next(n for n, line in enumerate(lines) if "Choice c" in line)
        await pilot.click(offset=(lines[at].index("Choice c") + 2, at))
        await pilot.pause()
        assert "( ) Choice c" in screen_text(app) and "(•) Choice a" in screen_text(app)


async def test_at_60x20_the_questions_to_look_at_again_wrap_under_their_text(make_app, tmp_path, screen_text):
    """A missed question's prompt too long for the results' list at 60 columns went on at the
    list's left edge, under the ✗; it goes on under its own text."""
    folder = tmp_path / "long"
    folder.mkdir()
    data = pack_data()
    data["questions"][0]["prompt"] = "Pick b, " + "which is the one that the lesson names first " * 2
    write_lesson(folder)
    write_pack(folder, data)
    pack = checks.validate(Pack, data)
    wrong = {**WRONG_KEYS, "q-matching": keys_for_matching(pack, wrong=True)}
    app = make_app(content=[folder], start=("quiz", "test-pack"))
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        for question in pack.questions:
            await answer(pilot, wrong[question.id])
            await go_on(pilot)
        assert isinstance(app.screen, ResultsScreen)
        await pilot.press("tab", "tab")  # to the list: in view
        await pilot.pause()
        lines = screen_text(app).splitlines()
        at = next(n for n, line in enumerate(lines) if "✗ Pick b, which" in line)
        rest = lines[at + 1].replace("▊", " ").rstrip(" ▎")
        assert rest.strip() and not rest.strip().startswith("Read:"), lines[at:at + 3]
        assert len(rest) - len(rest.lstrip()) == lines[at].index("Pick b"), lines[at:at + 3]  # under "Pick"


async def test_at_60x20_a_long_item_to_order_wraps_under_its_own_text(make_app, tmp_path, screen_text):
    """An ordering question's item too long for the row went on at the rows' left edge, under
    the numbers; it goes on under its own text, as a long choice does."""
    folder = tmp_path / "long"
    folder.mkdir()
    data = pack_data()
    ordering = next(q for q in data["questions"] if q["type"] == "ordering")
    ordering["items"] = ["First, " + "the cells break away from the tumour and " * 2, "Second", "Third"]
    data["questions"] = [ordering]
    write_lesson(folder)
    write_pack(folder, data)
    app = make_app(content=[folder], start=("quiz", "test-pack"))
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        lines = screen_text(app).splitlines()
        at = next(n for n, line in enumerate(lines) if "First, the cells" in line)
        assert lines[at + 1].index("the cells") == lines[at].index("First"), lines[at:at + 2]


# --- undo where a score is handed in: an answer given again is said, never hidden -----------------


@pytest.mark.parametrize("track", ["course", "self"])
async def test_a_wrong_answer_taken_back_and_answered_right_is_said_beside_the_pass_on_the_course_track(
    make_app, quiz_content, pack, track
):
    """Answer wrong, read the feedback (it shows the right answer), undo, answer right: the score
    counts it right (undo takes the answer back, as issue 16 says), but on the course track the
    results say so beside "Passed", and the answer log marks the answer ``given_again``. The
    self-study track shows no pass mark, and is told what its record marks."""
    from learnmeta.progress.answerlog import answers, log_path

    app = make_app(content=[quiz_content], start=("quiz", "test-pack"), track=track, ask_confidence=False)
    right = {**RIGHT_KEYS, "q-matching": keys_for_matching(pack), "q-ordering": keys_for_ordering(pack)}
    async with app.run_test(size=BIG) as pilot:
        await settled(pilot)
        await answer(pilot, WRONG_KEYS["q-single"])
        await settled(pilot)
        assert "✗ Not quite" in screen_text(app)
        await pilot.press("u")
        await until(pilot, lambda: "Your answer was taken back" in screen_text(app), "the undo")
        await settled(pilot)
        told = " ".join(screen_text(app).split())
        if track == "course":  # told before answering again, not only in the results
            assert "your results will say that a wrong answer was answered again" in told, told
        else:  # no results say it there, but the record marks it, and the learner is told so
            assert "your record will show that your next answer to it was given again" in told, told
            assert "as if it was never given" not in told and "results will say" not in told
        words = await right_to_the_results(pilot, app, right, [q.id for q in pack.questions])
        assert "You got 6 of 6 right (100%)." in words
        said = "1 wrong answer was taken back after its feedback and answered again."
        if track == "course":
            assert "✓ Passed. The pass mark is 80%. " + said in words, words
        else:
            assert said not in words and "Passed" not in words
    logged = answers(log_path(app.store.path))
    assert [(a.question, a.given_again) for a in logged][:2] == [("q-single", True), ("q-multiple", None)]


async def test_a_click_while_an_ordering_item_is_held_puts_it_at_the_clicked_place(make_app, quiz_content, pack):
    """Holding an item (Space) and clicking another row moved the hold to the clicked item and
    left the held one where it was; the keys move the held item. A click now puts the held item
    at the clicked place (still held, as after the keys); a click on the held item lets it go."""
    app = make_app(content=[quiz_content], start=("quiz", "test-pack"))
    shown = list(presentation(pack.question("q-ordering"), 0).items)
    async with app.run_test(size=BIG) as pilot:
        await settled(pilot)
        await pilot.press("k", "k", "k", "k")
        await until(pilot, lambda: "Put them in order." in screen_text(app), "the ordering question")
        await settled(pilot)
        await pilot.press("space")
        await until(pilot, lambda: "(holding:" in screen_text(app), "the hold")
        lines = screen_text(app).splitlines()
        at = next(n for n, line in enumerate(lines) if f"3. {shown[2]}" in line)
        await pilot.click(offset=(lines[at].index(shown[2]) + 1, at))
        await pilot.pause()
        text = screen_text(app)
        assert f"1. {shown[1]}" in text and f"2. {shown[2]}" in text, text
        assert f"3. {shown[0]}  (holding:" in text, text
        lines = text.splitlines()
        at = next(n for n, line in enumerate(lines) if f"3. {shown[0]}" in line)
        await pilot.click(offset=(lines[at].index(shown[0]) + 1, at))  # on the held item: let go
        await pilot.pause()
        text = screen_text(app)
        assert "(holding:" not in text and f"3. {shown[0]}" in text, text


@pytest.mark.parametrize("again_in", ["first sitting", "second sitting"])
async def test_an_answer_given_again_after_an_undo_is_said_when_the_quiz_was_left_and_carried_on(
    make_app, quiz_content, tmp_path, pack, again_in
):
    """Undo a wrong answer, leave the quiz, carry it on later: the answer given again (then, or
    before leaving) is still said beside the pass and marked in the log. The attempt keeps the
    questions taken back (``taken_back``): the undo alone left no trace once the quiz was left."""
    from learnmeta.progress.answerlog import answers, log_path

    progress = tmp_path / "carried.toml"
    right = {**RIGHT_KEYS, "q-matching": keys_for_matching(pack), "q-ordering": keys_for_ordering(pack)}
    app = make_app(progress=progress, content=[quiz_content], start=("quiz", "test-pack"), track="course",
                   ask_confidence=False)
    async with app.run_test(size=BIG) as pilot:
        await settled(pilot)
        await answer(pilot, right["q-single"])
        await settled(pilot)
        await go_on(pilot)
        await settled(pilot)
        await answer(pilot, WRONG_KEYS["q-multiple"])
        await settled(pilot)
        await pilot.press("u")
        await until(pilot, lambda: "Your answer was taken back" in screen_text(app), "the undo")
        await settled(pilot)
        if again_in == "first sitting":
            await answer(pilot, right["q-multiple"])
            await settled(pilot)
        await pilot.press("escape")
        await until(pilot, lambda: "Leave the quiz?" in screen_text(app), "the question")
        await pilot.press("y")
        await until(pilot, lambda: not isinstance(app.screen, QuizScreen), "home")
    app.store.close()
    again = make_app(progress=progress, content=[quiz_content], start=("quiz", "test-pack"))
    left = [q.id for q in pack.questions][2 if again_in == "first sitting" else 1:]
    async with again.run_test(size=BIG) as pilot:
        await settled(pilot)
        words = await right_to_the_results(pilot, again, right, left)
        assert "You got 6 of 6 right (100%)." in words
        assert "✓ Passed. The pass mark is 80%. 1 wrong answer was taken back after its feedback and " \
               "answered again." in words, words
    logged = answers(log_path(progress))
    assert [a.question for a in logged if a.given_again] == ["q-multiple"]


async def test_a_first_answer_given_again_after_an_undo_is_said_when_the_quiz_was_left_and_opened_again(
    make_app, quiz_content, tmp_path, pack
):
    """The first question answered wrong, taken back (u) and the quiz left at once: the attempt
    has no answers, so it is not carried on; the quiz opened again starts a new attempt that keeps
    the question taken back (``taken_back``), so the right answer then is still said beside the
    pass and marked in the log, and leaving again before answering keeps it too."""
    from learnmeta.progress.answerlog import answers, log_path

    progress = tmp_path / "first.toml"
    right = {**RIGHT_KEYS, "q-matching": keys_for_matching(pack), "q-ordering": keys_for_ordering(pack)}
    first = pack.questions[0].id
    app = make_app(progress=progress, content=[quiz_content], start=("quiz", "test-pack"), track="course",
                   ask_confidence=False)
    async with app.run_test(size=BIG) as pilot:
        await settled(pilot)
        await answer(pilot, WRONG_KEYS[first])
        await settled(pilot)
        await pilot.press("u")
        await until(pilot, lambda: "Your answer was taken back" in screen_text(app), "the undo")
        await settled(pilot)
        await pilot.press("escape")
        await until(pilot, lambda: "Leave the quiz?" in screen_text(app), "the question")
        await pilot.press("y")
        await until(pilot, lambda: not isinstance(app.screen, QuizScreen), "home")
    app.store.close()
    for sitting in ("left again", "answered"):
        again = make_app(progress=progress, content=[quiz_content], start=("quiz", "test-pack"))
        async with again.run_test(size=BIG) as pilot:
            await settled(pilot)
            if sitting == "left again":
                await pilot.press("escape")
                await until(pilot, lambda: not isinstance(again.screen, QuizScreen)
                            or "Leave the quiz?" in screen_text(again), "leaving")
                if isinstance(again.screen, QuizScreen):
                    await pilot.press("y")
                    await until(pilot, lambda: not isinstance(again.screen, QuizScreen), "home")
                again.store.close()
                continue
            assert "This window does not save" not in screen_text(again)
            words = await right_to_the_results(pilot, again, right, [q.id for q in pack.questions])
            assert "You got 6 of 6 right (100%)." in words
            assert "✓ Passed. The pass mark is 80%. 1 wrong answer was taken back after its feedback and " \
                   "answered again." in words, words
        again.store.close()
    logged = answers(log_path(progress))
    assert [a.question for a in logged if a.given_again] == [first]


@pytest.mark.parametrize("track", ["course", "self"])
async def test_an_undo_in_a_review_on_the_course_track_says_the_next_answer_is_marked_given_again(
    make_app, quiz_content, tmp_path, track
):
    """A review shows no pass mark, but the answer given after a wrong one was taken back is
    marked given again in the log (and counted by the class report): on the course track the
    learner is told so, where "as if it was never given" was said, and on the self-study track
    too, whose log marks it the same."""
    from learnmeta.progress import ProgressStore
    from learnmeta.progress.answerlog import answers, log_path

    progress = tmp_path / "review.toml"
    with ProgressStore.open(progress) as store:
        store.record_answer("test-pack", "1.0.0", "q-single", lesson="test-lesson", section="s1",
                            response="a", correct=False, hints_used=0,
                            when=dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=2))
    app = make_app(progress=progress, content=[quiz_content], start=("review",), track=track,
                   ask_confidence=False)
    async with app.run_test(size=BIG) as pilot:
        await until(pilot, lambda: isinstance(app.screen, QuizScreen) and "Pick b" in screen_text(app),
                    "the review")
        await settled(pilot)
        await answer(pilot, WRONG_KEYS["q-single"])
        await settled(pilot)
        await pilot.press("u")
        await until(pilot, lambda: "Your answer was taken back" in screen_text(app), "the undo")
        await settled(pilot)
        told = " ".join(screen_text(app).split())
        # on either track: the self-study track was told "as if it was never given" while its
        # log marked the next answer given again; the words say what the record holds now
        assert "your record will show that your next answer to it was given again" in told, told
        assert "as if it was never given" not in told
        await answer(pilot, RIGHT_KEYS["q-single"])
        await settled(pilot)
        assert "✓ Right" in screen_text(app)
    logged = answers(log_path(progress))
    assert [(a.correct, a.given_again) for a in logged] == [(False, None), (True, True)]


async def test_a_question_of_two_choices_says_press_1_or_2(make_app, tmp_path):
    """Two choices: "Press 1 or 2", not "Press 1 to 2"; three or more: "1 to 3"."""
    from factories import write_content

    data = pack_data()
    del data["questions"][0]["choices"][2]  # q-single: Choice a, Choice b
    content = write_content(tmp_path / "two-choices", data)
    app = make_app(content=[content], start=("quiz", "test-pack"), ask_confidence=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: "Pick b." in screen_text(app), "the first question")
        text = screen_text(app)
        assert "Press 1 or 2 (or ↑ ↓ and Space), then Enter to check." in text, text
        assert "1 to 2" not in text
        await pilot.press("2", "enter")
        await until(pilot, lambda: "✓ Right" in screen_text(app), "the feedback")
        await pilot.press("enter")
        await until(pilot, lambda: "Pick a and c." in screen_text(app), "the second question")
        assert "Press 1 to 3 for each right answer, then Enter to check." in screen_text(app)


def footer_keys(app) -> list[str]:
    """The keys the quiz screen's footer shows now, by what they do ("Hint", "Skip"...)."""
    return [binding.description for _node, binding, enabled, _tip in app.screen.active_bindings.values()
            if binding.show and enabled]


def footer_row(app) -> str:
    """The footer's row as drawn (the screen's last line): the keys it has room for."""
    return screen_text(app).rstrip("\n").split("\n")[-1]


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_h_on_a_question_without_hints_says_there_are_none(make_app, quiz_content, size):
    """The footer offers a hint only where there is one (at 60 columns too); h (and
    F3 while typing), which help lists, never does nothing: on a question without hints it says
    so, as plain mode's "hint" does."""
    from learnmeta.app.screens.help import quiz_rows

    assert any(key == "h" and "hint" in what for key, what in quiz_rows())
    none = "There are no hints for this question."
    app = make_app(content=[quiz_content], start=("quiz", "test-pack"))
    async with app.run_test(size=size) as pilot:
        await settled(pilot)
        assert app.screen.session.current.id == "q-single"
        assert "Hint" in footer_keys(app) and "h Hint" in footer_row(app)
        await answer(pilot, RIGHT_KEYS["q-single"])
        await go_on(pilot)
        await settled(pilot)
        assert app.screen.session.current.id == "q-multiple"  # no hints
        assert "Hint" not in footer_keys(app) and "h Hint" not in screen_text(app)
        await pilot.press("h")
        await until(pilot, lambda: none in screen_text(app), "the message that there are none")
        await pilot.press("1")  # the answer changed: the message goes, as any message does
        await until(pilot, lambda: none not in screen_text(app), "the message cleared")
        await pilot.press("3")
        await answer(pilot, [])
        await pilot.press("h")  # after the feedback: no hint to ask for, and nothing said
        await settled(pilot)
        assert none not in screen_text(app) and "✓ Right" in screen_text(app)
        await go_on(pilot)
        for question_id in ("q-true-false", "q-matching", "q-ordering"):
            await settled(pilot)
            assert app.screen.session.current.id == question_id
            await pilot.press("k")
        await settled(pilot)
        assert app.screen.session.current.id == "q-short"  # typed, no hints: h goes in the box
        assert "F3" not in screen_text(app)
        await pilot.press("h")
        await settled(pilot)
        assert none not in screen_text(app)
        await pilot.press("f3")
        await until(pilot, lambda: none in screen_text(app), "F3: the message that there are none")
        assert app.screen.answer_widget.query_one("Input").value == "h"


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_once_every_hint_is_shown_hint_is_no_longer_offered(make_app, quiz_content, size):
    """After the last hint the footer stops offering "Hint"
    (found by a new-user walkthrough: "h Hint" stayed beside "No more hints for this
    question."); h still says there are no more."""
    none_left = "No more hints for this question."
    app = make_app(content=[quiz_content], start=("quiz", "test-pack"))
    async with app.run_test(size=size) as pilot:
        await settled(pilot)
        assert app.screen.session.current.id == "q-single"  # two hints
        await pilot.press("h")
        await until(pilot, lambda: "Hint 1 of 2" in screen_text(app), "the first hint")
        await until(pilot, lambda: footer_settled(app), "the footer")
        assert "Hint" in footer_keys(app) and "h Hint" in footer_row(app)
        await pilot.press("h")
        await until(pilot, lambda: "Hint 2 of 2" in screen_text(app), "the second hint")
        await until(pilot, lambda: footer_settled(app), "the footer")
        text = screen_text(app)
        assert "Hint" not in footer_keys(app) and "h Hint" not in text and "h hint" not in text, text
        assert "k Skip" in footer_row(app)
        await pilot.press("h")
        await until(pilot, lambda: none_left in screen_text(app), "no more hints")
        assert "There are no hints" not in screen_text(app)


async def test_a_right_answer_taken_back_does_not_count_and_nothing_marks_the_next(make_app, quiz_content, tmp_path):
    """Taking back a right answer: it does not count, and (its feedback showed nothing the
    learner did not know) the next answer is not marked given again, in the words and the log."""
    from learnmeta.progress.answerlog import answers, log_path

    app = make_app(content=[quiz_content], start=("quiz", "test-pack"), track="self", ask_confidence=False)
    async with app.run_test(size=BIG) as pilot:
        await settled(pilot)
        await answer(pilot, RIGHT_KEYS["q-single"])
        await settled(pilot)
        await pilot.press("u")
        await until(pilot, lambda: "Your answer was taken back" in screen_text(app), "the undo")
        await settled(pilot)
        told = " ".join(screen_text(app).split())
        assert "Your answer was taken back, so it does not count. Answer again when you are ready." in told
        assert "as if it was never given" not in told and "given again" not in told
        await answer(pilot, RIGHT_KEYS["q-single"])
        await settled(pilot)
    logged = answers(log_path(app.store.path))
    mine = [(a.correct, a.given_again) for a in logged if a.question == "q-single"]
    assert mine and all(entry == (True, None) for entry in mine), mine
