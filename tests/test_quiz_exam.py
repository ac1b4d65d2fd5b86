"""Exam mode's rules, without Textual: moving between questions, changing answers, what is saved
as it is given, submitting (with the unanswered named), scoring, and the time limit across a
restart."""

from __future__ import annotations

import datetime as dt
import tomllib

import pytest

from factories import RIGHT, pack_data
from learnmeta import checks
from learnmeta.content.models import Pack
from learnmeta.progress import ProgressStore
from learnmeta.quiz.attempts import AttemptRecorder
from learnmeta.quiz.engine import QuizSession
from learnmeta.quiz.exam import ExamSession, from_stored, time_left_words, to_stored

START = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.timezone.utc)


def exam_pack(limit=None, **info) -> Pack:
    data = pack_data()
    if limit is not None:
        data["pack"]["time_limit_minutes"] = limit
    data["pack"].update(info)
    return checks.validate(Pack, data)


def at(minutes: float) -> dt.datetime:
    return START + dt.timedelta(minutes=minutes)


def test_an_exam_is_a_whole_quiz_with_a_flag_front_ends_can_check():
    session = ExamSession(exam_pack())
    assert session.exam and not QuizSession(exam_pack()).exam
    assert session.whole_quiz and session.attempt_mode == "quiz"
    assert session.next_hint() is None  # no hints in an exam
    with pytest.raises(RuntimeError):
        session.answer("b")  # nothing is checked before submitting


def test_moving_between_questions_and_changing_answers():
    session = ExamSession(exam_pack())
    assert session.number == 1 and session.current.id == "q-single"
    assert session.set_answer("a") == "a"
    assert session.next() and session.current.id == "q-multiple"
    assert session.set_answer(frozenset({"c", "a"})) == ["a", "c"]
    assert session.go_to(5) and session.current.id == "q-short" and session.at_last
    assert not session.next() and session.number == 6
    assert session.previous() and session.number == 5
    assert not session.go_to(6) and not session.go_to(-1)
    session.go_to(0)
    assert session.current_response == "a"
    session.set_answer("b")  # changed their mind
    assert session.current_response == "b"
    assert session.unanswered == [3, 4, 5, 6]
    assert session.overview_words() == "2 of 6 answered. Not answered: 3, 4, 5 and 6."
    assert [line.status for line in session.overview()][:3] == ["answered", "answered", "not answered"]
    session.go_to(1)
    assert session.clear_answer() and session.unanswered == [2, 3, 4, 5, 6]


def test_an_answer_that_does_not_fit_its_question_is_not_kept():
    session = ExamSession(exam_pack())
    assert session.set_answer("zzz") is None  # no such choice
    assert session.set_answer(True) is None
    assert session.unanswered == [1, 2, 3, 4, 5, 6]


def test_stored_answers_round_trip_and_are_checked_against_the_question():
    pack = exam_pack()
    for question in pack.questions:
        stored = to_stored(question, RIGHT[question.id])
        assert from_stored(question, stored) == RIGHT[question.id]
    matching = pack.question("q-matching")
    assert from_stored(matching, {"Breast": "Bones"}) == {"Breast": "Bones"}  # half made: kept
    assert from_stored(matching, {}) is None  # nothing matched: no answer
    assert from_stored(matching, {"Lung": "Bones"}) is None  # no such item
    assert from_stored(matching, {"Breast": "Moon", "Colon": "Liver", "Prostate": "Bones"}) is None
    assert from_stored(pack.question("q-ordering"), ["First", "First", "Third"]) is None
    assert from_stored(pack.question("q-multiple"), ["a", "x"]) is None
    assert from_stored(pack.question("q-short"), "  ") is None


def test_confirmation_names_the_questions_not_answered():
    session = ExamSession(exam_pack())
    assert "not answered any question" in session.confirm_text()
    for index in (0, 1, 3, 4, 5):
        session.go_to(index)
        session.set_answer(RIGHT[session.current.id])
    assert "Question 3 is not answered yet; it would count as not right" in session.confirm_text()
    session.go_to(1)
    session.clear_answer()
    assert "Questions 2 and 3 are not answered yet" in session.confirm_text()
    session.go_to(1)
    session.set_answer(RIGHT["q-multiple"])
    session.go_to(2)
    session.set_answer(True)
    assert "You have answered every question" in session.confirm_text()


