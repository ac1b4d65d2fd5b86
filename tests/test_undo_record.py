"""Undo as a trainee gaming their score would use it, and as an instructor reads what it left.

Each sitting is driven the way the app and plain mode drive a quiz (the quiz engine's session
and :class:`~learnmeta.quiz.attempts.AttemptRecorder` over the learner's progress store), and
every test asserts what a person would see: the results' words, what the answer log beside the
progress file holds, and what ``learnmeta export`` and ``learnmeta report`` print.

The promise being checked: an answer taken back (**u**) right after its feedback counts as never
given (issue 16), but the wrong answer's feedback showed the right one, so the next answer to that
question is marked ``given_again`` wherever it is given (the same quiz carried on, a new attempt,
a knowledge check, practice or a review), and the class report counts it. Only a whole quiz's
own undo is said beside its pass: a wrong answer taken back in a knowledge check does not make a
later quiz's score any higher than the wrong answer would have.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from class_helpers import answer_for, pack as builtin_pack
from learnmeta.cli import main

PACK = "what-is-metastatic-cancer"


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path / "home"))


def sitting(path, steps, *, mode="quiz", questions=None, confidence=None, pack_id=PACK):
    """One sitting on the pack, as a front end runs it: ``steps`` are "right", "wrong" (answer
    the current question so, and go on unless "undo" follows), "undo" (take the answer just
    given back: the question is asked again), "overrule" ("I was right") and "skip"; then the sitting ends (left, or
    finished when nothing is left to ask). Returns the session's result."""
    from learnmeta.progress import ProgressStore
    from learnmeta.quiz.attempts import AttemptRecorder
    from learnmeta.quiz.engine import QuizSession, ReviewSession

    pack = builtin_pack(pack_id)
    problems: list[str] = []
    with ProgressStore.open(path) as store:
        if mode == "review":
            chosen = [pack.question(qid) for qid in questions]
            session = ReviewSession([(pack, q) for q in chosen], mode="review")
        else:
            chosen = None if questions is None else [pack.question(qid) for qid in questions]
            session = QuizSession(pack, chosen, mode=mode)
        recorder = AttemptRecorder(store, problems.append)
        session = recorder.begin(session) or session
        pending = False
        for step in steps:
            if step == "overrule":  # "I was right" about the typed answer just given
                assert recorder.overrule(session) is not None
                continue
            if step == "undo":
                assert recorder.undo(session)
                pending = False
                continue
            if pending:
                session.advance()
                pending = False
            if step == "skip":
                session.skip()
                continue
            question = session.current
            outcome = session.answer(answer_for(question, step == "right"), confidence)
            assert bool(outcome.correct) == (step == "right")
            recorder.record(session, session.current_pack, question, outcome, 0, confidence)
            pending = True
        if pending:
            session.advance()
        result = session.result()
        if session.finished:
            recorder.finish(session, result)
    assert not problems
    return result


def logged(path):
    """The answer log beside the progress file: (question, correct, given_again) of each answer
    that counts (those taken back are left out, as the export leaves them out)."""
    from learnmeta.progress import ProgressStore

    with ProgressStore.open(path) as store:
        return [(a.question, a.correct, bool(a.given_again)) for a in store.each_answer()]


def exported(path, capsys) -> list[dict]:
    out = path.with_suffix(".csv")
    capsys.readouterr()
    assert main(["export", "--format", "csv", "--progress", str(path), "-o", str(out)]) == 0
    return list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))


def reported(folder, capsys) -> dict[str, dict]:
    """``learnmeta report --format csv``: the question rows, by question id."""
    capsys.readouterr()
    assert main(["report", "--format", "csv", str(folder)]) == 0
    rows = csv.DictReader(io.StringIO(capsys.readouterr().out))
    return {row["question"]: row for row in rows if row["kind"] == "question"}


# --- a wrong answer taken back, then the sitting left: the next answer is still marked ---------------

