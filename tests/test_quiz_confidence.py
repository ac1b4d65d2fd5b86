"""Confidence, certainty-based marking, undo and "I was right", without Textual.

The rules live in the core (``learnmeta.quiz.confidence``, the engine's session, the store): what
the learner said, what the score is, what the file holds after an undo or an overrule.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import tomllib

import pytest

from factories import RIGHT, pack_data
from learnmeta import checks
from learnmeta.content.models import Pack
from learnmeta.progress import ProgressStore, read_progress
from learnmeta.progress.answerlog import answers as _answers, log_path


def logged(path):
    """The learner's answers, as the answer log beside the progress file holds them."""
    return _answers(log_path(path))

from learnmeta.progress.scheduling import review
from learnmeta.quiz import confidence as sure
from learnmeta.quiz.attempts import AttemptRecorder
from learnmeta.quiz.engine import QuizSession

UTC = dt.timezone.utc
T0 = dt.datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


@pytest.fixture
def pack() -> Pack:
    return checks.validate(Pack, pack_data())


@pytest.fixture
def cbm_pack() -> Pack:
    data = pack_data()
    data["pack"]["marking"] = "cbm"
    return checks.validate(Pack, data)


# --- the marks ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "correct, level, mark",
    [(True, 1, 1), (False, 1, 0), (True, 2, 2), (False, 2, -2), (True, 3, 3), (False, 3, -6),
     (True, None, 1), (False, None, 0)],
)
def test_cbm_marks_follow_moodles_scale_and_no_certainty_counts_as_c1(correct, level, mark):
    assert sure.cbm_mark(correct, level) == mark


def test_cbm_score_is_reported_as_moodle_does():
    # 4 questions: right at C3, right at C3, wrong at C2, right at C1. Marks 3 + 3 - 2 + 1 = 5.
    score = sure.cbm_score([(True, 3), (True, 3), (False, 2), (True, 1)], 4)
    assert (score.total, score.average, score.accuracy) == (5, 1.25, 0.75)
    # Expected at 75 % right: best of C1 0.75, C2 1.0, C3 0.75 = 1.0; bonus 0.1 x (1.25 - 1.0).
    assert score.bonus == pytest.approx(0.025)
    assert score.accuracy_and_bonus == pytest.approx(0.775)
    assert sure.cbm_words(score) == [
        "Certainty-based marking, 4 questions: average CBM mark 1.25 per question (from -6 to 3; +5 in all).",
        "Accuracy 75.0%, CBM bonus +2.5%, accuracy + bonus 77.5%.",
    ]


def test_a_question_not_answered_scores_nothing_but_counts_in_the_average():
    score = sure.cbm_score([(True, 3)], 2)
    assert (score.average, score.accuracy, score.answered) == (1.5, 0.5, 1)


def test_the_feedback_speaks_only_where_sureness_and_the_answer_disagree():
    assert sure.feedback_line(False, 3).startswith("You were sure, and this one is not right.")
    assert sure.feedback_line(True, 1) == "You were not sure, and you were right: you know more than you thought."
    for correct, level in [(True, 3), (True, 2), (False, 2), (False, 1), (True, None), (False, None)]:
        assert sure.feedback_line(correct, level) is None


def test_calibration_in_words_sure_first_with_whole_numbers():
    result = sure.calibration([(True, 3), (False, 3), (True, 3), (True, 1), (False, None)])
    assert sure.calibration_words(result) == [
        "When you were sure: right 2 of 3 times.",
        "When you were not sure: right 1 of 1 time.",
        "You were sure of 1 answer that was not right. It comes back soon, with the page to read first.",
    ]
    assert result.unrated == 1
    matched = sure.calibration([(True, 3), (True, 3), (False, 1), (True, 2), (True, 2), (True, 2), (False, 2)])
    assert sure.calibration_words(matched)[-1] == "How sure you were matched how you did."
    under = sure.calibration([(True, 1)] * 4)
    assert sure.calibration_words(under)[-1].startswith("You knew more than you thought")
    assert sure.calibration_words(sure.calibration([(True, None)])) == []


def test_the_breakdown_by_certainty_uses_moodles_ranges_and_words():
    result = sure.calibration([(True, 3)] * 4 + [(False, 3)] * 4 + [(True, 1)])
    assert sure.cbm_breakdown(result) == [
        "C3 sure: 8 answers, 50% right (best 80% to 100%): overconfident.",
        "C2 fairly sure: no answers.",
        "C1 not sure: 1 answer, 100% right (best 0% to 67%): a bit underconfident.",
    ]