def test_submitting_checks_every_answer_and_scores_the_unanswered_as_not_right():
    session = ExamSession(exam_pack())
    session.set_answer("b")  # right
    session.go_to(2)
    session.set_answer(False)  # wrong
    session.go_to(4)
    session.set_answer(["First", "Second", "Third"])  # right
    checked = session.submit()
    assert session.finished and session.submitted and session.current is None
    assert [(q.id, None if o is None else o.correct) for q, o in checked] == [
        ("q-single", True), ("q-multiple", None), ("q-true-false", False), ("q-matching", None),
        ("q-ordering", True), ("q-short", None),
    ]
    result = session.result()
    assert (result.correct, result.answered, result.skipped, result.total) == (2, 3, 3, 6)
    assert result.percent == 33 and not result.passed(80)
    assert [q.id for q in result.missed] == ["q-multiple", "q-true-false", "q-matching", "q-short"]
    assert session.set_answer("a") is None  # nothing changes after submitting
    assert session.checked() == checked


def test_time_left_is_said_calmly_in_whole_minutes():
    assert time_left_words(dt.timedelta(minutes=24, seconds=59)) == "25 minutes left"
    assert time_left_words(dt.timedelta(minutes=24, seconds=20)) == "24 minutes left"
    assert time_left_words(dt.timedelta(minutes=1, seconds=5)) == "1 minute left"
    assert time_left_words(dt.timedelta(seconds=59)) == "Less than a minute left"
    assert time_left_words(None) == ""
    session = ExamSession(exam_pack(limit=20))
    session.started = START
    assert session.deadline == at(20)
    assert session.time_words(at(0)) == "20 minutes left."
    assert session.reminder_due(at(10)) is None
    reminder = session.reminder_due(at(15.75))
    assert reminder is not None and "4 minutes left" in reminder
    assert session.reminder_due(at(16)) is None  # once only
    assert ExamSession(exam_pack()).time_words() == "There is no time limit."


def test_an_answer_after_the_time_is_up_does_not_count():
    session = ExamSession(exam_pack(limit=10))
    session.started = START
    assert session.set_answer("b", now=at(9.9)) == "b"
    session.next()
    assert session.time_up(at(10))
    assert session.set_answer(RIGHT["q-multiple"], now=at(10)) is None


# --- with the store: saved as given, carried on after a restart ----------------------------------


def start_exam(path, pack, now=START):
    store = ProgressStore.open(path)
    recorder = AttemptRecorder(store, print)
    session = recorder.begin_exam(ExamSession(pack), now=now)
    return store, recorder, session


def give(recorder, session, index, response):
    session.go_to(index)
    stored = session.set_answer(response, now=session.started)
    recorder.save_exam_answer(session, session.current, stored)


def test_answers_are_saved_as_given_and_nothing_counts_until_submitted(tmp_path):
    path = tmp_path / "progress.toml"
    store, recorder, session = start_exam(path, exam_pack(limit=30))
    give(recorder, session, 0, "a")
    give(recorder, session, 1, frozenset({"a", "c"}))
    give(recorder, session, 0, "b")  # changed
    data = tomllib.loads(path.read_text())
    attempt = data["packs"]["test-pack"]["attempts"][-1]
    assert attempt["exam"] is True and attempt["time_limit_minutes"] == 30
    assert attempt["exam_answers"] == {"q-single": "b", "q-multiple": ["a", "c"]}
    assert not data.get("questions")  # no answer counted, no review scheduled yet
    store.close()


def test_an_exam_carries_on_after_a_restart_with_its_answers_and_its_clock(tmp_path):
    path = tmp_path / "progress.toml"
    pack = exam_pack(limit=30)
    store, recorder, session = start_exam(path, pack)
    give(recorder, session, 0, "b")
    give(recorder, session, 2, True)
    store.close()  # as if killed: everything was saved when given
    store, recorder, again = start_exam(path, pack, now=at(12))
    assert again is not session and again.carried_on and not again.submitted
    assert again.started == START and again.time_words(at(12)) == "18 minutes left."
    assert again.unanswered == [2, 4, 5, 6] and again.number == 2  # the first not answered
    assert again.current_response is None and again.response_at(0) == "b"
    assert "2 of 6 questions answered" in again.welcome_back(at(12))
    store.close()


