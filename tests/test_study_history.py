"""The core of history, misconceptions, leeches and the progress summary (no Textual).

Answers are recorded through the real progress store, as the quiz screens record them, and read
back through the study functions the screens and plain mode show."""

from __future__ import annotations

import datetime as dt

import pytest

from factories import pack_data, write_content
from learnmeta.content.library import load_library
from learnmeta.progress import ProgressStore
from learnmeta.quiz.engine import QuizSession, check_answer, presentation, response_from_text
from learnmeta.study.history import attempt_results, past_attempts
from learnmeta.study.mistakes import ideas_to_look_at_again, leeches, misconceptions
from learnmeta.study.summary import progress_summary

UTC = dt.timezone.utc
NOON = dt.datetime(2026, 12, 2, 12, 0, tzinfo=UTC)


@pytest.fixture
def library(tmp_path):
    data = pack_data()
    data["questions"][0]["choices"][2]["misconception"] = "m-c"
    data["questions"][1]["choices"][1]["misconception"] = "m-a"  # the same idea in another question
    data["questions"][2]["misconception"] = "m-false"
    data["misconceptions"] = {"m-a": "That a is right. In fact b is, as the first page says."}
    folder = write_content(tmp_path / "content", data)
    return load_library([folder], builtin=False, user_packs=False)


@pytest.fixture(params=["kept", "streamed"])
def store(tmp_path, request, monkeypatch):
    """The learner's store; ``streamed``: their answer log read as a long one is (line by line,
    twice, never held whole: answerlog.stream_answers), which must give the same answers."""
    from learnmeta.progress import answerlog

    if request.param == "streamed":
        monkeypatch.setattr(answerlog, "STREAM_ABOVE", -1)
    with ProgressStore.open(tmp_path / "progress.toml") as store:
        yield store


def answer(store, pack, question_id, response, *, attempt=None, when=NOON):
    """Record ``response`` to a question as the quiz does: the engine's verdict and answer text."""
    question = pack.question(question_id)
    outcome = check_answer(question, response)
    store.record_answer(pack.id, pack.pack.version, question_id, lesson=question.lesson,
                        section=question.section, response=outcome.response_text,
                        correct=outcome.correct, hints_used=0, attempt_id=attempt, when=when)
    return outcome


# --- the engine ---------------------------------------------------------------------------------

def test_an_outcome_names_the_mistaken_ideas_of_the_wrong_answers_chosen(library):
    pack = library.pack("test-pack")
    assert check_answer(pack.question("q-single"), "a").misconceptions == ("m-a",)
    assert check_answer(pack.question("q-single"), "b").misconceptions == ()
    assert check_answer(pack.question("q-single"), "c").misconceptions == ("m-c",)
    assert check_answer(pack.question("q-multiple"), {"a", "b"}).misconceptions == ("m-a",)
    assert check_answer(pack.question("q-true-false"), False).misconceptions == ("m-false",)
    assert check_answer(pack.question("q-true-false"), True).misconceptions == ()


@pytest.mark.parametrize("question_id, response", [
    ("q-single", "a"), ("q-multiple", frozenset({"a", "b"})), ("q-multiple", frozenset()),
    ("q-true-false", False), ("q-matching", {"Colon": "Liver", "Breast": "Skin"}),
    ("q-ordering", ["Second", "First", "Third"]), ("q-short", "angiogenisis"),
])
def test_every_kind_of_recorded_answer_reads_back_as_the_response_it_was(library, question_id, response):
    question = library.pack("test-pack").question(question_id)
    text = check_answer(question, response).response_text
    again = response_from_text(question, text)
    assert again == response
    assert check_answer(question, again) == check_answer(question, response)


def test_answers_that_no_longer_read_back_give_none(library):
    pack = library.pack("test-pack")
    assert response_from_text(pack.question("q-single"), "A choice that was removed") is None
    assert response_from_text(pack.question("q-multiple"), "Choice a; Choice z") is None
    assert response_from_text(pack.question("q-ordering"), "First → Sec") is None
    assert response_from_text(pack.question("q-true-false"), "maybe") is None


# --- history --------------------------------------------------------------------------------------