@pytest.mark.parametrize("later", ["the check again", "practice", "a review", "the whole quiz"])
def test_a_wrong_answer_taken_back_in_a_knowledge_check_and_left_is_marked_when_answered_again(
    tmp_path, capsys, later
):
    """A trainee answers a knowledge check's first question wrong, reads the feedback (the right
    answer), presses u and leaves. The check's attempt then has no answers, so nothing carried
    the undo on: the right answer given later (the check again, practice, a review, the whole
    quiz) was logged as a plain first answer, the export said given_again false and the class
    report's facility counted a first try right with nothing in its "Given again" column."""
    pack = builtin_pack(PACK)
    check = [q.id for q in pack.questions[:3]]
    folder = tmp_path / "class"
    folder.mkdir()
    path = folder / "trainee.toml"
    sitting(path, ["wrong", "undo"], mode="check", questions=check)
    assert logged(path) == []  # taken back: never given, as the undo promises
    if later == "the check again":
        sitting(path, ["right", "right", "right"], mode="check", questions=check)
    elif later == "practice":
        sitting(path, ["right"], mode="quiz", questions=check[:1])
    elif later == "a review":
        sitting(path, ["right"], mode="review", questions=check[:1])
    else:
        result = sitting(path, ["right"] * len(pack.questions))
        assert result.percent == 100
        assert result.given_again == 0  # the check's wrong answer never counted in this quiz
    assert logged(path)[0] == (check[0], True, True)
    assert [given for _q, _ok, given in logged(path)[1:]] == [False] * (len(logged(path)) - 1)
    records = exported(path, capsys)
    assert (records[0]["question"], records[0]["correct"], records[0]["given_again"]) == (check[0], "true", "true")
    rows = reported(folder, capsys)
    assert rows[check[0]]["given_again"] == "1"


def test_a_wrong_answer_taken_back_in_practice_and_left_is_marked_when_practised_again(tmp_path, capsys):
    pack = builtin_pack(PACK)
    some = [q.id for q in pack.questions[:2]]
    path = tmp_path / "trainee.toml"
    sitting(path, ["right", "wrong", "undo"], mode="quiz", questions=some)
    sitting(path, ["right", "right"], mode="quiz", questions=some)
    assert logged(path) == [(some[0], True, False), (some[0], True, False), (some[1], True, True)]
    assert [r["given_again"] for r in exported(path, capsys)] == ["false", "false", "true"]


def test_a_quiz_after_a_check_s_undo_marks_the_answer_but_says_nothing_beside_its_pass(tmp_path):
    """The quiz's score is what it would have been had the check's wrong answer stood (the check
    is another attempt), so neither its results nor the same results reopened later (Past
    results) say a wrong answer was taken back; the log still marks the answer given again."""
    from class_helpers import library
    from learnmeta.progress import ProgressStore
    from learnmeta.quiz.engine import given_again_words
    from learnmeta.study.history import attempt_results

    pack = builtin_pack(PACK)
    first = pack.questions[0].id
    path = tmp_path / "trainee.toml"
    sitting(path, ["wrong", "undo"], mode="check", questions=[first])
    result = sitting(path, ["right"] * len(pack.questions))
    assert given_again_words(result.given_again) == ""
    with ProgressStore.open(path) as store:
        ((_pack, attempt),) = [(p, a) for p, a in store.finished_attempts() if a.mode == "quiz"]
        past = attempt_results(library(), store, attempt.id)
    assert past.result.percent == 100 and given_again_words(past.result.given_again) == ""
    assert [q for q, _ok, again in logged(path) if again] == [first]


