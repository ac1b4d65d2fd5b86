"""Killed in the middle of a quiz: the answers given are in the file, and the quiz carries on.

Also killed while asked how sure (nothing of that answer is saved: it is saved when checked),
just after an undo (the answer stays taken back) and just after "I was right" (it counts right).

The real program runs in a pseudo-terminal (as a learner would start it), answers one question
from the keyboard, and is killed with SIGKILL. The progress file must hold that answer; opened
again, the quiz starts at question 2 and says so.
"""

from __future__ import annotations

import fcntl
import os
import signal
import struct
import sys
import termios
import threading
import time
from pathlib import Path

import pytest

from factories import pack_data, write_lesson, write_pack
from learnmeta.progress import ProgressStore, read_progress

pytestmark = pytest.mark.skipif(
    sys.platform == "win32" or not hasattr(os, "fork"), reason="needs a pseudo-terminal and SIGKILL"
)

REPO = Path(__file__).resolve().parent.parent


def _wait_for(condition, timeout: float = 120.0) -> bool:
    """Poll until ``condition()``; the timeout only bounds a run that would hang."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.05)
    return False


def _answered(progress: Path, question_id: str) -> bool:
    try:
        return question_id in read_progress(progress).questions.get("test-pack", {})
    except Exception:  # noqa: BLE001 - not written yet
        return False


def _run_in_terminal(args: list[str], env: dict, code: str | None = None) -> tuple[int, int, list[bytes]]:
    """Start ``python -m learnmeta ARGS`` (or ``python -c CODE ARGS``) on a new 80x24
    pseudo-terminal; drain what it prints."""
    import pty

    pid, fd = pty.fork()
    if pid == 0:  # the child: become the program
        os.chdir(REPO)
        start = ["-c", code] if code is not None else ["-m", "learnmeta"]
        os.execvpe(sys.executable, [sys.executable, *start, *args], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    output: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                data = os.read(fd, 65536)
            except OSError:
                return
            if not data:
                return
            output.append(data)

    threading.Thread(target=drain, daemon=True).start()
    return pid, fd, output


def _install_pack(home: Path) -> None:
    """The test pack in the learner's packs folder (a pack file elsewhere is only a preview, which
    saves nothing), its questions pointing at the first built-in lesson's first page."""
    from learnmeta.content.library import load_library

    lesson = load_library(user_packs=False).lessons[0]
    data = pack_data()
    data["pack"]["lessons"] = [lesson.id]
    for question in data["questions"]:
        question["lesson"], question["section"] = lesson.id, lesson.pages[0].id
    (home / "packs").mkdir(parents=True)
    write_pack(home / "packs", data)


def test_killed_mid_quiz_keeps_the_answer_and_the_quiz_carries_on(tmp_path, make_app):
    content = tmp_path / "quiz-content"
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
    pid, fd, output = _run_in_terminal(["--progress", str(progress), "quiz", "test-pack"], env)
    try:
        assert _wait_for(lambda: b"Pick b." in b"".join(output)), b"".join(output)[-2000:]
        drawn = len(b"".join(output))
        os.write(fd, b"2")
        # choice b is drawn selected, (•), before Enter checks it
        assert _wait_for(lambda: "•".encode() in b"".join(output)[drawn:]), b"".join(output)[-2000:]
        os.write(fd, b"\r")
        assert _wait_for(lambda: _answered(progress, "q-single"))
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)

    saved = read_progress(progress)
    assert saved.questions["test-pack"]["q-single"].last_correct is True
    attempt = saved.packs["test-pack"].attempts[-1]
    assert attempt.answered == 1 and attempt.finished is None

    app = make_app(progress=progress, content=[content], start=("quiz", "test-pack"))

    async def reopen() -> str:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            lines = [strip.text for strip in app.screen._compositor.render_strips()]
            return " ".join(" ".join(lines).split())

    import asyncio

    text = asyncio.run(reopen())
    assert "You answered 1 of 6 questions last time" in text
    assert "Question 2 of 6" in text and "Pick a and c." in text