def test_a_finished_attempt_reopens_with_its_score_and_each_answers_feedback(library, store):
    pack = library.pack("test-pack")
    attempt = store.start_attempt(pack.id, pack.pack.version)
    answer(store, pack, "q-single", "a", attempt=attempt)
    answer(store, pack, "q-true-false", True, attempt=attempt)
    answer(store, pack, "q-multiple", {"a", "c"}, attempt=attempt)
    store.finish_attempt(attempt, correct=2, total=6, percent=33, passed=False)

    exam = store.start_attempt(pack.id, pack.pack.version)
    store.progress.packs[pack.id].attempts[-1].exam = True
    store.finish_attempt(exam, correct=0, total=6, percent=0, passed=False)
    assert {item.id: item.kind for item in past_attempts(library, store)} == {exam: "Exam", attempt: "Quiz"}
    store.progress.packs[pack.id].attempts.pop()

    listed = past_attempts(library, store)
    assert [item.id for item in listed] == [attempt]
    assert "Quiz: A test pack · 2 of 6 right (33%)" in listed[0].label()

    past = attempt_results(library, store, attempt)
    assert past.answers_kept and past.whole_quiz
    result = past.result
    assert (result.correct, result.answered, result.total, result.skipped) == (2, 3, 6, 3)
    # missed: the wrong answer first, then the questions left unanswered
    assert [q.id for q in result.missed] == ["q-single", "q-matching", "q-ordering", "q-short"]
    single = result.records[0].outcome
    assert not single.correct and single.choices["a"].chosen and single.feedback == ["Not a."]
    assert [r.question.id for r in result.records] == ["q-single", "q-true-false", "q-multiple"]
    assert attempt_results(library, store, "no-such-attempt") is None


def test_an_answer_to_a_question_changed_since_keeps_its_recorded_verdict(library, store):
    pack = library.pack("test-pack")
    attempt = store.start_attempt(pack.id, pack.pack.version, mode="practice")
    store.record_answer(pack.id, "0.9.0", "q-single", lesson="test-lesson", section="s1",
                        response="An answer the question no longer has", correct=True, hints_used=0,
                        attempt_id=attempt, when=NOON)
    store.finish_attempt(attempt, correct=1, total=1, percent=100, passed=None)
    past = attempt_results(library, store, attempt)
    outcome = past.result.records[0].outcome
    assert outcome.correct and outcome.response_text == "An answer the question no longer has"
    assert outcome.correct_answer == "Choice b" and past.mode == "practice" and not past.whole_quiz


def test_an_attempt_whose_answers_are_not_in_the_log_still_shows_its_score(library, tmp_path):
    path = tmp_path / "progress.toml"
    with ProgressStore.open(path) as store:
        pack = library.pack("test-pack")
        attempt = store.start_attempt(pack.id, pack.pack.version)
        answer(store, pack, "q-single", "b", attempt=attempt)
        store.finish_attempt(attempt, correct=1, total=6, percent=17, passed=False)
        log = store._log.path
    log.unlink()  # the learner moved the answer log away
    with ProgressStore.open(path) as store:
        past = attempt_results(library, store, attempt)
        assert not past.answers_kept and past.result.correct == 1 and past.result.records == []


def test_history_reads_the_answer_log_an_undone_answer_left_out(library, store):
    pack = library.pack("test-pack")
    attempt = store.start_attempt(pack.id, pack.pack.version)
    answer(store, pack, "q-single", "a", attempt=attempt)
    question = pack.question("q-true-false")
    undone = store.record_answer(pack.id, pack.pack.version, question.id, lesson=question.lesson,
                                 section=question.section, response="True", correct=True, hints_used=0,
                                 attempt_id=attempt, when=NOON)
    store.undo_answer(undone)
    store.finish_attempt(attempt, correct=0, total=6, percent=0, passed=False)
    past = attempt_results(library, store, attempt)
    assert [a.entry.question for a in past.answers] == ["q-single"]
    assert [entry.question for entry in store.each_answer()] == ["q-single"]


