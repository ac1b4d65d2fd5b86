"""Carrying on a quiz left part way, and its score, without Textual.

The progress store says which attempt was left unfinished and what was answered since it started
(``unfinished_attempt``); the engine decides whether the quiz carries it on and in what order
(``QuizSession.resumed``), and its result counts the answers from before. The home screen's
"Continue" asks the same two (``next_step.unfinished_quiz``).
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest

from factories import RIGHT, pack_data
from learnmeta import checks
from learnmeta.study.next_step import unfinished_quiz
from learnmeta.content.models import Pack
from learnmeta.progress import ProgressStore
from learnmeta.quiz.engine import QuizSession, ReviewSession

CHECK = ["q-single", "q-true-false"]


@pytest.fixture
def pack() -> Pack:
    return checks.validate(Pack, pack_data())


@pytest.fixture
def store(tmp_path):
    with ProgressStore.open(tmp_path / "progress.toml") as opened:
        yield opened


def answer(store, question_id, *, correct=True, attempt=None, when=None):
    store.record_answer("test-pack", "1.0.0", question_id, lesson="test-lesson", section="s1",
                        response="x", correct=correct, hints_used=0, attempt_id=attempt, when=when)


def left_part_way(store, answers: dict[str, bool], mode="quiz") -> str:
    """An attempt with these answers (question id -> right), left unfinished."""
    attempt = store.start_attempt("test-pack", "1.0.0", mode=mode)
    for question_id, correct in answers.items():
        answer(store, question_id, correct=correct, attempt=attempt)
    return attempt


def carried_on(store, session) -> QuizSession | None:
    attempt = store.unfinished_attempt("test-pack", "1.0.0", session.attempt_mode)
    return None if attempt is None else session.resumed(attempt)


def answer_all_right(session) -> list[str]:
    """Answer every question left, right; the ids in the order they were asked."""
    asked = []
    while not session.finished:
        asked.append(session.current.id)
        session.answer(RIGHT[session.current.id])
        session.advance()
    return asked


def test_a_quiz_left_part_way_carries_on_from_the_next_question_and_counts_the_answers_before(
    store, pack
):
    attempt = left_part_way(store, {"q-single": True, "q-multiple": False})
    unfinished = store.unfinished_attempt("test-pack", "1.0.0")
    assert (unfinished.id, unfinished.answered, unfinished.answers) == (
        attempt, 2, {"q-single": True, "q-multiple": False}
    )
    session = QuizSession(pack).resumed(unfinished)
    assert session is not None and session.whole_quiz
    assert (session.current.id, session.number, session.total, session.done_count) == ("q-true-false", 3, 6, 2)
    assert answer_all_right(session) == ["q-true-false", "q-matching", "q-ordering", "q-short"]
    result = session.result()
    assert (result.correct, result.answered, result.total, result.percent) == (5, 6, 6, 83)
    assert [question.id for question in result.missed] == ["q-multiple"]
    assert [record.question.id for record in result.records] == [
        "q-true-false", "q-matching", "q-ordering", "q-short"
    ]
    assert result.by_lesson == {"test-lesson": (5, 6)}
    assert result.score("test-pack") == (5, 6, 83)
    assert result.passed(pack.pack.pass_mark) and not result.passed(90)  # 83%: the pass mark is 80


def test_questions_skipped_before_come_last_keep_their_numbers_and_say_so(store, pack):
    left_part_way(store, {"q-multiple": True, "q-true-false": True})  # question 1 was skipped
    session = carried_on(store, QuizSession(pack))
    asked = []
    while not session.finished:
        asked.append((session.current.id, session.number, session.skipped_before))
        session.answer(RIGHT[session.current.id])
        session.advance()
    assert asked == [
        ("q-matching", 3, False), ("q-ordering", 4, False), ("q-short", 5, False), ("q-single", 6, True),
    ]
    assert session.skipped_earlier_count == 1
    assert session.result().correct == 6


def test_a_question_skipped_before_and_skipped_again_is_left(store, pack):
    """Skipped before the quiz was carried on, a question has had its one coming back: skipped
    again, it is left, as twice in one sitting (it came back a third time)."""
    left_part_way(store, {q: True for q in RIGHT if q not in ("q-single", "q-short")})
    session = carried_on(store, QuizSession(pack))
    assert [session.current.id, session.number] == ["q-short", 5]
    session.skip()  # q-short: skipped once in this sitting
    assert (session.current.id, session.skipped_before) == ("q-single", True)
    session.skip()  # q-single: skipped before the restart, skipped again: left unanswered
    assert session.current.id == "q-short" and session.done_count == 5
    session.skip()  # q-short a second time: left unanswered
    assert session.finished
    result = session.result()
    assert (result.correct, result.answered, result.skipped, result.total) == (4, 4, 2, 6)


@pytest.mark.parametrize("case", ["finished", "other version", "practice", "nothing answered", "all answered"])
def test_a_quiz_starts_afresh_when_the_last_attempt_cannot_be_carried_on(store, pack, case):
    if case == "finished":
        attempt = left_part_way(store, {"q-single": True})
        store.finish_attempt(attempt, correct=1, total=6, percent=17, passed=False)
    elif case == "other version":
        attempt = store.start_attempt("test-pack", "0.9.0")
        store.record_answer("test-pack", "0.9.0", "q-single", lesson="test-lesson", section="s1",
                            response="x", correct=True, hints_used=0, attempt_id=attempt)
    elif case == "practice":
        left_part_way(store, {"q-single": True}, mode="practice")
    elif case == "nothing answered":
        store.start_attempt("test-pack", "1.0.0")
    else:
        left_part_way(store, dict.fromkeys(RIGHT, True))
    session = QuizSession(pack)
    assert carried_on(store, session) is None
    assert unfinished_quiz(store, pack) is None


def test_answers_from_before_the_attempt_started_do_not_count(store, pack):
    yesterday = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=1)
    answer(store, "q-single", when=yesterday)  # in an earlier attempt, or a review
    store.start_attempt("test-pack", "1.0.0")
    assert carried_on(store, QuizSession(pack)) is None  # the attempt counted no answer
    attempt = store.start_attempt("test-pack", "1.0.0")
    answer(store, "q-multiple", attempt=attempt)
    session = carried_on(store, QuizSession(pack))
    assert session.earlier_count == 1 and session.current.id == "q-true-false"
    assert session.skipped_earlier_count == 1  # q-single, answered before this attempt: asked last


def test_continue_on_the_home_screen_asks_the_same_rule(store, pack):
    assert unfinished_quiz(store, pack) is None
    left_part_way(store, {"q-single": True, "q-multiple": True})
    assert unfinished_quiz(store, pack) == 2


def test_a_knowledge_check_carries_on_and_scores_both_sittings(store, pack):
    left_part_way(store, {"q-single": False}, mode="practice")
    check = QuizSession.for_ids(pack, CHECK, mode="check")
    assert check.attempt_mode == "practice" and check.can_resume and not check.whole_quiz
    session = carried_on(store, check)
    assert (session.current.id, session.number, session.total) == ("q-true-false", 2, 2)
    answer_all_right(session)
    result = session.result()
    assert (result.correct, result.answered, result.total) == (1, 2, 2)
    assert result.score("test-pack") == (1, 2, 50)


def test_a_knowledge_check_starts_afresh_after_practice_of_other_questions(store, pack):
    left_part_way(store, {"q-single": True, "q-multiple": False}, mode="practice")
    assert carried_on(store, QuizSession.for_ids(pack, CHECK, mode="check")) is None


def test_a_knowledge_check_starts_afresh_when_the_attempt_counted_other_answers(store, pack):
    attempt = left_part_way(store, {"q-single": True}, mode="practice")
    answer(store, "q-single", attempt=attempt)  # two answers counted, one question answered
    assert carried_on(store, QuizSession.for_ids(pack, CHECK, mode="check")) is None


def test_practice_and_a_quiz_on_some_questions_never_carry_on(store, pack):
    left_part_way(store, {"q-single": True}, mode="practice")
    for session in (QuizSession.for_ids(pack, CHECK, mode="practice"), QuizSession.for_ids(pack, CHECK)):
        assert not session.can_resume and session.attempt_mode == "practice"
        assert carried_on(store, session) is None


def test_a_review_scores_each_pack_on_its_own(pack):
    other = checks.validate(Pack, {**pack_data(), "pack": {**pack_data()["pack"], "id": "other-pack"}})
    session = ReviewSession(
        [(pack, pack.question("q-single")), (other, other.question("q-single")),
         (other, other.question("q-true-false"))]
    )
    assert session.attempt_mode == "review" and not session.whole_quiz
    session.answer("b")
    session.advance()
    session.answer("a")
    session.advance()
    session.answer(True)
    session.advance()
    result = session.result()
    assert result.score("test-pack") == (1, 1, 100)
    assert result.score("other-pack") == (1, 2, 50)
    assert (result.correct, result.total) == (2, 3)


def test_carrying_on_and_scoring_never_import_textual(tmp_path):
    code = (
        "import sys\n"
        "from learnmeta.study.next_step import unfinished_quiz\n"
        "from learnmeta.content.library import load_library\n"
        "from learnmeta.progress import ProgressStore\n"
        "from learnmeta.quiz.engine import QuizSession\n"
        "pack = load_library(user_packs=False).packs[0]\n"
        f"store = ProgressStore.open({str(tmp_path / 'p.toml')!r})\n"
        "attempt = store.start_attempt(pack.id, pack.pack.version)\n"
        "q = pack.questions[0]\n"
        "store.record_answer(pack.id, pack.pack.version, q.id, lesson=q.lesson, section=q.section,\n"
        "                    response='x', correct=True, hints_used=0, attempt_id=attempt)\n"
        "assert unfinished_quiz(store, pack) == 1\n"
        "session = QuizSession(pack).resumed(store.unfinished_attempt(pack.id, pack.pack.version))\n"
        "assert session.result().correct == 1\n"
        "store.close()\n"
        "print(sorted(name for name in sys.modules if name.split('.')[0] in ('textual', 'rich')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "LEARNMETA_HOME": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