# --- the session -------------------------------------------------------------------------------


def test_the_session_keeps_how_sure_and_the_result_scores_it(cbm_pack):
    session = QuizSession(cbm_pack)
    session.answer("b", confidence=3)
    assert session.current_record.confidence == 3
    session.advance()
    session.answer(frozenset({"a"}), confidence=2)  # wrong
    session.advance()
    session.answer(True, confidence=99)  # not a level: not said
    session.advance()
    result = session.result()
    assert result.marking == "cbm"
    assert result.rated == ((True, 3), (False, 2), (True, None))
    assert (result.cbm.total, result.cbm.questions) == (3 - 2 + 1, 6)
    # the breakdown counts the answer without a certainty at C1, as its mark does
    assert result.cbm_calibration.tally(1).answered == 1 and result.calibration.tally(1).answered == 0


def test_a_pack_without_marking_is_standard_and_cbm_is_checked(pack):
    assert QuizSession(pack).result().marking == "standard"
    data = pack_data()
    data["pack"]["marking"] = "points"
    with pytest.raises(ValueError):
        checks.validate(Pack, data)


def test_undo_asks_the_question_again_as_if_never_answered(pack):
    session = QuizSession(pack)
    assert not session.can_undo
    session.answer("a", confidence=3)
    assert session.can_undo and session.done_count == 1
    taken = session.undo()
    assert taken is not None and taken.outcome.response_text == "Choice a"
    assert session.current.id == "q-single" and session.done_count == 0 and session.current_record is None
    assert session.answer("b").correct
    session.advance()
    assert session.result().correct == 1 and session.result().answered == 1


def test_i_was_right_only_for_a_typed_answer_marked_wrong(pack):
    session = QuizSession(pack, [pack.question("q-single"), pack.question("q-short")])
    session.answer("a")
    assert not session.can_overrule and session.overrule() is None
    session.advance()
    outcome = session.answer("new vessels")  # not an accepted answer
    assert not outcome.correct and session.can_overrule
    overruled = session.overrule()
    assert overruled.correct and overruled.overruled and overruled.response_text == outcome.response_text
    assert session.current_record.overruled and not session.can_overrule
    session.advance()
    assert session.result().correct == 1


def test_no_undo_and_no_i_was_right_in_an_exam(pack):
    from learnmeta.quiz.exam import ExamSession

    assert ExamSession.exam and not QuizSession.exam
    session = QuizSession(pack, [pack.question("q-short")])
    session.exam = True  # as an ExamSession is
    session.answer("nope")
    assert session.exam and not session.can_undo and not session.can_overrule
    assert session.undo() is None and session.overrule() is None


# --- review scheduling -------------------------------------------------------------------------


def test_sureness_moves_the_next_review():
    later = T0 + dt.timedelta(days=3)
    first = review(None, last_review=None, correct=True, when=T0)

    def after(correct, level):
        return review(first, last_review=T0, correct=correct, confidence=level, when=later).due

    assert after(True, 3) > after(True, None) > after(True, 1)  # sure and right: longer
    assert after(True, 2) == after(True, None)
    assert after(False, 3) <= after(False, None)  # sure and wrong: as soon as any wrong answer
    assert after(False, 3) - later <= dt.timedelta(minutes=10)


# --- the store ---------------------------------------------------------------------------------


