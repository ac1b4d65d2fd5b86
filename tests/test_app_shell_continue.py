"""Home "Continue": it says what it will do, and does it. A quiz left part way carries on; a
finished quiz leads on to the next thing to learn; a lesson read to the end leads to its
knowledge check; then what is due; then a gentle "been through everything"."""

from __future__ import annotations

import datetime as dt

from textual.widgets import Button

from learnmeta.app.screens.home import HomeScreen
from learnmeta.app.screens.lesson import LessonScreen


def answer(store, question_id, correct=True, attempt=None, days_ago=0):
    when = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=days_ago)
    store.record_answer("sample-pack", "1.0.0", question_id, lesson="sample-basics", section="naming",
                        response="x", correct=correct, hints_used=0, attempt_id=attempt, when=when)


def read_lesson(store, lesson_id, pages):
    for page in pages:
        store.record_page(lesson_id, page, len(pages))
    store.complete_lesson(lesson_id)


def continue_label(app) -> str:
    return str(app.screen.query_one("#continue", Button).label)


async def test_a_quiz_left_part_way_is_carried_on_from_the_next_question(make_app, screen_text):
    app = make_app()
    attempt = app.store.start_attempt("sample-pack", "1.0.0")
    answer(app.store, "name-rule", attempt=attempt)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Carry on the quiz: What spreading means: check (question 2 of 2)" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        from learnmeta.app.screens.quiz import QuizScreen

        assert isinstance(app.screen, QuizScreen)
        text = screen_text(app)
        assert "Welcome back" in text and "Question 2 of 2" in text