def test_an_undo_whose_summary_save_was_cut_off_still_marks_the_answer_given_again(tmp_path, capsys):
    """The app stopped between writing the undo to the answer log and saving the summary: the
    next opening takes the undo in from the log (as it does every answer), the question waiting
    for its answer given again too."""
    import shutil

    from learnmeta.progress import ProgressStore

    pack = builtin_pack(PACK)
    question = pack.questions[0]
    path = tmp_path / "trainee.toml"
    with ProgressStore.open(path) as store:
        wrong = store.record_answer(PACK, pack.pack.version, question.id, lesson=question.lesson,
                                    section=question.section, response="x", correct=False, hints_used=0)
        shutil.copy(path, tmp_path / "before-undo.toml")
        assert store.undo_answer(wrong)
    shutil.copy(tmp_path / "before-undo.toml", path)  # the summary as it was before the undo
    sitting(path, ["right"], mode="review", questions=[question.id])
    assert logged(path) == [(question.id, True, True)]
    assert [r["given_again"] for r in exported(path, capsys)] == ["true"]


def test_an_answer_given_again_taken_back_too_leaves_the_next_one_given_again(tmp_path):
    """Wrong, u, right (given again), u again, then right in a later sitting: the wrong answer's
    feedback was still seen, so the answer that counts is marked given again."""
    pack = builtin_pack(PACK)
    first = pack.questions[0].id
    path = tmp_path / "trainee.toml"
    sitting(path, ["wrong", "undo", "right", "undo"], mode="check", questions=[first])
    assert logged(path) == []
    sitting(path, ["right"], mode="check", questions=[first])
    assert logged(path) == [(first, True, True)]
    sitting(path, ["right"], mode="check", questions=[first])  # an answer after it: a plain one
    assert logged(path)[1:] == [(first, True, False)]


# --- a wrong answer taken back and never answered again: the question is unanswered --------------

def _past(path):
    """The last finished whole quiz's results as Past results reopen them."""
    from class_helpers import library
    from learnmeta.progress import ProgressStore
    from learnmeta.study.history import attempt_results

    with ProgressStore.open(path) as store:
        finished = [a for _p, a in store.finished_attempts() if a.mode == "quiz"]
        return finished[0], attempt_results(library(), store, finished[0].id).result


@pytest.mark.parametrize("how", ["in one sitting", "left, then carried on", "the first answer, then left"])
def test_a_sure_wrong_answer_taken_back_and_left_unanswered_raises_no_score(tmp_path, capsys, how):
    """Sure (C3) and wrong, u, then the question skipped to the end and left unanswered: the
    score and the pass count it not right, as the wrong answer; but certainty-based marking
    scores an unanswered question 0 against -6 for the sure wrong answer, so the CBM score (and
    the sureness figures) rose by taking it back. They now count the wrong answer taken back as
    it was given, in the results and in Past results, however the quiz was left and carried on;
    the export and the class report have no answer to it, as the undo promises."""
    from learnmeta.quiz import confidence as sureness
    from learnmeta.quiz.engine import taken_back_left_words

    pack = builtin_pack(PACK)
    n = len(pack.questions)
    wrong_q = pack.questions[0 if how == "the first answer, then left" else 1].id
    stood = tmp_path / "stood.toml"
    if how == "the first answer, then left":
        baseline = sitting(stood, ["wrong"] + ["right"] * (n - 1), confidence=3)
    else:
        baseline = sitting(stood, ["right", "wrong"] + ["right"] * (n - 2), confidence=3)
    path = tmp_path / "took-back.toml"
    if how == "in one sitting":
        result = sitting(path, ["right", "wrong", "undo", "skip"] + ["right"] * (n - 2) + ["skip"], confidence=3)
    elif how == "left, then carried on":
        sitting(path, ["right", "wrong", "undo"], confidence=3)
        result = sitting(path, ["skip"] + ["right"] * (n - 2) + ["skip"], confidence=3)
    else:
        sitting(path, ["wrong", "undo"], confidence=3)
        result = sitting(path, ["skip"] + ["right"] * (n - 1) + ["skip"], confidence=3)
    assert (result.correct, result.skipped, result.percent) == (baseline.correct, 1, baseline.percent)
    assert sureness.cbm_words(result.cbm) == sureness.cbm_words(baseline.cbm)
    assert sureness.cbm_breakdown(result.cbm_calibration) == sureness.cbm_breakdown(baseline.cbm_calibration)
    assert result.cbm.total == baseline.cbm.total == 3 * (n - 1) - 6
    assert taken_back_left_words(len(result.taken_back_left)) == (
        "A wrong answer you took back and did not answer again counts in this marking as you gave it.")
    attempt, past = _past(path)
    assert (attempt.percent, attempt.passed) == (_past(stood)[0].percent, _past(stood)[0].passed)
    assert sureness.cbm_words(past.cbm) == sureness.cbm_words(_past(stood)[1].cbm)
    assert wrong_q not in [r["question"] for r in exported(path, capsys)]
    for name, file in (("stood", stood), ("took-back", path)):  # the class report reads each alone
        (tmp_path / name).mkdir()
        file.rename(tmp_path / name / file.name)
        file.with_name(file.stem + ".answers.jsonl").rename(tmp_path / name / (file.stem + ".answers.jsonl"))
    packs = {}
    for name in ("stood", "took-back"):
        capsys.readouterr()
        assert main(["report", "--format", "csv", str(tmp_path / name)]) == 0
        rows = csv.DictReader(io.StringIO(capsys.readouterr().out))
        packs[name] = [(r["finished"], r["mean_score"], r["pass_rate"]) for r in rows if r["kind"] == "pack"]
    assert packs["took-back"] == packs["stood"]  # the same score and pass, as the class sees them


