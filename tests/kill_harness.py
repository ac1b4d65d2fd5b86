"""What the kill tests share: a child killed with SIGKILL at a chosen moment.

Two kinds:

* **A forked child on the store** (``test_progress_kill.py``, ``test_confidence_kill.py``):
  :func:`fork_and_kill` forks (so the child starts at once, with everything imported), lets it
  report on a pipe ("ready" once the store is open, then a line per step it has saved), kills it
  a moment after it has reported a number of steps, and returns what it reported.
* **The real program in a terminal** (``test_app_quiz_kill.py``, ``test_app_exam_kill.py``):
  :func:`start_quiz` runs ``learnmeta quiz test-pack`` on a pseudo-terminal for a learner who has
  the test pack in their packs folder; :func:`press` types and waits for the screen,
  :func:`stop` kills it, and :func:`reopened_text` is what the app shows when opened again.

The tests wait for what they check (:func:`wait_for`), never for a fixed time; the delay before a
kill is the test's chosen moment, not a wait.
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
from typing import Callable

from factories import pack_data, write_lesson, write_pack

REPO = Path(__file__).resolve().parent.parent


# ---------------------------------------------------------------------------------------------
# A forked child on the store
# ---------------------------------------------------------------------------------------------


def fork_and_kill(child: Callable[[int], None], delay: float, after: int) -> list[str]:
    """Fork a child that runs ``child(write_fd)``, reporting on the pipe a line "ready" first
    and then one line per step; once it has reported ``after`` steps, kill it with SIGKILL
    ``delay`` seconds later. Returns every line it reported but "ready".

    Counting steps, not only time, keeps a test the same on a loaded machine: however slow the
    saves, the children together make enough of them."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never return into pytest
        try:
            os.close(read_fd)
            child(write_fd)
        finally:
            os._exit(0)
    os.close(write_fd)
    chunks = []
    # wait until the child has opened the file and reported ``after`` steps
    while b"".join(chunks).count(b"\n") < 1 + after:
        chunk = os.read(read_fd, 65536)
        if not chunk:
            break
        chunks.append(chunk)
    time.sleep(delay)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    while True:
        chunk = os.read(read_fd, 65536)
        if not chunk:
            break
        chunks.append(chunk)
    os.close(read_fd)
    lines = b"".join(chunks).decode().splitlines()
    return [line for line in lines if line != "ready"]


# ---------------------------------------------------------------------------------------------
# The real program in a terminal
# ---------------------------------------------------------------------------------------------


def wait_for(condition, timeout: float = 120.0) -> bool:
    """Poll until ``condition()``; the timeout only bounds a run that would hang."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.05)
    return False


def run_in_terminal(args: list[str], env: dict, code: str | None = None) -> tuple[int, int, list[bytes]]:
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


def install_pack(home: Path) -> None:
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


def start_quiz(tmp_path: Path, *extra: str, code: str | None = None, content_name: str = "quiz-content",
               **settings) -> tuple[Path, Path, int, int, list[bytes]]:
    """``learnmeta --progress P quiz test-pack EXTRA`` in a terminal, for a learner already
    welcomed (with ``settings``) who has the test pack in their packs folder: (the content folder
    with the test lesson and pack, to open the app on again; the progress file; the program's
    pid; the terminal; what it has drawn so far)."""
    from learnmeta.progress import ProgressStore

    content = tmp_path / content_name
    content.mkdir()
    write_lesson(content)
    write_pack(content)
    install_pack(tmp_path / "home")
    progress = tmp_path / "progress.toml"
    store = ProgressStore.open(progress)
    store.update_settings(welcomed=True, **settings)
    store.close()
    env = {**os.environ, "LEARNMETA_HOME": str(tmp_path / "home"), "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    env.pop("TEXTUAL_THEME", None)
    pid, fd, output = run_in_terminal(["--progress", str(progress), "quiz", "test-pack", *extra], env, code)
    return content, progress, pid, fd, output


def stop(pid, fd) -> None:
    """Kill the program with SIGKILL, and close its terminal."""
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    os.close(fd)


def press(fd, output, keys: bytes, then: bytes) -> None:
    """Type ``keys``, then wait until the screen draws ``then`` (after the keys)."""
    drawn = len(b"".join(output))
    os.write(fd, keys)
    assert wait_for(lambda: then in b"".join(output)[drawn:]), b"".join(output)[-2000:]


def reopened_text(app, *keys: str) -> str:
    """What ``app`` (the app opened again on the same progress) shows at 80x24 once started,
    after ``keys``: the screen's text, its runs of white space made one space."""
    import asyncio

    async def reopen() -> str:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            for key in keys:
                await pilot.press(key)
                await pilot.pause()
            lines = [strip.text for strip in app.screen._compositor.render_strips()]
            return " ".join(" ".join(lines).split())

    return asyncio.run(reopen())
