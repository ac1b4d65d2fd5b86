"""A quiz's attempts in the progress file, without Textual: what the app and plain mode both save
through ``AttemptRecorder``."""

from __future__ import annotations

import pytest

from factories import RIGHT, pack_data
from learnmeta import checks
from learnmeta.content.models import Pack
from learnmeta.progress import ProgressStore, read_progress
from learnmeta.quiz.attempts import AttemptRecorder, welcome_back
from learnmeta.quiz.engine import QuizSession


@pytest.fixture
def pack() -> Pack:
    return checks.validate(Pack, pack_data())


def answer(recorder, session, response) -> None:
    pack, question, hints = session.current_pack, session.current, session.hints_used
    recorder.record(session, pack, question, session.answer(response), hints)
    session.advance()


def test_a_quiz_left_part_way_is_carried_on_and_its_attempt_counts_both_sittings(tmp_path, pack):
    path = tmp_path / "p.toml"
    problems: list[str] = []
    with ProgressStore.open(path) as store:
        recorder = AttemptRecorder(store, problems.append)
        session = QuizSession(pack)
        assert recorder.begin(session) is None  # a fresh quiz: its attempt starts at once
        answer(recorder, session, "a")  # wrong
        answer(recorder, session, RIGHT["q-multiple"])
    attempt = read_progress(path).packs["test-pack"].attempts[-1]
    assert (attempt.mode, attempt.answered, attempt.finished) == ("quiz", 2, None)
    with ProgressStore.open(path) as store:
        recorder = AttemptRecorder(store, problems.append)
        session = recorder.begin(QuizSession(pack))
        assert session is not None and session.current.id == "q-true-false"
        assert welcome_back(session) == (
            "Welcome back. You answered 2 of 6 questions last time, so the quiz carries on from question 3."
        )
        while not session.finished:
            answer(recorder, session, RIGHT[session.current.id])
        recorder.finish(session, session.result())
    attempts = read_progress(path).packs["test-pack"].attempts
    assert len(attempts) == 1
    assert (attempts[0].answered, attempts[0].correct, attempts[0].total, attempts[0].percent) == (6, 5, 6, 83)
    assert attempts[0].passed is True and problems == []


def test_a_check_starts_its_attempt_with_the_first_answer_and_decides_no_pass(tmp_path, pack):
    with ProgressStore.open(tmp_path / "p.toml") as store:
        recorder = AttemptRecorder(store, print)
        session = QuizSession.for_ids(pack, ["q-single", "q-true-false"], mode="check")
        assert recorder.begin(session) is None and not store.progress.packs
        answer(recorder, session, "b")
        answer(recorder, session, False)
        recorder.finish(session, session.result())
        attempt = store.progress.packs["test-pack"].attempts[-1]
    assert (attempt.mode, attempt.answered, attempt.correct, attempt.total, attempt.passed) == ("practice", 2, 1, 2, None)


def test_every_question_skipped_leaves_the_attempt_unfinished(tmp_path, pack):
    with ProgressStore.open(tmp_path / "p.toml") as store:
        recorder = AttemptRecorder(store, print)
        session = QuizSession(pack)
        recorder.begin(session)
        while not session.finished:
            session.skip()
        recorder.finish(session, session.result())
        attempt = store.progress.packs["test-pack"].attempts[-1]
    assert (attempt.answered, attempt.finished, attempt.percent) == (0, None, None)


class BrokenStore:
    """A store whose every change fails (as no store of ours should)."""

    read_only_reason = None
    save_error = None

    def unfinished_attempt(self, *args):
        return None

    def start_attempt(self, *args, **kwargs):
        raise OSError("the disk went away")

    record_answer = finish_attempt = start_attempt


def test_a_save_problem_is_told_once_and_never_ends_the_quiz(pack):
    problems: list[str] = []
    recorder = AttemptRecorder(BrokenStore(), problems.append)  # type: ignore[arg-type]
    session = QuizSession(pack)
    recorder.begin(session)
    answer(recorder, session, "b")
    answer(recorder, session, RIGHT["q-multiple"])
    recorder.finish(session, session.result())
    assert problems == ["Your answers could not be saved: the disk went away"]


def test_without_a_store_nothing_is_saved_and_nothing_is_said(pack):
    problems: list[str] = []
    recorder = AttemptRecorder(None, problems.append)
    session = QuizSession(pack)
    assert recorder.begin(session) is None
    answer(recorder, session, "b")
    recorder.finish(session, session.result())
    assert problems == [] and recorder.attempts == {}