def test_a_past_attempt_counts_its_answers_given_again_after_an_undo(library, store):
    """Past results say, beside the pass, how many answers were given again after a wrong one was
    taken back (the results screen words it with quiz.engine.given_again_words)."""
    from learnmeta.quiz.engine import given_again_words

    pack = library.pack("test-pack")
    attempt = store.start_attempt(pack.id, pack.pack.version)
    question = pack.question("q-single")
    wrong = store.record_answer(pack.id, pack.pack.version, question.id, lesson=question.lesson,
                                section=question.section, response="Choice a", correct=False, hints_used=0,
                                attempt_id=attempt, when=NOON)
    store.undo_answer(wrong)
    store.record_answer(pack.id, pack.pack.version, question.id, lesson=question.lesson,
                        section=question.section, response="Choice b", correct=True, hints_used=0,
                        attempt_id=attempt, when=NOON + dt.timedelta(seconds=20), given_again=True)
    answer(store, pack, "q-true-false", True, attempt=attempt, when=NOON + dt.timedelta(seconds=40))
    store.finish_attempt(attempt, correct=2, total=2, percent=100, passed=True)
    past = attempt_results(library, store, attempt)
    assert past.result.given_again == 1 and [r.given_again for r in past.result.records] == [True, False]
    assert given_again_words(past.result.given_again) == (
        " 1 wrong answer was taken back after its feedback and answered again.")


# --- misconceptions and leeches ---------------------------------------------------------------------

def test_ideas_chosen_twice_or_more_are_to_look_at_again_with_the_page_that_corrects_them(library, store):
    pack = library.pack("test-pack")
    answer(store, pack, "q-single", "a", when=NOON)
    answer(store, pack, "q-multiple", {"a", "b", "c"}, when=NOON + dt.timedelta(minutes=1))
    answer(store, pack, "q-single", "c", when=NOON + dt.timedelta(minutes=2))
    answer(store, pack, "q-true-false", False, when=NOON + dt.timedelta(minutes=3))
    answer(store, pack, "q-true-false", True, when=NOON + dt.timedelta(minutes=4))  # right: no idea

    found = {item.tag: item for item in misconceptions(library, store.each_answer())}
    assert {tag: item.times for tag, item in found.items()} == {"m-a": 2, "m-c": 1, "m-false": 1}
    ideas = ideas_to_look_at_again(library, store)
    assert [idea.tag for idea in ideas] == ["m-a"]
    idea = ideas[0]
    assert idea.plain_words == "That a is right. In fact b is, as the first page says."
    assert (idea.lesson, idea.section, idea.question_id) == ("test-lesson", "s1", "q-multiple")
    # without a description: the answer chosen and its feedback, in words
    assert found["m-c"].plain_words == "You chose “Choice c”. Not c."
    assert found["m-false"].plain_words == "Not quite."


def test_a_question_answered_wrong_four_times_is_a_leech(library, store):
    pack = library.pack("test-pack")
    for minute in range(3):
        answer(store, pack, "q-single", "a", when=NOON + dt.timedelta(minutes=minute))
    assert leeches(library, store) == []
    answer(store, pack, "q-single", "b", when=NOON + dt.timedelta(minutes=4))
    answer(store, pack, "q-single", "c", when=NOON + dt.timedelta(minutes=5))
    found = leeches(library, store)
    assert [(leech.question.id, leech.wrong, leech.seen) for leech in found] == [("q-single", 4, 5)]


# --- the summary --------------------------------------------------------------------------------------

def test_the_progress_summary_per_lesson_and_over_time(library, store):
    pack = library.pack("test-pack")
    store.record_page("test-lesson", "s1", 2)
    answer(store, pack, "q-single", "b", when=NOON - dt.timedelta(days=1))
    answer(store, pack, "q-single", "b", when=NOON)
    answer(store, pack, "q-true-false", False, when=NOON)
    answer(store, pack, "q-short", "angiogenesis", when=NOON - dt.timedelta(days=30))  # too long ago

    summary = progress_summary(library, store, now=NOON + dt.timedelta(hours=1))
    (lesson,) = summary.lessons
    assert lesson.pages_text == "1 of 2 pages read"
    assert lesson.check_text == "knowledge check questions: 1 of 2 right"
    assert lesson.mastered_text == "1 of 6 questions mastered"
    assert len(summary.days) == 14 and summary.answers_shown == 3
    today = summary.days[-1]
    assert (today.right, today.wrong) == (1, 1)
    text = summary.days_text()
    assert text[0] == "In the last 14 days: 3 answers, 2 right and 1 not right."
    assert "Today: 1 right, 1 not right" in text and "Yesterday: 1 right, 0 not right" in text


