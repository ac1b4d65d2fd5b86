"""Run ``benchmarks/child.py`` in a pseudo-terminal of 80x24 and collect what it reports.

The app draws to a real terminal device (as it does for a learner), which this process reads and
throws away; the child's measurements come back on a separate pipe.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

CHILD = Path(__file__).resolve().parent / "child.py"
COLUMNS, LINES = 80, 24


class ChildFailed(RuntimeError):
    """The child exited without reporting, or took too long."""


def _drain(fd: int, stop: threading.Event, tail: bytearray) -> None:
    while not stop.is_set():
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                return
            if not chunk:
                return
            tail.extend(chunk)
            del tail[:-4000]


def run_child(mode: str, env: dict[str, str], timeout: float = 300.0, *,
              killed: bool = False) -> tuple[float, list[list[str]], int]:
    """Start the child; return (start time, its report lines split into words, peak RSS in KiB).

    The start time is this process's ``perf_counter()`` just before the child was started.
    ``killed``: the child is expected to end by SIGKILL (which is then no failure).
    """
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
    read_end, write_end = os.pipe()
    child_env = {**os.environ, **env, "LEARNMETA_BENCH_FD": str(write_end), "TERM": "xterm-256color",
                 "COLUMNS": str(COLUMNS), "LINES": str(LINES)}
    child_env.pop("TEXTUAL", None)  # no devtools
    # Let Python cache compiled bytecode, as it does for an installed package (pip compiles it),
    # even where this machine says not to: otherwise an editable install would compile
    # learnmeta afresh at every start, and the bare app's Textual would not be.
    child_env.pop("PYTHONDONTWRITEBYTECODE", None)
    stop = threading.Event()
    tail = bytearray()
    drainer = threading.Thread(target=_drain, args=(master, stop, tail), daemon=True)
    drainer.start()
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, str(CHILD), mode],
        stdin=slave, stdout=slave, stderr=slave, env=child_env, pass_fds=(write_end,),
        start_new_session=True,
    )
    os.close(slave)
    os.close(write_end)
    lines: list[list[str]] = []
    buffer = b""
    deadline = started + timeout
    try:
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                process.kill()
                raise ChildFailed(f"{mode}: no result within {timeout:.0f} s")
            ready, _, _ = select.select([read_end], [], [], min(left, 1.0))
            if not ready:
                continue
            chunk = os.read(read_end, 65536)
            if not chunk:
                break
            buffer += chunk
            *complete, buffer = buffer.split(b"\n")
            lines.extend(line.decode().split() for line in complete if line)
        try:
            _, status, usage = os.wait4(process.pid, 0)
        except ChildProcessError:
            status, usage = 0, None
        process.returncode = os.waitstatus_to_exitcode(status)
    finally:
        stop.set()
        drainer.join(timeout=2)
        os.close(read_end)
        os.close(master)
        if process.poll() is None:
            process.kill()
            process.wait()
    expected = -9 if killed else 0
    if process.returncode != expected or not lines:
        shown = bytes(tail).decode("utf-8", "replace")[-1500:]
        raise ChildFailed(f"{mode}: exit status {process.returncode}; the terminal showed:\n{shown}")
    peak_kib = usage.ru_maxrss if usage is not None else 0
    return started, lines, peak_kib
