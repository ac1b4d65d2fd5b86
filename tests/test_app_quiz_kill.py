"""Killed in the middle of a quiz: the answers given are in the file, and the quiz carries on.

Also killed while asked how sure (nothing of that answer is saved: it is saved when checked),
just after an undo (the answer stays taken back) and just after "I was right" (it counts right).

The real program runs in a pseudo-terminal (as a learner would start it), answers one question
from the keyboard, and is killed with SIGKILL. The progress file must hold that answer; opened
again, the quiz starts at question 2 and says so.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

import pytest

from kill_harness import press, reopened_text, start_quiz, stop, wait_for
from learnmeta.progress import ProgressStore, read_progress

pytestmark = pytest.mark.skipif(
    sys.platform == "win32" or not hasattr(os, "fork"), reason="needs a pseudo-terminal and SIGKILL"
)


def _answered(progress: Path, question_id: str) -> bool:
    try:
        return question_id in read_progress(progress).questions.get("test-pack", {})
    except Exception:  # noqa: BLE001 - not written yet
        return False


def test_killed_mid_quiz_keeps_the_answer_and_the_quiz_carries_on(tmp_path, make_app):
    content, progress, pid, fd, output = start_quiz(tmp_path)
    try:
        assert wait_for(lambda: b"Pick b." in b"".join(output)), b"".join(output)[-2000:]
        drawn = len(b"".join(output))
        os.write(fd, b"2")
        # choice b is drawn selected, (•), before Enter checks it
        assert wait_for(lambda: "•".encode() in b"".join(output)[drawn:]), b"".join(output)[-2000:]
        os.write(fd, b"\r")
        assert wait_for(lambda: _answered(progress, "q-single"))
    finally:
        stop(pid, fd)

    saved = read_progress(progress)
    assert saved.questions["test-pack"]["q-single"].last_correct is True
    attempt = saved.packs["test-pack"].attempts[-1]
    assert attempt.answered == 1 and attempt.finished is None

    app = make_app(progress=progress, content=[content], start=("quiz", "test-pack"))
    text = reopened_text(app)
    assert "You answered 1 of 6 questions last time" in text
    assert "Question 2 of 6" in text and "Pick a and c." in text


def test_killed_while_asked_how_sure_keeps_the_answers_before_and_saves_nothing_half_way(tmp_path, make_app):
    content, progress, pid, fd, output = start_quiz(tmp_path, track="course")
    try:
        assert wait_for(lambda: b"Pick b." in b"".join(output)), b"".join(output)[-2000:]
        press(fd, output, b"2", "•".encode())
        press(fd, output, b"\r", b"How sure are you")
        os.write(fd, b"3")
        assert wait_for(lambda: _answered(progress, "q-single"))
        press(fd, output, b"\r", b"Pick a and c.")  # the next question
        os.write(fd, b"1")  # tick the first answer
        press(fd, output, b"\r", b"How sure are you")
    finally:
        stop(pid, fd)
    saved = read_progress(progress)
    assert saved.questions["test-pack"]["q-single"].last_confidence == 3
    assert "q-multiple" not in saved.questions["test-pack"]  # asked how sure: nothing checked yet
    assert saved.packs["test-pack"].attempts[-1].answered == 1


def test_killed_after_an_undo_the_answer_stays_taken_back(tmp_path):
    content, progress, pid, fd, output = start_quiz(tmp_path)
    try:
        assert wait_for(lambda: b"Pick b." in b"".join(output)), b"".join(output)[-2000:]
        press(fd, output, b"1", "•".encode())
        os.write(fd, b"\r")
        assert wait_for(lambda: _answered(progress, "q-single"))
        press(fd, output, b"u", b"taken back")
        assert wait_for(lambda: not _answered(progress, "q-single"))
    finally:
        stop(pid, fd)
    with ProgressStore.open(progress) as store:  # the answer log and the summary agree
        assert not store.progress.questions.get("test-pack")
        assert store.answers(pack="test-pack") == []
        assert store.progress.packs["test-pack"].attempts[-1].answered == 0


def test_killed_after_i_was_right_the_answer_counts_right(tmp_path):
    content, progress, pid, fd, output = start_quiz(tmp_path)
    try:
        assert wait_for(lambda: b"Pick b." in b"".join(output)), b"".join(output)[-2000:]
        for _ in range(5):  # skip to the typed answer
            os.write(fd, b"k")
            time.sleep(0.3)
        assert wait_for(lambda: b"Name the process." in b"".join(output)), b"".join(output)[-2000:]
        os.write(fd, b"new vessels\r")
        assert wait_for(lambda: _answered(progress, "q-short"))
        press(fd, output, b"i", b"Counted as right")

        def overruled() -> bool:
            try:
                return read_progress(progress).questions["test-pack"]["q-short"].last_correct is True
            except Exception:  # noqa: BLE001 - being written
                return False

        assert wait_for(overruled)
    finally:
        stop(pid, fd)
    with ProgressStore.open(progress) as store:
        [answer] = store.answers(pack="test-pack")
        assert answer.correct and answer.overruled
        record = store.progress.questions["test-pack"]["q-short"]
        assert (record.seen, record.correct, record.last_correct) == (1, 1, True)


KILLED_BEFORE_THE_SAVE = """
import os, signal, sys, time
from learnmeta.progress.store import ProgressStore

def killed(self):
    # The save that comes just after the frame with the feedback: the verdict is drawn (given a
    # moment to reach the terminal), and the app is killed before any of it.
    if self.save_waiting:
        time.sleep(0.5)
        os.kill(os.getpid(), signal.SIGKILL)
    return True

ProgressStore.save_pending = killed
from learnmeta.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_killed_with_the_verdict_on_screen_before_the_save_after_it_loses_nothing(tmp_path, make_app):
    """The answer's line is written to the log before the verdict is drawn; its fsync and the
    summary's save come just after that frame. Killed in between, the answer is in the log, and
    the next start counts it in the summary, once."""
    from learnmeta.progress.answerlog import log_path, read_log

    content, progress, pid, fd, output = start_quiz(tmp_path, code=KILLED_BEFORE_THE_SAVE)
    status = None
    try:
        assert wait_for(lambda: b"Pick b." in b"".join(output)), b"".join(output)[-2000:]
        press(fd, output, b"2", "•".encode())
        drawn = len(b"".join(output))
        os.write(fd, b"\r")
        end = time.monotonic() + 60
        while status is None and time.monotonic() < end:
            done, code = os.waitpid(pid, os.WNOHANG)
            status = code if done else None
            time.sleep(0.05)
    finally:
        if status is None:  # it never came to the save after the feedback
            stop(pid, fd)
        else:
            os.close(fd)
    assert status is not None, b"".join(output)[-2000:]
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    assert "✓ Right".encode() in b"".join(output)[drawn:]  # the verdict was on screen
    saved = read_progress(progress)
    assert "q-single" not in saved.questions.get("test-pack", {})  # killed before the summary's save
    [logged] = read_log(log_path(progress)).answers()
    assert (logged.question, logged.correct) == ("q-single", True)

    for _ in range(2):  # caught up at the next start, once
        with ProgressStore.open(progress) as store:
            record = store.progress.questions["test-pack"]["q-single"]
            assert (record.seen, record.correct, record.last_correct) == (1, 1, True)
            assert store.progress.packs["test-pack"].attempts[-1].answered == 1
            assert [a.question for a in store.answers(pack="test-pack")] == ["q-single"]
    app = make_app(progress=progress, content=[content], start=("quiz", "test-pack"))
    text = reopened_text(app)
    assert "You answered 1 of 6 questions last time" in text