def test_a_knowledge_check_part_answered_is_not_given_a_score_as_if_taken(library, store):
    """One of the check's two questions answered (here in a quiz): the summary said "knowledge
    check 1 of 2 right", as for a check taken, while home still offered the check. It says how
    far it is; once every question is answered, the score."""
    pack = library.pack("test-pack")
    answer(store, pack, "q-single", "b", when=NOON)
    (lesson,) = progress_summary(library, store, now=NOON).lessons
    assert lesson.check_text == "knowledge check questions: 1 of 2 answered, 1 right"
    answer(store, pack, "q-true-false", False, when=NOON)
    (lesson,) = progress_summary(library, store, now=NOON).lessons
    assert lesson.check_text == "knowledge check questions: 1 of 2 right"


def test_a_new_learners_summary_says_so_in_words(library, store):
    summary = progress_summary(library, store, now=NOON)
    assert summary.lessons[0].check_text == "knowledge check not taken yet"
    assert summary.days_text() == ["No answers in the last 14 days."]
    assert summary.review_text().startswith("Nothing to review yet")
    assert summary.ideas == [] and summary.leeches == []


def test_a_whole_quiz_session_reopens_as_the_session_finished(library, store):
    """What the quiz screen records (through the engine and the recorder) is what history shows."""
    from learnmeta.quiz.attempts import AttemptRecorder

    pack = library.pack("test-pack")
    session = QuizSession(pack, seed=0)
    recorder = AttemptRecorder(store, on_problem=print)
    recorder.begin(session)
    while not session.finished:
        question = session.current
        shown = presentation(question, 0)
        response = {"single": "a", "true_false": True, "short": "angiogenesis"}.get(
            "short" if question.type == "short_answer" else question.type)
        if response is None:
            session.skip()
            continue
        outcome = session.answer(response)
        recorder.record(session, pack, question, outcome, 0)
        session.advance()
        assert shown is not None
    result = session.result()
    recorder.finish(session, result)
    (past,) = past_attempts(library, store)
    reopened = attempt_results(library, store, past.id).result
    assert (reopened.correct, reopened.total, reopened.answered) == (result.correct, result.total, result.answered)
    assert [q.id for q in reopened.missed] == [q.id for q in result.missed]


def test_a_reopened_attempt_keeps_how_sure_the_learner_was_and_its_certainty_based_marking(tmp_path, store):
    """The results' "How sure you were" (calibration, and a CBM pack's score) come back too."""
    from learnmeta.quiz.attempts import AttemptRecorder

    data = pack_data()
    data["pack"]["marking"] = "cbm"
    folder = write_content(tmp_path / "cbm", data)
    library = load_library([folder], builtin=False, user_packs=False)
    pack = library.pack("test-pack")
    session = QuizSession(pack, seed=0)
    recorder = AttemptRecorder(store, on_problem=print)
    recorder.begin(session)
    sure = {"single": ("b", 3), "true_false": (False, 3), "short": ("angiogenesis", 1)}
    while not session.finished:
        question = session.current
        given = sure.get("short" if question.type == "short_answer" else question.type)
        if given is None:
            session.skip()
            continue
        outcome = session.answer(given[0], confidence=given[1])
        recorder.record(session, pack, question, outcome, 0, confidence=given[1])
        session.advance()
    result = session.result()
    recorder.finish(session, result)
    assert result.marking == "cbm" and result.calibration.tally(3).answered == 2
    (past,) = past_attempts(library, store)
    reopened = attempt_results(library, store, past.id).result
    assert reopened.marking == "cbm"
    assert sorted(reopened.rated) == sorted(result.rated)
    assert reopened.cbm == result.cbm and reopened.calibration == result.calibration
    assert [r.confidence for r in reopened.records] == [r.confidence for r in result.records]
