"""Killing learnmeta in the middle of saving never loses a saved answer or breaks the file.

A child process (forked from this one, so it starts in a millisecond with everything imported)
answers questions in a loop. After each ``record_answer`` returns (the save is done), it reports
the answer on a pipe: that answer is confirmed. The test kills the child with SIGKILL at a random
moment, 200 times. After every kill the progress file must load cleanly (no recovery needed), and
hold every confirmed answer; at most the one save in flight may or may not have landed.
"""

from __future__ import annotations

import os
import random
import signal
import sys
import time

import pytest

from learnmeta.progress import ProgressStore, read_progress
from learnmeta.progress import safe_io

KILLS = 200
QUESTIONS = 40

pytestmark = pytest.mark.skipif(not hasattr(os, "fork") or sys.platform == "win32", reason="needs fork and SIGKILL")


def _child(path, write_fd: int, start: int) -> None:
    """Answer questions for ever, reporting each one once it is saved."""
    store = ProgressStore.open(path)
    if store.read_only:
        os.write(write_fd, b"read-only\n")
        return
    n = start
    while True:
        qid = f"q{n % QUESTIONS}"
        store.record_answer("pack-a", "1.0.0", qid, lesson="lesson-a", section="intro",
                            response=f"answer {n}", correct=n % 3 != 0, hints_used=n % 2)
        if store.save_error:
            os.write(write_fd, f"error {store.save_error}\n".encode())
            return
        seen = store.progress.questions["pack-a"][qid].seen
        os.write(write_fd, f"{qid} {seen}\n".encode())
        if n % 7 == 0:
            store.record_page("lesson-a", f"page-{n % 5}", 5)
        n += 1


def _run_and_kill(path, delay: float, start: int) -> list[str]:
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never return into pytest
        try:
            os.close(read_fd)
            _child(path, write_fd, start)
        finally:
            os._exit(0)
    os.close(write_fd)
    time.sleep(delay)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    chunks = []
    while True:
        chunk = os.read(read_fd, 65536)
        if not chunk:
            break
        chunks.append(chunk)
    os.close(read_fd)
    return b"".join(chunks).decode().splitlines()


def test_sigkill_at_random_moments_never_loses_a_saved_answer(tmp_path, monkeypatch):
    from learnmeta.progress import scheduling

    scheduling.scheduler()  # imported once here, so each child starts saving at once
    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path / "home"))
    path = tmp_path / "progress.toml"
    rng = random.Random(20261124)
    confirmed: dict[str, int] = {}
    answers = 0
    in_flight_landed = 0
    killed_mid_save = 0
    for kill in range(KILLS):
        lines = _run_and_kill(path, rng.uniform(0.0, 0.06), start=answers)
        for line in lines:
            assert not line.startswith(("error", "read-only")), line
            qid, seen = line.split()
            confirmed[qid] = int(seen)
        answers += len(lines)

        if list(tmp_path.glob(f".{path.name}.*.tmp")):
            killed_mid_save += 1  # a save's temp file was left: the kill hit a save
        store = ProgressStore.open(path)  # also cleans the temp file a kill may leave
        try:
            assert store.notices == [], f"kill {kill}: {store.notices}"
            assert not store.read_only
            on_disk = store.progress.questions.get("pack-a", {})
            for qid, seen in confirmed.items():
                assert qid in on_disk, f"kill {kill}: confirmed answer to {qid} lost"
                assert seen <= on_disk[qid].seen <= seen + 1, f"kill {kill}: {qid}"
                if on_disk[qid].seen == seen + 1:
                    in_flight_landed += 1
                    confirmed[qid] = seen + 1  # the save was complete; the report was cut off
            assert sum(q.seen for q in on_disk.values()) in (answers, answers + 1)
            answers = sum(q.seen for q in on_disk.values())
        finally:
            store.close()
        backup = safe_io.backup_path(path)
        if backup.exists():
            read_progress(backup)  # the previous good copy always loads too
        assert list(tmp_path.glob(".*.tmp")) == []
        assert list(tmp_path.glob("*broken*")) == []
    print(f"{KILLS} kills, {answers} answers saved, {killed_mid_save} kills during a save, "
          f"{in_flight_landed} saves complete but not yet reported")
    assert answers > KILLS  # the children really were saving, many times over
    assert killed_mid_save >= KILLS // 10  # and many kills landed in the middle of a save