def test_an_exam_whose_time_ran_out_while_closed_is_submitted_with_the_answers_saved(tmp_path):
    path = tmp_path / "progress.toml"
    pack = exam_pack(limit=30)
    store, recorder, session = start_exam(path, pack)
    give(recorder, session, 0, "b")
    store.close()
    store, recorder, again = start_exam(path, pack, now=at(45))
    assert again.submitted and again.timed_out
    assert "time for this exam is up" in again.submitted_words()
    recorder.submit_exam(again)
    store.close()
    attempt = tomllib.loads(path.read_text())["packs"]["test-pack"]["attempts"][-1]
    assert (attempt["correct"], attempt["total"], attempt["answered"]) == (1, 6, 1)
    assert "exam_answers" not in attempt


def test_submitting_records_every_answer_once_and_the_score_in_one_save(tmp_path):
    path = tmp_path / "progress.toml"
    pack = exam_pack()
    store, recorder, session = start_exam(path, pack)
    for index, question in enumerate(pack.questions):
        give(recorder, session, index, RIGHT[question.id])
    give(recorder, session, 5, "wrong words")
    session.submit()
    recorder.submit_exam(session)
    store.close()
    data = tomllib.loads(path.read_text())
    attempt = data["packs"]["test-pack"]["attempts"][-1]
    assert (attempt["correct"], attempt["total"], attempt["percent"], attempt["passed"]) == (5, 6, 83, True)
    assert data["packs"]["test-pack"]["best_percent"] == 83
    records = data["questions"]["test-pack"]
    assert all(record["seen"] == 1 for record in records.values())  # changing an answer counts once
    assert records["q-short"]["last_correct"] is False and records["q-short"]["last_answer"] == "wrong words"
    with ProgressStore.open(path) as store:
        assert store.unfinished_exam("test-pack", "1.0.0") is None  # a new exam starts afresh


def test_a_pooled_exam_carries_on_with_the_same_questions(tmp_path):
    path = tmp_path / "progress.toml"
    pack = exam_pack(draw=3)
    store, recorder, session = start_exam(path, pack)
    drawn = [q.id for _p, q in session.items]
    assert session.total == 3 and session.whole_quiz
    give(recorder, session, 0, RIGHT[drawn[0]])
    store.close()
    for _ in range(3):
        store, recorder, again = start_exam(path, pack, now=at(1))
        assert [q.id for _p, q in again.items] == drawn and again.whole_quiz
        store.close()


def test_a_submission_cut_off_after_its_answers_were_recorded_never_records_them_twice(tmp_path):
    """The answer log took the submission's answers in, and the program stopped before the
    attempt's end was saved: carried on, the exam is submitted again without counting them twice."""
    path = tmp_path / "progress.toml"
    pack = exam_pack()
    store, recorder, session = start_exam(path, pack)
    give(recorder, session, 0, "b")
    give(recorder, session, 1, frozenset({"a"}))
    attempt = recorder.attempts["test-pack"]
    for question_id, correct in (("q-single", True), ("q-multiple", False)):  # as the log's catch-up does
        store.record_answer("test-pack", "1.0.0", question_id, lesson="test-lesson", section="s1",
                            response="x", correct=correct, hints_used=0, attempt_id=attempt)
    store.close()
    store, recorder, again = start_exam(path, pack, now=at(1))
    assert again.submitted and again.answers_recorded
    recorder.submit_exam(again)
    store.close()
    data = tomllib.loads(path.read_text())
    assert data["questions"]["test-pack"]["q-single"]["seen"] == 1
    finished = data["packs"]["test-pack"]["attempts"][-1]
    assert (finished["correct"], finished["total"], finished["answered"]) == (1, 6, 2)


def test_a_half_made_matching_answer_is_kept_and_counts_as_partly_answered():
    """Some items matched: kept (and saved as it is), "partly answered" in the list and when
    submitting, and not answered at submission (not right; 0 in certainty-based marking)."""
    session = ExamSession(exam_pack())
    session.go_to(3)
    assert session.current.id == "q-matching"
    assert session.set_answer({"Colon": "Liver"}) == {"Colon": "Liver"}
    assert session.current_response == {"Colon": "Liver"}
    assert not session.is_answered(3) and session.is_partly_answered(3)
    assert session.status_words(3) == "partly answered"
    assert [line.status for line in session.overview()][3] == "partly answered"
    assert session.unanswered == [1, 2, 3, 4, 5, 6] and session.partly_answered == [4]
    assert session.overview_words() == "0 of 6 answered. Not answered: 1, 2, 3, 5 and 6. Partly answered: 4."
    session.go_to(0)
    session.set_answer("b")
    for index in (1, 2, 4, 5):
        session.go_to(index)
        session.set_answer(RIGHT[session.current.id])
    assert session.confirm_text().startswith(
        "Submit your exam? Question 4 is only partly answered; it would count as not right.")
    session.go_to(3)
    session.set_answer(RIGHT["q-matching"])  # finished: whole now
    assert session.is_answered(3) and "You have answered every question" in session.confirm_text()
    session.set_answer({"Breast": "Bones", "Colon": "Liver"})  # one match taken back
    checked = dict((q.id, o) for q, o in session.submit())
    assert checked["q-matching"] is None  # a half-made answer is not answered
    result = session.result()
    assert (result.correct, result.answered, result.skipped) == (5, 5, 1)


