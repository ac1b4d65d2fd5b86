"""Killed in the middle of an exam: every answer given is in the file (none counted or checked
yet), and the exam carries on with them, its questions and its clock.

The real program runs in a pseudo-terminal (``learnmeta quiz test-pack --exam``), answers two
questions from the keyboard, and is killed with SIGKILL.
"""

from __future__ import annotations

import os
import signal
import sys

import pytest

from factories import write_lesson, write_pack
from learnmeta.progress import ProgressStore, read_progress
from test_app_quiz_kill import _install_pack, _run_in_terminal, _wait_for

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
    content = tmp_path / "exam-content"
    content.mkdir()
    write_lesson(content)
    write_pack(content)
    _install_pack(tmp_path / "home")
    progress = tmp_path / "progress.toml"
    store = ProgressStore.open(progress)
    store.update_settings(welcomed=True)
    store.close()

    env = {**os.environ, "LEARNMETA_HOME": str(tmp_path / "home"), "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    env.pop("TEXTUAL_THEME", None)
    pid, fd, output = _run_in_terminal(["--progress", str(progress), "quiz", "test-pack", "--exam"], env)
    try:
        assert _wait_for(lambda: b"Pick b." in b"".join(output)), b"".join(output)[-2000:]
        os.write(fd, b"1")  # kept at once: no Enter needed
        assert _wait_for(lambda: _kept(progress, 1))
        drawn = len(b"".join(output))
        os.write(fd, b"n")
        assert _wait_for(lambda: b"Pick a and c" in b"".join(output)[drawn:]), b"".join(output)[-2000:]
        os.write(fd, b"3")
        assert _wait_for(lambda: _kept(progress, 2))
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)

    saved = read_progress(progress)
    attempt = saved.packs["test-pack"].attempts[-1]
    assert attempt.exam and attempt.finished is None and attempt.answered == 0
    assert attempt.exam_answers == {"q-single": "a", "q-multiple": ["c"]}
    assert not saved.questions.get("test-pack")  # nothing checked or counted before submitting
    assert b"Not quite" not in b"".join(output) and "✗".encode() not in b"".join(output)

    app = make_app(progress=progress, content=[content], start=("quiz", "test-pack", "exam"))

    async def reopen() -> str:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            lines = [strip.text for strip in app.screen._compositor.render_strips()]
            return " ".join(" ".join(lines).replace("█", " ").split())

    import asyncio

    text = asyncio.run(reopen())
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
    content = tmp_path / "exam-content"
    content.mkdir()
    write_lesson(content)
    write_pack(content)
    _install_pack(tmp_path / "home")
    progress = tmp_path / "progress.toml"
    store = ProgressStore.open(progress)
    store.update_settings(welcomed=True, ask_confidence=True)
    store.close()

    env = {**os.environ, "LEARNMETA_HOME": str(tmp_path / "home"), "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    env.pop("TEXTUAL_THEME", None)
    pid, fd, output = _run_in_terminal(["--progress", str(progress), "quiz", "test-pack", "--exam"], env)
    try:
        assert _wait_for(lambda: b"Pick b." in b"".join(output)), b"".join(output)[-2000:]
        os.write(fd, b"1")
        assert _wait_for(lambda: _kept(progress, 1))
        drawn = len(b"".join(output))
        os.write(fd, b"\r")  # Enter: how sure?
        assert _wait_for(lambda: b"How sure are you" in b"".join(output)[drawn:]), b"".join(output)[-2000:]
        os.write(fd, b"3")
        assert _wait_for(lambda: _sure_kept(progress))
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)

    attempt = read_progress(progress).packs["test-pack"].attempts[-1]
    assert attempt.exam_answers == {"q-single": "a"} and attempt.exam_confidence == {"q-single": 3}
    assert attempt.finished is None and attempt.answered == 0

    app = make_app(progress=progress, content=[content], start=("quiz", "test-pack", "exam"))

    async def reopen() -> str:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("p")
            await pilot.pause()
            lines = [strip.text for strip in app.screen._compositor.render_strips()]
            return " ".join(" ".join(lines).replace("█", " ").split())

    import asyncio

    text = asyncio.run(reopen())
    assert "Question 1 of 6 (answered)" in text
    assert "Your answer is kept, and that you are sure of it." in text
