"""What the progress file keeps of an exam: the attempt (exam, time limit, seed and questions of a
pool), its answers saved as they are given until it is submitted, and a submission saved at once,
all of it or none. No Textual here."""

from __future__ import annotations

import datetime as dt
import tomllib

import pytest

from learnmeta.progress import ProgressStore
from learnmeta.progress.fileformat import read_progress

START = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.timezone.utc)


def test_an_exam_attempt_keeps_its_answers_until_it_is_submitted(tmp_path):
    path = tmp_path / "progress.toml"
    with ProgressStore.open(path) as store:
        attempt = store.start_attempt("test-pack", "1.0.0", exam=True, time_limit_minutes=20, when=START,
                                      seed="ab12", questions=["q1", "q2", "q3"])
        store.save_exam_answer(attempt, "q1", "b")
        store.save_exam_answer(attempt, "q2", ["a", "c"])
        store.save_exam_answer(attempt, "q3", {"Breast": "Bones"})
        store.save_exam_answer(attempt, "q2", None)  # changed their mind: no answer
        store.save_exam_answer(attempt, "q4", True)
    saved = tomllib.loads(path.read_text())["packs"]["test-pack"]["attempts"][-1]
    assert saved["exam"] is True and saved["time_limit_minutes"] == 20
    assert saved["seed"] == "ab12" and saved["questions"] == ["q1", "q2", "q3"]
    assert saved["exam_answers"] == {"q1": "b", "q3": {"Breast": "Bones"}, "q4": True}
    assert saved["answered"] == 0  # nothing counts before it is submitted
    assert not tomllib.loads(path.read_text()).get("questions")  # nor any question's record
    with ProgressStore.open(path) as store:
        left = store.unfinished_exam("test-pack", "1.0.0")
        assert left is not None and left.id == attempt
        assert left.started == START and left.time_limit_minutes == 20
        assert left.answers == {"q1": "b", "q3": {"Breast": "Bones"}, "q4": True}
        assert left.questions == ("q1", "q2", "q3") and left.seed == "ab12"
        assert store.unfinished_exam("test-pack", "2.0.0") is None  # another version: starts afresh
    assert read_progress(path).packs["test-pack"].attempts[-1].exam_answers["q4"] is True


def test_a_quiz_attempt_writes_none_of_the_exam_keys(tmp_path):
    path = tmp_path / "progress.toml"
    with ProgressStore.open(path) as store:
        store.start_attempt("test-pack", "1.0.0")
        assert store.unfinished_exam("test-pack", "1.0.0") is None
    line = next(l for l in path.read_text().splitlines() if "mode = " in l)
    for key in ("exam", "seed", "questions", "time_limit_minutes", "exam_answers"):
        assert f"{key} =" not in line


def test_saving_once_writes_every_change_in_one_save(tmp_path):
    path = tmp_path / "progress.toml"
    with ProgressStore.open(path) as store:
        attempt = store.start_attempt("test-pack", "1.0.0", exam=True)
        before = path.read_bytes()
        with store.saving_once():
            for question in ("q1", "q2"):
                store.record_answer("test-pack", "1.0.0", question, lesson="l", section="s", response="x",
                                    correct=True, hints_used=0, attempt_id=attempt)
                assert path.read_bytes() == before  # nothing written yet
            store.finish_attempt(attempt, correct=2, total=2, percent=100, passed=True)
            store.close_exam(attempt)
            assert path.read_bytes() == before
        data = tomllib.loads(path.read_text())
    assert set(data["questions"]["test-pack"]) == {"q1", "q2"}
    finished = data["packs"]["test-pack"]["attempts"][-1]
    assert finished["percent"] == 100 and finished["answered"] == 2 and "exam_answers" not in finished



@pytest.mark.parametrize(("kept", "told"), [
    pytest.param("[" + ", ".join(['"a"'] * 21) + "]",
                 "exam_answers.q1: List should have at most 20 items after validation, not 21)", id="too-long"),
    pytest.param('{ Breast = { Bones = "x" } }', "exam_answers.q1.Breast: Input should be a valid string)",
                 id="table-in-table"),
    pytest.param("1", "exam_answers.q1: this kind of value does not belong here)", id="number"),
    pytest.param("[1, 2]", "exam_answers.q1.0: Input should be a valid string)", id="numbers"),
])
def test_a_hand_edited_exam_answer_of_the_wrong_kind_is_named_plainly(tmp_path, kept, told):
    """An exam answer is true or false, a text, a list or a table: one of none of these kinds
    (or too long) was said to be "packs.p.attempts.0.exam_answers.q1.bool: Input should be a valid
    boolean", or named pydantic's function-after[_exam_text(), str], whatever the value was."""
    path = tmp_path / "progress.toml"
    with ProgressStore.open(path) as store:
        attempt = store.start_attempt("test-pack", "1.0.0", exam=True, when=START)
        store.save_exam_answer(attempt, "q1", "b")
    text = path.read_text()
    assert 'exam_answers = { q1 = "b" }' in text
    path.write_text(text.replace('exam_answers = { q1 = "b" }', f"exam_answers = {{ q1 = {kept} }}"))
    with ProgressStore.open(path) as store:
        notice = store.notices[0]
    assert "Your progress file could not be read: part of it is not in the expected shape" in notice
    assert f"(packs.test-pack.attempts.0.{told}" in notice
    for internal in ("bool", "function-after", "dict[", "list["):
        assert internal not in notice


def test_an_exam_left_part_way_carries_on_after_a_review_in_between(tmp_path):
    """A review started since (the pack's latest attempt) made the exam start afresh: its saved
    answers and clock were no longer offered. A review is never carried on: the exam is."""
    path = tmp_path / "progress.toml"
    with ProgressStore.open(path) as store:
        attempt = store.start_attempt("test-pack", "1.0.0", exam=True, when=START)
        store.save_exam_answer(attempt, "q1", "b")
        review = store.start_attempt("test-pack", "1.0.0", mode="review", when=START + dt.timedelta(minutes=5))
        store.record_answer("test-pack", "1.0.0", "q2", lesson="l", section="s", response="x", correct=True,
                            hints_used=0, attempt_id=review, when=START + dt.timedelta(minutes=6))
    with ProgressStore.open(path) as store:
        left = store.unfinished_exam("test-pack", "1.0.0")
        assert left is not None and left.id == attempt and left.answers == {"q1": "b"}
        quiz = store.start_attempt("test-pack", "1.0.0")  # a new quiz after it: the exam is left
        assert store.unfinished_exam("test-pack", "1.0.0") is None and quiz