def test_a_half_made_matching_answer_is_saved_and_carries_on_after_a_restart(tmp_path):
    pack = exam_pack()
    path = tmp_path / "p.toml"
    store, recorder, session = start_exam(path, pack)
    give(recorder, session, 3, {"Prostate": "Bones"})
    store.close()
    assert tomllib.loads(path.read_text())["packs"]["test-pack"]["attempts"][-1]["exam_answers"] == {
        "q-matching": {"Prostate": "Bones"}}
    with ProgressStore.open(path) as again:
        carried = AttemptRecorder(again, lambda text: None).begin_exam(ExamSession(pack), now=at(1))
        assert carried.carried_on and carried.response_at(3) == {"Prostate": "Bones"}
        assert carried.is_partly_answered(3) and carried.position == 0
        assert "0 of 6 questions answered" in carried.welcome_back(now=at(1))


def test_how_sure_is_kept_with_each_answer_changed_with_it_and_scores_cbm(tmp_path):
    """An exam answer carries how sure the learner said they were: saved with it (a restart
    keeps it), changed or unsaid until submitting, taken back with the answer, and recorded
    with the answer when submitted: certainty-based marking and "How sure you were" use it."""
    pack = exam_pack(marking="cbm")
    path = tmp_path / "p.toml"
    store, recorder, session = start_exam(path, pack)
    assert not session.set_confidence(3)  # no answer yet: nothing to be sure of
    give(recorder, session, 0, "b")  # right
    assert session.set_confidence(3, now=session.started)
    recorder.save_exam_answer(session, session.current, session.current_response)
    give(recorder, session, 2, False)  # wrong
    assert session.set_confidence(2, now=session.started)
    recorder.save_exam_answer(session, session.current, session.current_response)
    give(recorder, session, 4, ["First", "Second", "Third"])  # right, not said
    attempt = tomllib.loads(path.read_text())["packs"]["test-pack"]["attempts"][-1]
    assert attempt["exam_confidence"] == {"q-single": 3, "q-true-false": 2}
    store.close()

    with ProgressStore.open(path) as again:
        recorder = AttemptRecorder(again, print)
        carried = recorder.begin_exam(ExamSession(pack), now=at(1))
        assert carried.confidence_at(0) == 3 and carried.confidence_at(2) == 2 and carried.confidence_at(4) is None
        carried.go_to(2)
        assert carried.set_confidence(1, now=at(1))  # changed their mind: not sure
        recorder.save_exam_answer(carried, carried.current, carried.current_response)
        carried.go_to(4)
        assert carried.clear_answer() and carried.confidence_at(4) is None
        recorder.save_exam_answer(carried, carried.current, None)
        carried.set_answer(["First", "Second", "Third"], now=at(1))
        carried.set_confidence(2, now=at(1))
        recorder.save_exam_answer(carried, carried.current, carried.current_response)
        carried.submit()
        recorder.submit_exam(carried)
        result = carried.result()
        assert sorted(result.rated) == [(False, 1), (True, 2), (True, 3)]
        assert result.marking == "cbm" and result.cbm.total == 3 + 0 + 2  # C3 right, C1 wrong, C2 right
    data = tomllib.loads(path.read_text())
    attempt = data["packs"]["test-pack"]["attempts"][-1]
    assert "exam_confidence" not in attempt and "exam_answers" not in attempt
    kept = data["questions"]["test-pack"]
    assert (kept["q-single"]["last_confidence"], kept["q-true-false"]["last_confidence"],
            kept["q-ordering"]["last_confidence"]) == (3, 1, 2)