def _file(path):
    """The file without its save time (which every save changes) and how far it has read the
    answer log (an undo is a record appended to the log)."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    data.pop("saved", None)
    data.pop("answer_log", None)
    return data


def _answer(recorder, session, response, level=None):
    pack, question, hints = session.current_pack, session.current, session.hints_used
    outcome = session.answer(response, confidence=level)
    recorder.record(session, pack, question, outcome, hints, confidence=level)
    return outcome


def test_undo_puts_the_file_back_exactly_as_it_was(tmp_path, pack):
    path = tmp_path / "p.toml"
    with ProgressStore.open(path) as store:
        recorder = AttemptRecorder(store, print)
        session = QuizSession(pack)
        recorder.begin(session)
        _answer(recorder, session, "b", 3)
        session.advance()
        before = _file(path)
        _answer(recorder, session, frozenset({"a"}), 3)
        assert _file(path) != before
        assert recorder.undo(session)
        after = _file(path)
        # the one trace an undone wrong answer leaves: the attempt names its question as taken back,
        # so an answer given again is said beside the score (an honest score on the course track)
        assert after["packs"]["test-pack"]["attempts"][-1].pop("taken_back") == ["q-multiple"]
        # with how sure it was: left unanswered, certainty-based marking still counts it as given
        assert after["packs"]["test-pack"]["attempts"][-1].pop("taken_back_sure") == {"q-multiple": 3}
        # and the pack names it as waiting for its answer given again (in whatever sitting)
        assert after["packs"]["test-pack"].pop("taken_back") == ["q-multiple"]
        assert after == before
        # answered again, the question's review starts from the state before the undone answer
        _answer(recorder, session, RIGHT["q-multiple"], 2)
    saved = read_progress(path)
    assert saved.packs["test-pack"].attempts[-1].answered == 2
    assert saved.packs["test-pack"].taken_back is None  # given again: no longer waiting
    assert [(e.question, e.correct, e.confidence) for e in logged(path)] == [
        ("q-single", True, 3), ("q-multiple", True, 2)]
    assert saved.questions["test-pack"]["q-multiple"].seen == 1


def test_undo_of_an_answer_to_a_question_answered_before_restores_its_review(tmp_path, pack):
    path = tmp_path / "p.toml"
    with ProgressStore.open(path) as store:
        store.record_answer("test-pack", "1.0.0", "q-single", lesson="test-lesson", section="s1",
                            response="Choice b", correct=True, hints_used=0, when=T0)
        before = dataclasses.replace(store.progress.questions["test-pack"]["q-single"])
        answer = store.record_answer("test-pack", "1.0.0", "q-single", lesson="test-lesson", section="s1",
                                     response="Choice a", correct=False, hints_used=0, confidence=3,
                                     when=T0 + dt.timedelta(days=2))
        assert store.teach_first("test-pack", "q-single")
        assert store.undo_answer(answer)
        assert not store.undo_answer(answer)  # once
        assert store.progress.questions["test-pack"]["q-single"] == before
        assert not store.teach_first("test-pack", "q-single")
    assert read_progress(path).questions["test-pack"]["q-single"] == before


def test_i_was_right_is_saved_as_right_and_overruled(tmp_path, pack):
    path = tmp_path / "p.toml"
    with ProgressStore.open(path) as store:
        recorder = AttemptRecorder(store, print)
        session = QuizSession(pack, [pack.question("q-short")], mode="practice")
        recorder.begin(session)
        _answer(recorder, session, "angio genesis thing", 2)
        wrong_review = store.progress.questions["test-pack"]["q-short"].review
        assert recorder.overrule(session).correct
    saved = read_progress(path)
    record = saved.questions["test-pack"]["q-short"]
    assert (record.seen, record.correct, record.last_correct) == (1, 1, True)
    assert record.review.due > wrong_review.due  # scheduled as a right answer
    [entry] = logged(path)
    assert (entry.correct, entry.overruled, entry.confidence, entry.response) == (
        True, True, 2, "angio genesis thing")
    text = log_path(path).read_text(encoding="utf-8")
    assert text.count('"overruled":true') == 0 and text.count('"kind":"overrule"') == 1  # a record of its own


def test_undo_after_i_was_right_takes_the_answer_back_altogether(tmp_path, pack):
    path = tmp_path / "p.toml"
    with ProgressStore.open(path) as store:
        recorder = AttemptRecorder(store, print)
        session = QuizSession(pack, [pack.question("q-short")], mode="practice")
        recorder.begin(session)
        _answer(recorder, session, RIGHT["q-short"])
        session.advance()
        before = _file(path)
        session = QuizSession(pack, [pack.question("q-short")], mode="practice")
        _answer(recorder, session, "nope")
        assert recorder.overrule(session).correct
        assert recorder.undo(session)
        after = _file(path)
        # the traces of a wrong answer taken back (it was marked wrong, and the right answer shown,
        # before "I was right"): the answer given again to it is marked so
        assert after["packs"]["test-pack"]["attempts"][-1].pop("taken_back") == ["q-short"]
        assert after["packs"]["test-pack"].pop("taken_back") == ["q-short"]
        assert after == before
    assert read_progress(path).questions["test-pack"]["q-short"].seen == 1


def test_undo_of_the_first_answer_leaves_no_trace_of_the_question(tmp_path):
    path = tmp_path / "p.toml"
    with ProgressStore.open(path) as store:
        before = _file(path)
        answer = store.record_answer("p", "1", "q1", lesson="l", section="s", response="x",
                                     correct=False, hints_used=0)
        assert store.undo_answer(answer)
        after = _file(path)
    assert after.get("questions", {}).get("p") in (None, {}) and not after.get("history")
    assert not after.get("packs", {}).get("p", {}).get("attempts")


def test_an_answer_is_overruled_once(tmp_path):
    with ProgressStore.open(tmp_path / "p.toml") as store:
        answer = store.record_answer("p", "1", "q1", lesson="l", section="s", response="x",
                                     correct=False, hints_used=0)
        assert store.overrule_answer(answer)
        assert not store.overrule_answer(answer)


def test_a_quiz_carried_on_keeps_how_sure_the_earlier_answers_were(tmp_path, cbm_pack):
    path = tmp_path / "p.toml"
    with ProgressStore.open(path) as store:
        recorder = AttemptRecorder(store, print)
        session = QuizSession(cbm_pack)
        recorder.begin(session)
        _answer(recorder, session, "b", 3)
        session.advance()
    with ProgressStore.open(path) as store:
        recorder = AttemptRecorder(store, print)
        session = recorder.begin(QuizSession(cbm_pack))
        assert session is not None
        assert session.result().rated == ((True, 3),)


def test_settings_keep_whether_to_ask_how_sure(tmp_path):
    path = tmp_path / "p.toml"
    with ProgressStore.open(path) as store:
        assert store.settings.ask_confidence is None
        store.update_settings(ask_confidence=True)
    assert read_progress(path).learner.ask_confidence is True


# --- the pack format ---------------------------------------------------------------------------


def test_validate_and_the_schema_know_marking(tmp_path, capsys):
    import json

    from factories import write_lesson, write_pack
    from learnmeta.cli import main

    write_lesson(tmp_path)
    data = pack_data()
    data["pack"]["marking"] = "cbm"
    good = write_pack(tmp_path, data, name="good.toml")
    assert main(["validate", str(good), str(tmp_path / "lesson.md")]) == 0
    data["pack"]["marking"] = "points"
    bad = write_pack(tmp_path, data, name="bad.toml")
    capsys.readouterr()
    assert main(["validate", str(bad), str(tmp_path / "lesson.md")]) == 1
    out = capsys.readouterr()
    said = out.out + out.err
    assert "bad.toml:" in said and "marking" in said and "cbm" in said
    assert main(["schema", "pack"]) == 0
    schema = json.loads(capsys.readouterr().out)
    found = json.dumps(schema)
    assert '"standard"' in found and '"cbm"' in found and "certainty-based marking" in found


def test_the_class_report_counts_overrules_per_question_from_progress_files(tmp_path, capsys):
    import csv
    import io

    from learnmeta.cli import main

    for name, overrule in (("ann", True), ("bo", False)):
        with ProgressStore.open(tmp_path / f"{name}.toml") as store:
            answer = store.record_answer("test-pack", "1.0.0", "q-short", lesson="test-lesson",
                                         section="s1", response="new vessels", correct=False, hints_used=0)
            if overrule:
                assert store.overrule_answer(answer)
    capsys.readouterr()
    assert main(["report", str(tmp_path / "ann.toml"), str(tmp_path / "bo.toml"), "--format", "csv"]) == 0
    rows = [row for row in csv.DictReader(io.StringIO(capsys.readouterr().out)) if row["question"] == "q-short"]
    assert [(row["overrules_known"], row["overruled"]) for row in rows] == [("2", "1")]


def test_the_csv_export_has_one_overruled_column_saying_which_answer_was_overruled(tmp_path):
    import csv
    import io

    from learnmeta.instructor.export import render

    with ProgressStore.open(tmp_path / "p.toml") as store:
        for response in ("new vessels", "nope"):
            answer = store.record_answer("test-pack", "1.0.0", "q-short", lesson="test-lesson",
                                         section="s1", response=response, correct=False, hints_used=0)
        assert store.overrule_answer(answer)
    from learnmeta.progress.answerlog import handed_in

    progress = read_progress(tmp_path / "p.toml")
    answers = handed_in(tmp_path / "p.toml", progress).answers  # the answers: in the log beside the file
    text, count = render("csv", progress, learner="l", learner_name=None, answers=answers)
    header = text.splitlines()[0].split(",")
    assert header.count("overruled") == 1
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(row["response"], row["correct"], row["overruled"]) for row in rows] == [
        ("new vessels", "false", "false"), ("nope", "true", "true")]
