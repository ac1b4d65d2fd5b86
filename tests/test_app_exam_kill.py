"""Killed in the middle of an exam: every answer given is in the file (none counted or checked
yet), and the exam carries on with them, its questions and its clock.

The real program runs in a pseudo-terminal (``learnmeta quiz test-pack --exam``), answers two
questions from the keyboard, and is killed with SIGKILL.
"""

from __future__ import annotations

import os
import sys

import pytest

from kill_harness import reopened_text, start_quiz, stop, wait_for
from learnmeta.progress import read_progress

pytestmark = pytest.mark.skipif(
    sys.platform == "win32" or not hasattr(os, "fork"), reason="needs a pseudo-terminal and SIGKILL"
)


def _kept(progress, count: int) -> bool:
    try:
        attempts = read_progress(progress).packs["test-pack"].attempts
        return bool(attempts) and len(attempts[-1].exam_answers or {}) >= count
    except Exception:  # noqa: BLE001 - not written yet
        return False


def test_killed_mid_exam_keeps_every_answer_and_the_exam_carries_on(tmp_path, make_app):
    content, progress, pid, fd, output = start_quiz(tmp_path, "--exam", content_name="exam-content")
    try:
        assert wait_for(lambda: b"Pick b." in b"".join(output)), b"".join(output)[-2000:]
        os.write(fd, b"1")  # kept at once: no Enter needed
        assert wait_for(lambda: _kept(progress, 1))
        drawn = len(b"".join(output))
        os.write(fd, b"n")
        assert wait_for(lambda: b"Pick a and c" in b"".join(output)[drawn:]), b"".join(output)[-2000:]
        os.write(fd, b"3")
        assert wait_for(lambda: _kept(progress, 2))
    finally:
        stop(pid, fd)

    saved = read_progress(progress)
    attempt = saved.packs["test-pack"].attempts[-1]
    assert attempt.exam and attempt.finished is None and attempt.answered == 0
    assert attempt.exam_answers == {"q-single": "a", "q-multiple": ["c"]}
    assert not saved.questions.get("test-pack")  # nothing checked or counted before submitting
    assert b"Not quite" not in b"".join(output) and "✗".encode() not in b"".join(output)

    app = make_app(progress=progress, content=[content], start=("quiz", "test-pack", "exam"))
    text = " ".join(reopened_text(app).replace("█", " ").split())
    assert "Welcome back. Your exam carries on where you left it: 2 of 6 questions answered." in text
    assert "Question 3 of 6 (not answered)" in text


def _sure_kept(progress) -> bool:
    try:
        attempts = read_progress(progress).packs["test-pack"].attempts
        return bool(attempts) and (attempts[-1].exam_confidence or {}).get("q-single") == 3
    except Exception:  # noqa: BLE001 - not written yet
        return False


def test_killed_mid_exam_keeps_how_sure_the_learner_said_they_were(tmp_path, make_app):
    """How sure, said mid-exam (asking is on), is in the file at once: a kill keeps it, and the
    exam carries on showing it with its answer."""
    content, progress, pid, fd, output = start_quiz(tmp_path, "--exam", content_name="exam-content",
                                                    ask_confidence=True)
    try:
        assert wait_for(lambda: b"Pick b." in b"".join(output)), b"".join(output)[-2000:]
        os.write(fd, b"1")
        assert wait_for(lambda: _kept(progress, 1))
        drawn = len(b"".join(output))
        os.write(fd, b"\r")  # Enter: how sure?
        assert wait_for(lambda: b"How sure are you" in b"".join(output)[drawn:]), b"".join(output)[-2000:]
        os.write(fd, b"3")
        assert wait_for(lambda: _sure_kept(progress))
    finally:
        stop(pid, fd)

    attempt = read_progress(progress).packs["test-pack"].attempts[-1]
    assert attempt.exam_answers == {"q-single": "a"} and attempt.exam_confidence == {"q-single": 3}
    assert attempt.finished is None and attempt.answered == 0

    app = make_app(progress=progress, content=[content], start=("quiz", "test-pack", "exam"))
    text = " ".join(reopened_text(app, "p").replace("█", " ").split())
    assert "Question 1 of 6 (answered)" in text
    assert "Your answer is kept, and that you are sure of it." in text