def _start(tmp_path, code: str | None = None, **settings):
    content = tmp_path / "quiz-content"
    content.mkdir()
    write_lesson(content)
    write_pack(content)
    _install_pack(tmp_path / "home")
    progress = tmp_path / "progress.toml"
    store = ProgressStore.open(progress)
    store.update_settings(welcomed=True, **settings)
    store.close()
    env = {**os.environ, "LEARNMETA_HOME": str(tmp_path / "home"), "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    env.pop("TEXTUAL_THEME", None)
    pid, fd, output = _run_in_terminal(["--progress", str(progress), "quiz", "test-pack"], env, code)
    return content, progress, pid, fd, output


def _stop(pid, fd) -> None:
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    os.close(fd)


def _press(fd, output, keys: bytes, then: bytes) -> None:
    """Type ``keys``, then wait until the screen draws ``then`` (after the keys)."""
    drawn = len(b"".join(output))
    os.write(fd, keys)
    assert _wait_for(lambda: then in b"".join(output)[drawn:]), b"".join(output)[-2000:]


def test_killed_while_asked_how_sure_keeps_the_answers_before_and_saves_nothing_half_way(tmp_path, make_app):
    content, progress, pid, fd, output = _start(tmp_path, track="course")
    try:
        assert _wait_for(lambda: b"Pick b." in b"".join(output)), b"".join(output)[-2000:]
        _press(fd, output, b"2", "•".encode())
        _press(fd, output, b"\r", b"How sure are you")
        os.write(fd, b"3")
        assert _wait_for(lambda: _answered(progress, "q-single"))
        _press(fd, output, b"\r", b"Pick a and c.")  # the next question
        os.write(fd, b"1")  # tick the first answer
        _press(fd, output, b"\r", b"How sure are you")
    finally:
        _stop(pid, fd)
    saved = read_progress(progress)
    assert saved.questions["test-pack"]["q-single"].last_confidence == 3
    assert "q-multiple" not in saved.questions["test-pack"]  # asked how sure: nothing checked yet
    assert saved.packs["test-pack"].attempts[-1].answered == 1


def test_killed_after_an_undo_the_answer_stays_taken_back(tmp_path):
    content, progress, pid, fd, output = _start(tmp_path)
    try:
        assert _wait_for(lambda: b"Pick b." in b"".join(output)), b"".join(output)[-2000:]
        _press(fd, output, b"1", "•".encode())
        os.write(fd, b"\r")
        assert _wait_for(lambda: _answered(progress, "q-single"))
        _press(fd, output, b"u", b"taken back")
        assert _wait_for(lambda: not _answered(progress, "q-single"))
    finally:
        _stop(pid, fd)
    with ProgressStore.open(progress) as store:  # the answer log and the summary agree
        assert not store.progress.questions.get("test-pack")
        assert store.answers(pack="test-pack") == []
        assert store.progress.packs["test-pack"].attempts[-1].answered == 0


def test_killed_after_i_was_right_the_answer_counts_right(tmp_path):
    content, progress, pid, fd, output = _start(tmp_path)
    try:
        assert _wait_for(lambda: b"Pick b." in b"".join(output)), b"".join(output)[-2000:]
        for _ in range(5):  # skip to the typed answer
            os.write(fd, b"k")
            time.sleep(0.3)
        assert _wait_for(lambda: b"Name the process." in b"".join(output)), b"".join(output)[-2000:]
        os.write(fd, b"new vessels\r")
        assert _wait_for(lambda: _answered(progress, "q-short"))
        _press(fd, output, b"i", b"Counted as right")

        def overruled() -> bool:
            try:
                return read_progress(progress).questions["test-pack"]["q-short"].last_correct is True
            except Exception:  # noqa: BLE001 - being written
                return False

        assert _wait_for(overruled)
    finally:
        _stop(pid, fd)
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
    import asyncio

    from learnmeta.progress.answerlog import log_path, read_log

    content, progress, pid, fd, output = _start(tmp_path, code=KILLED_BEFORE_THE_SAVE)
    status = None
    try:
        assert _wait_for(lambda: b"Pick b." in b"".join(output)), b"".join(output)[-2000:]
        _press(fd, output, b"2", "•".encode())
        drawn = len(b"".join(output))
        os.write(fd, b"\r")
        end = time.monotonic() + 60
        while status is None and time.monotonic() < end:
            done, code = os.waitpid(pid, os.WNOHANG)
            status = code if done else None
            time.sleep(0.05)
    finally:
        if status is None:  # it never came to the save after the feedback
            _stop(pid, fd)
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

    async def reopen() -> str:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            lines = [strip.text for strip in app.screen._compositor.render_strips()]
            return " ".join(" ".join(lines).split())

    text = asyncio.run(reopen())
    assert "You answered 1 of 6 questions last time" in text