def test_i_was_right_then_undo_then_the_right_answer_is_still_given_again(tmp_path, capsys):
    """A typed answer marked not right shows the right one; "I was right" (i) made it count as
    right, so taking it back (u) then was not taking back a wrong answer: typing the right answer
    after it was "✓ Passed" with nothing beside it, a plain first answer in the log, the export
    and the class report (neither overruled nor given again). It is a wrong answer taken back."""
    from learnmeta.quiz.engine import given_again_words

    pack = builtin_pack(PACK)
    n = len(pack.questions)
    typed_q = pack.questions[1]
    assert typed_q.type == "short_answer"
    folder = tmp_path / "class"
    folder.mkdir()
    path = folder / "trainee.toml"
    result = sitting(path, ["right", "wrong", "overrule", "undo", "right"] + ["right"] * (n - 2))
    assert result.percent == 100
    assert given_again_words(result.given_again) == (
        " 1 wrong answer was taken back after its feedback and answered again.")
    assert logged(path)[1] == (typed_q.id, True, True)
    assert [(r["question"], r["given_again"]) for r in exported(path, capsys)][1] == (typed_q.id, "true")
    assert reported(folder, capsys)[typed_q.id]["given_again"] == "1"
    sitting(path, ["wrong", "overrule", "undo"], mode="check", questions=[typed_q.id])
    sitting(path, ["right"], mode="review", questions=[typed_q.id])  # another sitting: still marked
    assert logged(path)[-1] == (typed_q.id, True, True)


def test_a_check_left_after_its_first_answer_was_taken_back_counts_it_when_opened_again(tmp_path):
    """A knowledge check's first answer, sure and wrong, taken back, and the check left: opened
    again, the check starts a new attempt (the old one has no answers), which knew nothing of
    it, so skipping that question to the end raised its certainty-based figures as in a quiz.
    The check's new attempt now goes on from the questions taken back, as a quiz's does."""
    from learnmeta.progress import ProgressStore
    from learnmeta.quiz import confidence as sureness

    pack = builtin_pack(PACK)
    check = [q.id for q in pack.questions[:3]]
    stood = sitting(tmp_path / "stood.toml", ["wrong", "right", "right"], mode="check", questions=check,
                    confidence=3)
    path = tmp_path / "trainee.toml"
    sitting(path, ["wrong", "undo"], mode="check", questions=check, confidence=3)
    result = sitting(path, ["skip", "right", "right", "skip"], mode="check", questions=check, confidence=3)
    assert (result.correct, result.skipped) == (2, 1)
    assert sureness.cbm_words(result.cbm) == sureness.cbm_words(stood.cbm)
    with ProgressStore.open(path) as store:
        last = store.progress.packs[PACK].attempts[-1]
    assert (last.taken_back, last.taken_back_sure) == ([check[0]], {check[0]: 3})


