"""Killing learnmeta in the middle of saving never loses a saved answer or breaks the file.

A child process (forked from this one, so it starts in a millisecond with everything imported)
answers questions in a loop. After each ``record_answer`` returns (the save is done), it reports
the answer on a pipe: that answer is confirmed. The test kills the child with SIGKILL at a random
moment after it has confirmed 0 to 2 answers (a count, so a loaded machine changes nothing), 200
times. After every kill the progress file must load cleanly (no recovery needed), and hold every
confirmed answer, both in the question's counts and as a record of the answer log (every answer,
in order, with nothing missing or doubled); at most the one answer in flight may or may not have
landed, and if it reached the log it is in the counts too. The file starts with ``SEEDED``
answers already saved.
"""

from __future__ import annotations

import os
import random
import signal
import sys

import pytest

from kill_harness import fork_and_kill
from learnmeta.progress import ProgressStore, read_progress
from learnmeta import files

KILLS = 200
QUESTIONS = 40
SEEDED = 250

pytestmark = pytest.mark.skipif(not hasattr(os, "fork") or sys.platform == "win32", reason="needs fork and SIGKILL")


def _answer(store, n: int) -> str:
    qid = f"q{n % QUESTIONS}"
    store.record_answer("pack-a", "1.0.0", qid, lesson="lesson-a", section="intro",
                        response=f"answer {n}", correct=n % 3 != 0, hints_used=n % 2)
    return qid


def _seed(path) -> None:
    """``SEEDED`` answers, saved once (saving after each would only make the test slow)."""
    store = ProgressStore.open(path)
    real_save, store._save = store._save, lambda *args: True
    for n in range(SEEDED):
        _answer(store, n)
    store._save = real_save
    assert store.save(), store.save_error
    store.close()


def _child(path, write_fd: int, start: int) -> None:
    """Answer questions for ever, reporting each one once it is saved."""
    store = ProgressStore.open(path)
    if store.read_only:
        os.write(write_fd, b"read-only\n")
        return
    os.write(write_fd, b"ready\n")  # opened: the kill's random moment starts now
    n = start
    while True:
        qid = _answer(store, n)
        if store.save_error:
            os.write(write_fd, f"error {store.save_error}\n".encode())
            return
        seen = store.progress.questions["pack-a"][qid].seen
        os.write(write_fd, f"{qid} {seen} {n}\n".encode())
        if n % 7 == 0:
            store.record_page("lesson-a", f"page-{n % 5}", 5)
        n += 1


def test_sigkill_at_random_moments_never_loses_a_saved_answer(tmp_path, monkeypatch):
    from learnmeta.progress import scheduling

    scheduling.scheduler()  # imported once here, so each child starts saving at once
    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path / "home"))
    path = tmp_path / "progress.toml"
    rng = random.Random(20261124)
    _seed(path)
    confirmed = {qid: record.seen for qid, record in read_progress(path).questions["pack-a"].items()}
    confirmed_numbers: list[int] = list(range(SEEDED))  # every answer confirmed, by its number n
    answers = SEEDED
    in_flight_landed = 0
    killed_mid_save = 0
    for kill in range(KILLS):
        lines = fork_and_kill(lambda fd: _child(path, fd, answers), rng.uniform(0.0, 0.06),
                              after=rng.randrange(3))
        for line in lines:
            assert not line.startswith(("error", "read-only")), line
            qid, seen, number = line.split()
            confirmed[qid] = int(seen)
            confirmed_numbers.append(int(number))
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
            # the answer log: exactly the answers counted, in order, each as it was given
            history = store.answers()
            assert len(history) == answers, f"kill {kill}"
            numbers = [int(entry.response.removeprefix("answer ")) for entry in history]
            assert numbers == list(range(answers)), f"kill {kill}: the log has gaps"
            for entry, n in zip(history, numbers):
                assert (entry.question, entry.correct, entry.hints) == (f"q{n % QUESTIONS}", n % 3 != 0, n % 2)
            kept = set(numbers)
            lost = [n for n in confirmed_numbers if n not in kept]
            assert lost == [], f"kill {kill}: confirmed answers {lost[:5]} missing from the log"
        finally:
            store.close()
        backup = files.backup_path(path)
        if backup.exists():
            read_progress(backup)  # the previous good copy always loads too
        assert list(tmp_path.glob(".*.tmp")) == []
        assert list(tmp_path.glob("*broken*")) == []
    print(f"{KILLS} kills, {answers} answers saved, {killed_mid_save} kills during a save, "
          f"{in_flight_landed} saves complete but not yet reported")
    assert answers - SEEDED > KILLS  # the children really were saving, many times over
    assert killed_mid_save >= KILLS // 10  # and many kills landed in the middle of a save