async def test_after_a_finished_quiz_continue_offers_the_next_lesson_not_the_quiz(make_app, screen_text):
    app = make_app()
    attempt = app.store.start_attempt("sample-pack", "1.0.0")
    answer(app.store, "name-rule", attempt=attempt)
    answer(app.store, "same-cells", attempt=attempt)
    app.store.finish_attempt(attempt, correct=2, total=2, percent=100, passed=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "quiz" not in continue_label(app).lower()
        assert "Start: What spreading means" in text
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert "page 1 of 3" in screen_text(app)


async def test_a_lesson_read_to_the_end_leads_to_its_knowledge_check(make_app, screen_text):
    app = make_app(start=("lesson", "sample-basics"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("right", "right", "right")  # to the key points: the lesson is done
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "Check what you learned: What spreading means (2 questions)" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        from learnmeta.app.screens.quiz import QuizScreen

        assert isinstance(app.screen, QuizScreen)
        assert app.screen.session.mode == "check"
        assert [q.id for _, q in app.screen.session.items] == ["name-rule", "same-cells"]


async def test_once_the_check_is_taken_continue_offers_the_next_lesson(make_app, screen_text):
    app = make_app()
    read_lesson(app.store, "sample-basics", ["starts", "naming", "team"])
    answer(app.store, "name-rule")
    answer(app.store, "same-cells")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert continue_label(app) == "Start: How treatment helps"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert app.screen.lesson.id == "sample-treatment"


async def test_a_check_skipped_earlier_is_offered_before_the_next_lesson(make_app):
    app = make_app()
    read_lesson(app.store, "sample-basics", ["starts", "naming", "team"])
    app.store.record_page("sample-treatment", "aims", 1)  # last activity: the second lesson...
    app.store.complete_lesson("sample-treatment")  # ...read to the end (it has no check)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert continue_label(app) == "Check what you learned: What spreading means (2 questions)"


async def test_with_every_lesson_and_check_done_continue_offers_what_is_due(make_app, screen_text):
    app = make_app()
    read_lesson(app.store, "sample-basics", ["starts", "naming", "team"])
    read_lesson(app.store, "sample-treatment", ["aims"])
    answer(app.store, "name-rule", correct=False, days_ago=30)
    answer(app.store, "same-cells", correct=False, days_ago=30)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert continue_label(app) == "Review 2 questions due now"
        await pilot.press("enter")
        await pilot.pause()
        from learnmeta.app.screens.quiz import QuizScreen

        assert isinstance(app.screen, QuizScreen)
        assert app.screen.session.mode == "review"


async def test_with_everything_done_continue_says_so_and_moves_to_the_lessons(make_app, screen_text):
    app = make_app()
    read_lesson(app.store, "sample-basics", ["starts", "naming", "team"])
    read_lesson(app.store, "sample-treatment", ["aims"])
    answer(app.store, "name-rule")
    answer(app.store, "same-cells")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "You have been through everything" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.focused is not None and app.focused.id == "lessons"


async def test_a_check_left_part_way_says_where_it_carries_on(make_app, screen_text):
    """It said "Check what you learned: ... (2 questions)" though the check resumes at question 2."""
    app = make_app()
    read_lesson(app.store, "sample-basics", ["starts", "naming", "team"])
    attempt = app.store.start_attempt("sample-pack", "1.0.0", mode="practice")  # a check's attempt
    answer(app.store, "name-rule", attempt=attempt)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        label = continue_label(app)
        assert label == "Carry on: What spreading means check, 2 of 2"
        assert label in screen_text(app)  # whole on one line at 60 columns
        await pilot.press("enter")
        await pilot.pause()
        from learnmeta.app.screens.quiz import QuizScreen

        assert isinstance(app.screen, QuizScreen)
        assert app.screen.session.mode == "check"
        assert "Question 2 of 2" in screen_text(app)


def test_a_carried_on_checks_label_stays_short_enough_for_60_columns():
    from learnmeta.study.next_step import SHORT_LABEL, _carry_on_check

    assert _carry_on_check("What metastatic cancer is", 2, 4) == (
        "Carry on: What metastatic cancer is check, 2 of 4")
    assert _carry_on_check("Short", 2, 4) == "Carry on: Short check, question 2 of 4"
    long = _carry_on_check("How metastatic cancer is treated, and why", 3, 4)
    assert long == "Carry on the check, question 3 of 4" and len(long) <= SHORT_LABEL


async def test_a_check_left_part_way_carries_on_after_a_review_in_between(make_app, screen_text):
    """Left at 1 of 2, then a review (which asked the check's first question again, answered
    wrong): home offered the whole check afresh, as the review was the pack's latest attempt. It
    carries on at question 2, counting the check's own answer (right), not the review's."""
    app = make_app()
    read_lesson(app.store, "sample-basics", ["starts", "naming", "team"])
    check = app.store.start_attempt("sample-pack", "1.0.0", mode="practice")  # a check's attempt
    answer(app.store, "name-rule", attempt=check, days_ago=0.01)
    review = app.store.start_attempt("sample-pack", "1.0.0", mode="review")
    answer(app.store, "name-rule", correct=False, attempt=review)
    app.store.finish_attempt(review, correct=0, total=1, percent=0, passed=None)
    # the review ended a minute ago (in the same second as the check, Past results' order of the two
    # is by their ids, and Enter opened the review's results about half the time)
    reviewed = app.store._find_attempt(review)[1]
    reviewed.finished = reviewed.finished - dt.timedelta(minutes=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert continue_label(app) == "Carry on: What spreading means check, 2 of 2"
        await pilot.press("enter")
        await pilot.pause()
        from learnmeta.app.screens.quiz import QuizScreen

        assert isinstance(app.screen, QuizScreen)
        assert app.screen.session.mode == "check"
        text = screen_text(app)
        assert "Question 2 of 2" in text and "Welcome back. You answered 1 of 2" in text
        await pilot.press("t", "enter", "enter")  # same-cells is true; then the results
        await pilot.pause()
        assert "You got 2 of 2 right (100%)" in screen_text(app)
        await pilot.press("escape", "h")  # home, then Past results
        await pilot.pause()
        assert "Practice: What spreading means: check · 2 of 2 right (100%)" in screen_text(app)
        await pilot.press("enter")  # the check's results again, from its answers
        await pilot.pause()
        assert "You got 2 of 2 right (100%)" in screen_text(app)
    finished = [attempt for _pack, attempt in app.store.finished_attempts() if attempt.id == check]
    assert [(a.correct, a.total) for a in finished] == [(2, 2)]  # what Past results say