def test_a_practice_answer_in_the_second_a_quiz_starts_is_not_the_quizs(tmp_path, monkeypatch):
    """A question practised (sure, right), then the whole quiz started in the same second (the
    file keeps whole seconds; a quick Enter on practice's results can). The quiz's wrong answer
    to it, sure, taken back and never answered again there: carried on, the quiz counts every
    answer to its questions since it started, and "since" was to the second, so the practice
    answer counted as the quiz's: the results counted the question right and said "1 wrong
    answer was taken back after its feedback and answered again", and Past results, which read
    the attempt's own answers, listed it unanswered and missed (f8ec879 made them repeat the
    live words, not the live results right). An answer in that second now counts for the quiz
    only if the answer log says it is not of an attempt started before the quiz; the live
    results and Past results agree, and say what a learner who never practised would see."""
    from learnmeta.quiz import confidence as sureness
    from learnmeta.quiz.engine import given_again_words, taken_back_left_words
    from learnmeta.progress import answers, attempts, storebase

    second = dt.datetime(2026, 12, 5, 12, 0, 0, tzinfo=dt.timezone.utc)
    for module in (answers, attempts, storebase):
        monkeypatch.setattr(module, "_now", lambda: second)
    pack = builtin_pack(PACK)
    n = len(pack.questions)
    first = pack.questions[0].id
    path = tmp_path / "trainee.toml"
    sitting(path, ["right"], mode="quiz", questions=[first], confidence=3)  # practice
    sitting(path, ["wrong", "undo", "skip", "right", "wrong", "right"], confidence=3)  # the quiz, left
    result = sitting(path, ["right"] * (n - 4) + ["skip", "skip"], confidence=3)  # carried on; the first left
    never = tmp_path / "never-practised.toml"  # the same quiz without the practice before it
    sitting(never, ["wrong", "undo", "skip", "right", "wrong", "right"], confidence=3)
    alone = sitting(never, ["right"] * (n - 4) + ["skip", "skip"], confidence=3)
    assert (result.correct, result.answered, result.skipped) == (alone.correct, alone.answered, alone.skipped)
    assert (result.correct, result.answered, result.percent) == (n - 2, n - 1, alone.percent)
    assert first in [q.id for q in result.missed]
    assert given_again_words(result.given_again) == ""
    said = taken_back_left_words(len(result.taken_back_left))
    assert said == "A wrong answer you took back and did not answer again counts in this marking as you gave it."
    attempt, past = _past(path)
    assert (attempt.percent, attempt.correct) == (result.percent, result.correct)
    assert (past.correct, past.answered, past.skipped, past.percent) == (
        result.correct, result.answered, result.skipped, result.percent)
    assert sorted(q.id for q in past.missed) == sorted(q.id for q in result.missed)
    assert given_again_words(past.given_again) == ""
    assert taken_back_left_words(len(past.taken_back_left)) == said
    assert sureness.cbm_words(past.cbm) == sureness.cbm_words(result.cbm)


def test_a_quiz_answer_in_the_second_the_quiz_starts_still_counts_when_carried_on(tmp_path, monkeypatch):
    """The other side of that second: the quiz's own answers given in the second it started
    count for it when it is carried on (the answer log says they are the quiz's)."""
    from learnmeta.progress import answers, attempts, storebase

    second = dt.datetime(2026, 12, 5, 12, 0, 0, tzinfo=dt.timezone.utc)
    for module in (answers, attempts, storebase):
        monkeypatch.setattr(module, "_now", lambda: second)
    pack = builtin_pack(PACK)
    n = len(pack.questions)
    path = tmp_path / "trainee.toml"
    sitting(path, ["right", "wrong"])  # the quiz, left after two answers
    result = sitting(path, ["right"] * (n - 2))  # carried on: the rest
    assert (result.correct, result.answered, result.skipped) == (n - 1, n, 0)