def test_a_kill_between_the_log_and_the_summary_loses_no_answer(tmp_path, monkeypatch):
    """The answer is in the log (appended and fsynced), the app is killed before the summary is
    saved: the next start applies it, once."""
    from learnmeta.progress.answerlog import log_path, read_log
    from learnmeta.progress.writing import ProgressWriter

    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path / "home"))
    path = tmp_path / "progress.toml"
    _seed(path)
    before = read_progress(path).questions["pack-a"]["q0"].seen
    pid = os.fork()
    if pid == 0:
        try:
            store = ProgressStore.open(path)

            def killed(self, data):
                os.kill(os.getpid(), signal.SIGKILL)

            ProgressWriter.write = killed
            store.record_answer("pack-a", "1.0.0", "q0", lesson="lesson-a", section="intro",
                                response="the last answer", correct=True, hints_used=0)
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    assert read_progress(path).questions["pack-a"]["q0"].seen == before  # the summary lags the log
    assert read_log(log_path(path)).answers()[-1].response == "the last answer"
    for _ in range(2):  # applied at the next start, and only once
        store = ProgressStore.open(path)
        try:
            assert store.notices == []
            record = store.progress.questions["pack-a"]["q0"]
            assert (record.seen, record.last_answer) == (before + 1, "the last answer")
        finally:
            store.close()
    assert read_progress(path).questions["pack-a"]["q0"].seen == before + 1


def test_a_kill_with_two_answers_written_and_their_summary_not_yet_saved_loses_neither(tmp_path, monkeypatch):
    """The quiz writes an answer's line before its feedback and saves the summary just after it
    (``saving_later``); two quick answers, both lines written and the summary of neither saved,
    then a kill: the next start applies both, once each, whatever else the log holds before."""
    from learnmeta.progress.answerlog import log_path, read_log

    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path / "home"))
    path = tmp_path / "progress.toml"
    _seed(path)
    before = read_progress(path).questions["pack-a"]
    seen = {qid: before[qid].seen for qid in ("q1", "q2")}
    pid = os.fork()
    if pid == 0:
        try:
            store = ProgressStore.open(path)
            for qid in ("q1", "q2"):
                with store.saving_later():
                    store.record_answer("pack-a", "1.0.0", qid, lesson="lesson-a", section="intro",
                                        response=f"quick {qid}", correct=True, hints_used=0)
            os.kill(os.getpid(), signal.SIGKILL)  # before save_pending
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    after_kill = read_progress(path).questions["pack-a"]
    assert {qid: after_kill[qid].seen for qid in seen} == seen  # the summary lags by both
    assert [a.response for a in read_log(log_path(path)).answers()][-2:] == ["quick q1", "quick q2"]
    for _ in range(2):  # applied at the next start, and only once
        with ProgressStore.open(path) as store:
            for qid in seen:
                record = store.progress.questions["pack-a"][qid]
                assert (record.seen, record.last_answer) == (seen[qid] + 1, f"quick {qid}")
    assert [a.response for a in read_log(log_path(path)).answers()].count("quick q1") == 1
