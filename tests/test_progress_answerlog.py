"""The answer log beside the progress file: what each answer writes, how it is read back (a cut last
record, a bad line, undo and overrule), and that the summary never misses an answer the log holds.
No Textual here."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys

import pytest

from learnmeta import files
from learnmeta.progress import ProgressStore, read_progress
from learnmeta.progress import answerlog
from learnmeta.progress.answerlog import Mark, log_path, read_log, resolve
from learnmeta.progress.model import HistoryEntry

UTC = dt.timezone.utc
T0 = dt.datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


@pytest.fixture
def path(tmp_path, monkeypatch):
    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path / "home"))
    return tmp_path / "ann.toml"


def answer(store, qid, correct=True, *, minutes=0, hints=0, attempt=None, response="an answer", confidence=None):
    return store.record_answer("pack-a", "1.0.0", qid, lesson="lesson-a", section="intro", response=response,
                               correct=correct, hints_used=hints, attempt_id=attempt, confidence=confidence,
                               when=T0 + dt.timedelta(minutes=minutes))


def records(path):
    return [json.loads(line) for line in log_path(path).read_text(encoding="utf-8").splitlines()]


# --- what is written -----------------------------------------------------------------------------


def test_the_log_lies_beside_the_progress_file(tmp_path):
    assert log_path(tmp_path / "ann.toml") == tmp_path / "ann.answers.jsonl"
    assert log_path(tmp_path / "progress") == tmp_path / "progress.answers.jsonl"


def test_each_answer_is_one_json_line_with_its_id_and_every_field(path):
    with ProgressStore.open(path) as store:
        attempt = store.start_attempt("pack-a", "1.0.0")
        first = answer(store, "q1", False, hints=1, attempt=attempt, response='Liver "cancer"\n', confidence=40)
        second = answer(store, "q2", True, minutes=1)
        learner = store.settings.id
    lines = records(path)
    assert lines[0] == {"kind": "log", "format": 1, "learner": learner}
    assert lines[1] == {
        "kind": "answer", "id": first, "when": "2026-11-24T09:00:00+00:00", "pack": "pack-a", "version": "1.0.0",
        "question": "q1", "response": 'Liver "cancer"\n', "correct": False, "hints": 1, "attempt": attempt,
        "confidence": 40,
    }
    assert lines[2]["id"] == second and lines[2]["correct"] is True and "attempt" not in lines[2]
    assert len({first, second}) == 2 and len(first) == 36  # random UUIDs
    assert os.stat(log_path(path)).st_mode & 0o777 == 0o600


def test_the_summary_records_how_far_it_has_taken_in_the_log(path):
    with ProgressStore.open(path) as store:
        answer(store, "q1")
        last = answer(store, "q2")
    state = read_progress(path).answer_log
    assert state is not None and state.last == last and state.size == log_path(path).stat().st_size


def test_opening_reads_no_log_when_the_summary_is_up_to_date(path, monkeypatch):
    with ProgressStore.open(path) as store:
        answer(store, "q1")

    def no_reading(*args, **kwargs):
        raise AssertionError("the log was read at start-up")

    monkeypatch.setattr(answerlog, "read_log", no_reading)
    with ProgressStore.open(path) as store:
        assert store.progress.questions["pack-a"]["q1"].seen == 1 and store.notices == []


# --- reading: a cut last record, bad lines, limits ------------------------------------------------


def test_a_last_record_cut_short_is_dropped_and_the_next_answer_starts_a_new_line(path):
    with ProgressStore.open(path) as store:
        answer(store, "q1")
    log = log_path(path)
    whole = log.read_bytes()
    log.write_bytes(whole + b'{"kind":"answer","id":"cut-sh')  # a crash in the middle of an append
    read = read_log(log)
    assert [a.question for a in read.answers()] == ["q1"] and read.problems == [] and read.torn

    with ProgressStore.open(path) as store:
        assert store.notices == []
        answer(store, "q2", minutes=1)
        assert [a.question for a in store.answers()] == ["q1", "q2"]
        assert store.notices == []
    # The cut record is cut off before the append (it was never whole): the log reads cleanly,
    # every whole record kept byte for byte, and no read names a line as unreadable.
    data = log.read_bytes()
    assert data.startswith(whole) and b"cut-sh" not in data
    assert json.loads(data[len(whole):])["question"] == "q2"
    read = read_log(log)
    assert [a.question for a in read.answers()] == ["q1", "q2"]
    assert read.problems == [] and not read.torn
    with ProgressStore.open(path) as store:
        assert [a.question for a in store.answers()] == ["q1", "q2"] and store.notices == []


def test_a_stop_while_cutting_off_a_cut_record_loses_no_answer(path, monkeypatch):
    """Killed after the cut record is cut off and before the new answer is written (the write
    fails as a kill would stop it): every whole record is there, the answer stays queued and is
    written by the next save."""
    import os as real_os

    with ProgressStore.open(path) as store:
        answer(store, "q1")
    log = log_path(path)
    whole = log.read_bytes()
    log.write_bytes(whole + b'{"kind":"answer","id":"cut-sh')
    with ProgressStore.open(path) as store:
        write = real_os.write

        def killed(fd, data):
            raise OSError(5, "Input/output error")

        monkeypatch.setattr(real_os, "write", killed)
        try:
            answer(store, "q2", minutes=1)
        except OSError:
            pass
        monkeypatch.setattr(real_os, "write", write)
        assert log.read_bytes() == whole  # only the cut record went
        read = read_log(log)
        assert [a.question for a in read.answers()] == ["q1"] and read.problems == [] and not read.torn
        answer(store, "q3", minutes=2)
        assert [a.question for a in store.answers()] == ["q1", "q2", "q3"]
    read = read_log(log)
    assert [a.question for a in read.answers()] == ["q1", "q2", "q3"] and read.problems == []


def test_a_whole_last_record_without_its_line_end_is_kept_when_the_next_answer_is_written(path):
    with ProgressStore.open(path) as store:
        answer(store, "q1")
        answer(store, "q2", minutes=1)
    log = log_path(path)
    data = log.read_bytes()
    log.write_bytes(data.rstrip(b"\n"))  # an editor left off the last line end: a whole record
    with ProgressStore.open(path) as store:
        answer(store, "q3", minutes=2)
        assert [a.question for a in store.answers()] == ["q1", "q2", "q3"]
    assert log.read_bytes().startswith(data)
    read = read_log(log)
    assert [a.question for a in read.answers()] == ["q1", "q2", "q3"] and read.problems == []


BAD_LINES = {
    "not json": b"this is not json",
    "not a record": b"[1, 2, 3]",
    "a wrong type": b'{"kind":"answer","id":"x1","when":"2026-11-24T09:00:00+00:00","pack":"p","question":"q","correct":"yes"}',
    "a time without offset": b'{"kind":"answer","id":"x2","when":"2026-11-24T09:00:00","pack":"p","question":"q","correct":true}',
    "no id": b'{"kind":"answer","when":"2026-11-24T09:00:00+00:00","pack":"p","question":"q","correct":true}',
    "deep nesting": b'{"kind":"answer","x":' + b"[" * 5000 + b"]" * 5000 + b"}",
    "bad utf-8": b'{"kind":"undo","id":"\xff\xfe","answer":"a"}',
    "a mark without its answer": b'{"kind":"undo","id":"m1"}',
}


@pytest.mark.parametrize("bulk", [False, True], ids=["few lines", "many lines"])
@pytest.mark.parametrize("kind", sorted(BAD_LINES))
def test_a_bad_line_in_the_middle_is_skipped_with_a_notice_and_never_rewritten(path, kind, bulk, monkeypatch):
    if bulk:  # a long log is checked by pydantic's validator: the same lines are refused
        monkeypatch.setattr(answerlog, "BULK_LINES", 0)
    with ProgressStore.open(path) as store:
        answer(store, "q1")
    log = log_path(path)
    log.write_bytes(log.read_bytes() + BAD_LINES[kind] + b"\n")
    with ProgressStore.open(path) as store:
        answer(store, "q2", minutes=1)
        before = log.read_bytes()
        assert [a.question for a in store.answers()] == ["q1", "q2"]
        assert len(store.notices) == 1 and "line 3, was skipped" in store.notices[0]
    assert log.read_bytes() == before


def test_a_line_too_long_is_skipped_unread(path):
    with ProgressStore.open(path) as store:
        answer(store, "q1")
    log = log_path(path)
    log.write_bytes(log.read_bytes() + b'{"kind":"x","pad":"' + b"x" * answerlog.MAX_LINE_BYTES + b'"}\n')
    read = read_log(log)
    assert len(read.answers()) == 1 and "line 3, was skipped: it is longer than 64 KB" in read.problems[0]


def test_records_of_a_kind_this_version_does_not_know_are_skipped_quietly(tmp_path):
    log = tmp_path / "a.answers.jsonl"
    log.write_bytes(b'{"kind":"log","format":1}\n{"kind":"bookmark","id":"b1","page":"x"}\n')
    read = read_log(log)
    assert read.entries == [] and read.problems == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="this platform has no FIFOs")
def test_only_a_regular_file_is_read_as_a_log(tmp_path):
    fifo = tmp_path / "a.answers.jsonl"
    os.mkfifo(fifo)
    with pytest.raises(files.FileProblem) as caught:
        read_log(fifo)
    assert caught.value.code == "not-regular"
    link = tmp_path / "b.answers.jsonl"
    link.symlink_to("/dev/zero")
    with pytest.raises(files.FileProblem):
        read_log(link)


def test_a_link_where_the_log_goes_is_kept_aside_and_a_new_log_started(path, tmp_path):
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_bytes(b"not learnmeta's\n")
    log_path(path).symlink_to(elsewhere)
    with ProgressStore.open(path) as store:
        answer(store, "q1")
        assert store.save_error is None
        assert any("kept, unchanged" in notice for notice in store.notices)
    assert elsewhere.read_bytes() == b"not learnmeta's\n"
    assert not log_path(path).is_symlink() and [a.question for a in read_log(log_path(path)).answers()] == ["q1"]


# --- undo and overrule ----------------------------------------------------------------------------


def _entry(n, correct=False, question="q1"):
    return HistoryEntry(id=f"a{n}", when=T0 + dt.timedelta(minutes=n), pack="p", question=question, correct=correct)


def test_resolve_drops_an_undone_answer_and_counts_an_overruled_one_right():
    entries = [_entry(1), _entry(2), _entry(3, True),
               Mark("overrule", "m1", "a1"), Mark("undo", "m2", "a2"), Mark("overrule", "m3", "a3"),
               Mark("undo", "m4", "nothing"), Mark("overrule", "m5", "a2")]
    answers = resolve(entries)
    assert [(a.id, a.correct, a.overruled) for a in answers] == [("a1", True, True), ("a3", True, None)]
    assert resolve([*entries, Mark("undo", "m6", "a1")])[0].id == "a3"  # overruled, then taken back


def test_undo_takes_an_answer_back_as_if_never_given(path):
    with ProgressStore.open(path) as store:
        attempt = store.start_attempt("pack-a", "1.0.0")
        answer(store, "q1", False, attempt=attempt)
        before = store.progress.questions["pack-a"]["q1"]
        before = (before.seen, before.correct, before.last_answer, before.review)
        activity = store.progress.last_activity
        second = answer(store, "q1", True, minutes=1, hints=2, attempt=attempt, response="second")
        assert store.undo_answer(second)
        assert store.progress.last_activity == activity  # "continue" as before the answer
        assert not store.undo_answer(second) and not store.undo_answer("no-such-answer")
        record = store.progress.questions["pack-a"]["q1"]
        assert (record.seen, record.correct, record.last_answer, record.review) == before
        assert record.hints_used == 0 and store.progress.packs["pack-a"].attempts[-1].answered == 1
        assert [a.response for a in store.answers()] == ["an answer"]
        only = answer(store, "q2")
        assert store.undo_answer(only)
        assert "q2" not in store.progress.questions["pack-a"]  # never answered
    assert records(path)[-1]["kind"] == "undo" and records(path)[-1]["answer"] == only
    saved = read_progress(path)
    assert saved.questions["pack-a"]["q1"].seen == 1 and "q2" not in saved.questions["pack-a"]


def test_overrule_counts_the_answer_right_and_marks_it(path):
    with ProgressStore.open(path) as store:
        wrong = answer(store, "q1", False)
        assert store.overrule_answer(wrong)
        assert not store.overrule_answer(wrong)  # it already counts as right
        record = store.progress.questions["pack-a"]["q1"]
        assert (record.seen, record.correct, record.last_correct) == (1, 1, True)
        assert [(a.correct, a.overruled) for a in store.answers()] == [(True, True)]
        right = answer(store, "q2", True)
        assert not store.overrule_answer(right)
    assert records(path)[-2]["kind"] == "overrule"
    assert read_progress(path).questions["pack-a"]["q1"].correct == 1


@pytest.mark.parametrize("reading", ["kept", "streamed"])
def test_undo_and_overrule_work_on_an_answer_from_an_earlier_session(path, monkeypatch, reading):
    if reading == "streamed":  # the log read as a long one is: gone through, not kept
        monkeypatch.setattr(answerlog, "STREAM_ABOVE", -1)
    with ProgressStore.open(path) as store:
        first = answer(store, "q1", False)
        second = answer(store, "q1", False, minutes=1, response="second")
    with ProgressStore.open(path) as store:
        assert store.overrule_answer(second)
        record = store.progress.questions["pack-a"]["q1"]
        assert (record.seen, record.correct, record.last_correct) == (2, 1, True)
        assert store.undo_answer(second)
        record = store.progress.questions["pack-a"]["q1"]
        assert (record.seen, record.correct, record.last_correct, record.last_answer) == (1, 0, False, "an answer")
        assert [a.id for a in store.answers()] == [first]


# --- the summary catches up with the log -----------------------------------------------------------


def test_an_answer_logged_but_not_in_the_summary_is_applied_at_the_next_start(path, monkeypatch):
    from learnmeta.progress.writing import ProgressWriter

    with ProgressStore.open(path) as store:
        answer(store, "q1")

        def stopped(self, data):  # the app stops after the log's append, before the summary's save
            raise OSError(5, "stopped")

        monkeypatch.setattr(ProgressWriter, "write", stopped)
        logged = answer(store, "q1", False, minutes=1, response="only in the log")
        monkeypatch.undo()
        store._closed = True  # as if killed: nothing more is written
        store._release()
    assert read_progress(path).questions["pack-a"]["q1"].seen == 1
    with ProgressStore.open(path) as store:
        record = store.progress.questions["pack-a"]["q1"]
        assert (record.seen, record.correct, record.last_answer) == (2, 1, "only in the log")
        assert store.notices == []
        assert [a.id for a in store.answers()][-1] == logged
    saved = read_progress(path)
    assert saved.questions["pack-a"]["q1"].seen == 2 and saved.answer_log.last == logged
    with ProgressStore.open(path) as store:  # applied once, never again
        assert store.progress.questions["pack-a"]["q1"].seen == 2


def test_catching_up_reads_the_log_only_from_where_the_summary_stopped(path, monkeypatch):
    from learnmeta.progress.writing import ProgressWriter

    with ProgressStore.open(path) as store:
        for n in range(50):
            answer(store, f"q{n}", minutes=n)
        monkeypatch.setattr(ProgressWriter, "write", lambda self, data: (_ for _ in ()).throw(OSError(5, "stopped")))
        logged = answer(store, "q0", False, minutes=60, response="only in the log")
        monkeypatch.undo()
        store._closed = True  # as if killed
        store._release()

    def no_whole_reading(*args, **kwargs):
        raise AssertionError("the whole log was read")

    monkeypatch.setattr(answerlog, "read_log", no_whole_reading)
    with ProgressStore.open(path) as store:
        record = store.progress.questions["pack-a"]["q0"]
        assert (record.seen, record.last_answer) == (2, "only in the log")
        assert store.progress.answer_log.last == logged
    monkeypatch.undo()
    assert read_progress(path).answer_log.size == log_path(path).stat().st_size


@pytest.mark.parametrize("kind", ["undo", "overrule"])
def test_an_undo_or_overrule_logged_but_not_in_the_summary_is_applied_at_the_next_start(path, monkeypatch, kind):
    from learnmeta.progress.writing import ProgressWriter

    with ProgressStore.open(path) as store:
        wrong = answer(store, "q1", False)
        answer(store, "q2", True, minutes=1)
    with ProgressStore.open(path) as store:  # an answer of an earlier session, far back in the log
        monkeypatch.setattr(ProgressWriter, "write", lambda self, data: (_ for _ in ()).throw(OSError(5, "stopped")))
        assert (store.undo_answer if kind == "undo" else store.overrule_answer)(wrong)
        monkeypatch.undo()
        store._closed = True  # as if killed
        store._release()
    assert read_progress(path).questions["pack-a"]["q1"].seen == 1  # the summary lags the log
    with ProgressStore.open(path) as store:
        record = store.progress.questions["pack-a"].get("q1")
        if kind == "undo":
            assert record is None and [a.question for a in store.answers()] == ["q2"]
        else:
            assert (record.seen, record.correct, record.last_correct) == (1, 1, True)


def test_a_log_of_another_learner_is_never_counted(path, tmp_path):
    with ProgressStore.open(tmp_path / "bob.toml") as bob:
        answer(bob, "q1")
    with ProgressStore.open(path) as store:
        assert store.progress.questions == {}
    log_path(path).write_bytes(log_path(tmp_path / "bob.toml").read_bytes())
    with ProgressStore.open(path) as store:
        assert store.progress.questions == {}


def test_a_reset_keeps_the_log_with_the_file_it_belongs_to(path):
    with ProgressStore.open(path) as store:
        answer(store, "q1")
        kept = store.reset()
        assert store.answers() == []
        answer(store, "q2")
    assert [a.question for a in read_log(log_path(kept)).answers()] == ["q1"]
    assert [a.question for a in read_log(log_path(path)).answers()] == ["q2"]


def test_a_write_that_fails_keeps_the_answer_for_the_next_one(path, monkeypatch):
    import errno

    with ProgressStore.open(path) as store:
        answer(store, "q1")
        real = files.append_lines

        def disk_full(*args, **kwargs):
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(files, "append_lines", disk_full)
        answer(store, "q2", minutes=1)
        assert store.save_error and "disk is full" in store.save_error
        assert read_progress(path).questions["pack-a"].keys() == {"q1"}  # the summary waits for the log
        monkeypatch.setattr(files, "append_lines", real)
        answer(store, "q3", minutes=2)
        assert store.save_error is None
    assert [a.question for a in read_log(log_path(path)).answers()] == ["q1", "q2", "q3"]
    assert read_progress(path).questions["pack-a"].keys() == {"q1", "q2", "q3"}


# --- two writers -----------------------------------------------------------------------------------


def test_a_second_window_never_writes_the_log_and_keeps_its_answers_in_memory(path):
    with ProgressStore.open(path) as first:
        answer(first, "q1")
        with ProgressStore.open(path) as second:
            assert second.read_only
            answer(second, "q2")
            assert [a.question for a in second.answers()] == ["q1", "q2"]
        answer(first, "q3")
    assert [a.question for a in read_log(log_path(path)).answers()] == ["q1", "q3"]


@pytest.mark.skipif(not hasattr(os, "fork") or sys.platform == "win32", reason="needs fork")
def test_two_processes_appending_at_once_lose_nothing_and_never_mix_lines(tmp_path):
    log = tmp_path / "a.answers.jsonl"
    count = 200
    children = []
    for who in ("a", "b"):
        pid = os.fork()
        if pid == 0:
            try:
                writer = answerlog.AnswerLog(log)
                for n in range(count):
                    writer.add(HistoryEntry(id=f"{who}{n}", when=T0, pack="p", question="q", correct=True,
                                            response=who * 150))
                    writer.flush(None)
            finally:
                os._exit(0)
        children.append(pid)
    for pid in children:
        os.waitpid(pid, 0)
    read = read_log(log)
    assert read.problems == [] and not read.torn
    ids = [a.id for a in read.answers()]
    assert sorted(ids) == sorted(f"{who}{n}" for who in "ab" for n in range(count))
    assert [i for i in ids if i.startswith("a")] == [f"a{n}" for n in range(count)]  # each in its order


def test_an_old_file_beside_a_log_too_long_to_read_still_moves_its_answers_and_saves(path, monkeypatch):
    from learnmeta.progress.model import HistoryEntry

    with ProgressStore.open(path) as store:
        answer(store, "q1")
        store.progress.history.answers = [HistoryEntry(when=T0, pack="pack-a", question="old", correct=True)]
        monkeypatch.setattr(answerlog, "MAX_LOG_BYTES", 10)
        assert store.save() and store.save_error is None
    monkeypatch.undo()
    assert [a.question for a in read_log(log_path(path)).answers()] == ["q1", "old"]
    assert "[history]" not in path.read_text(encoding="utf-8")


@pytest.mark.skipif(sys.platform == "win32", reason="flock (POSIX)")
def test_an_append_half_done_by_another_process_is_never_cut_off_as_torn(tmp_path):
    """Another writer is in the middle of its append (its line not yet ended) when this one
    appends: the half-written line is not taken for one cut short by a crash (and cut off); this
    append waits for it, and both records are kept."""
    import fcntl
    import threading

    log = tmp_path / "a.answers.jsonl"
    writer = answerlog.AnswerLog(log)
    writer.add(HistoryEntry(id="a0", when=T0, pack="p", question="q", correct=True))
    writer.flush(None)
    line = answerlog.encode_answer(HistoryEntry(id="a1", when=T0, pack="p", question="q", correct=True))
    fd = os.open(log, os.O_WRONLY | os.O_APPEND)
    fcntl.flock(fd, fcntl.LOCK_EX)  # as append_durably holds it while it writes
    os.write(fd, line[:40])

    def other() -> None:
        second = answerlog.AnswerLog(log)
        second.add(HistoryEntry(id="b0", when=T0, pack="p", question="q", correct=True))
        second.flush(None)

    thread = threading.Thread(target=other)
    thread.start()
    thread.join(0.5)
    os.write(fd, line[40:])
    os.close(fd)
    thread.join(10)
    read = read_log(log)
    assert read.problems == [] and not read.torn
    assert [a.id for a in read.answers()] == ["a0", "a1", "b0"]


def test_reading_a_long_log_never_holds_it_whole(tmp_path):
    """Past results and each learner of the class report go through the log once: it is read
    line by line, so what is held beyond the answers kept is a chunk, not the file (it was
    the file's bytes and its lines, twice its size; docs/performance.md has the figures)."""
    import tracemalloc

    log = tmp_path / "a.answers.jsonl"
    line = answerlog.encode_answer(HistoryEntry(id="x", when=T0, pack="pack-a", question="q1", correct=True,
                                                response="an answer " * 10))
    with log.open("wb") as out:
        out.write(answerlog.header(None))
        for n in range(40_000):
            out.write(line.replace(b'"id":"x"', b'"id":"a%d"' % n))
    size = log.stat().st_size
    tracemalloc.start()
    try:
        read = read_log(log)
        kept, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(read.entries) == 40_000 and read.size == size and read.problems == []
    assert peak - kept < size / 3, (peak - kept, size)


# --- saving in two steps: the log line before the feedback, the rest after it (issue 20) -------------


def test_saving_later_writes_the_line_now_and_the_summary_at_save_pending(path):
    with ProgressStore.open(path) as store:
        answer(store, "q1")
        with store.saving_later():
            answer(store, "q2", minutes=1)
        assert store.save_waiting
        # the line is in the log (written, not yet fsynced); the summary is the one before it
        assert [r.get("question") for r in records(path)][-2:] == ["q1", "q2"]
        assert read_progress(path).questions["pack-a"].keys() == {"q1"}
        assert [a.question for a in store.answers()] == ["q1", "q2"]  # counted once
        assert store.save_pending() and not store.save_waiting
        assert read_progress(path).questions["pack-a"].keys() == {"q1", "q2"}
        assert read_progress(path).answer_log.size == log_path(path).stat().st_size


def test_an_undo_or_another_save_saves_what_was_left_for_later_first(path):
    with ProgressStore.open(path) as store:
        with store.saving_later():
            first = answer(store, "q1")
        with store.saving_later():
            answer(store, "q2", minutes=1)
        assert read_progress(path).questions.get("pack-a") is None
        assert store.undo_answer(first)  # saved in full: both answers, then the undo
        assert not store.save_waiting
        saved = read_progress(path)
        assert saved.questions["pack-a"].keys() == {"q2"}
        assert saved.answer_log.size == log_path(path).stat().st_size
        with store.saving_later():
            answer(store, "q3", minutes=2)
        store.record_page("lesson-a", "intro", 3)  # any other change saves the answer with it
        assert read_progress(path).questions["pack-a"].keys() == {"q2", "q3"}
    assert [a.question for a in read_log(log_path(path)).answers()] == ["q2", "q3"]


def test_closing_saves_what_was_left_for_later(path):
    store = ProgressStore.open(path)
    with store.saving_later():
        answer(store, "q1")
    assert read_progress(path).questions.get("pack-a") is None
    store.close()  # quitting right after an answer: saved before the lock is let go
    assert read_progress(path).questions["pack-a"]["q1"].seen == 1


def test_a_summary_that_fails_after_the_line_is_written_says_so_and_saves_with_the_next(path, monkeypatch):
    import errno

    with ProgressStore.open(path) as store:
        real = files.replace_atomically

        def disk_full(*args, **kwargs):
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(files, "replace_atomically", disk_full)
        with store.saving_later():
            answer(store, "q1")
        assert store.save_error is None  # the line is written; the rest has not been tried yet
        assert not store.save_pending()
        assert store.save_error and "disk is full" in store.save_error
        monkeypatch.setattr(files, "replace_atomically", real)
        with store.saving_later():
            answer(store, "q2", minutes=1)
        # after a failure the next save is made in full at once, and says when saving works again
        assert store.save_error is None and not store.save_waiting
        assert read_progress(path).questions["pack-a"].keys() == {"q1", "q2"}
        assert "Saving works again: all your progress is saved." in store.notices
    assert read_progress(path).questions["pack-a"].keys() == {"q1", "q2"}
    assert [a.question for a in read_log(log_path(path)).answers()] == ["q1", "q2"]


def test_an_fsync_that_fails_writes_the_lines_again_and_they_count_once(path, monkeypatch):
    import errno

    with ProgressStore.open(path) as store:
        answer(store, "q0")
        with store.saving_later():
            answer(store, "q1", minutes=1)
        real = files.Appended.sync

        def failing(self):
            self.close()
            raise OSError(errno.EIO, "Input/output error")

        monkeypatch.setattr(files.Appended, "sync", failing)
        assert not store.save_pending() and store.save_error
        monkeypatch.setattr(files.Appended, "sync", real)
        answer(store, "q2", minutes=2)
        assert store.save_error is None
        assert [a.question for a in store.answers()] == ["q0", "q1", "q2"]
    with ProgressStore.open(path) as store:
        assert {q: r.seen for q, r in store.progress.questions["pack-a"].items()} == {"q0": 1, "q1": 1, "q2": 1}
        assert [a.question for a in store.answers()] == ["q0", "q1", "q2"]


def test_lines_written_again_after_a_failed_fsync_are_caught_up_once(path, monkeypatch):
    import errno

    def failing(self):
        self.close()
        raise OSError(errno.EIO, "Input/output error")

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    with ProgressStore.open(path) as store:
        answer(store, "q0")
        with store.saving_later():
            answer(store, "q1", minutes=1)
        with monkeypatch.context() as patch:
            patch.setattr(files.Appended, "sync", failing)
            assert not store.save_pending()
        monkeypatch.setattr(files, "replace_atomically", disk_full)
        answer(store, "q2", minutes=2)  # q1 written again, with q2; the summary fails
        assert store.save_error
    assert [r.get("question") for r in records(path)][1:] == ["q0", "q1", "q1", "q2"]
    monkeypatch.undo()
    with ProgressStore.open(path) as store:  # the summary is caught up from the log: q1 once
        assert {q: r.seen for q, r in store.progress.questions["pack-a"].items()} == {"q0": 1, "q1": 1, "q2": 1}


# --- a long log gone through, not kept (past results, the progress screen) ---------------------------


def _entry(n: int, correct: bool = False, attempt: str = "a1") -> HistoryEntry:
    return HistoryEntry(id=f"a{n}", when=T0 + dt.timedelta(minutes=n), pack="pack-a", question=f"q{n % 7}",
                        correct=correct, response="an answer", attempt=attempt)


def test_a_log_streamed_gives_the_answers_resolve_gives(tmp_path):
    """stream_answers (two passes, never the whole log held) counts as resolve does: an answer
    written twice once, undone ones left out, overruled ones right, a mark before its answer or
    on a right answer ignored, unreadable lines named; the answers before and after the log too."""
    log = tmp_path / "a.answers.jsonl"
    before = [_entry(100), _entry(101, True)]
    records = [
        _entry(0), _entry(1, True), _entry(2), _entry(2),  # a write retried: the same record twice
        Mark("overrule", "m0", "a5", T0),                   # before its answer: ignored
        _entry(3), _entry(4), _entry(5), _entry(6, attempt="a2"),
        Mark("undo", "m1", "a0", T0), Mark("overrule", "m2", "a0", T0),  # undone, then nothing
        Mark("overrule", "m3", "a1", T0),                   # already right: ignored
        Mark("overrule", "m4", "a3", T0), Mark("undo", "m5", "a4", T0), Mark("overrule", "m6", "a6", T0),
        Mark("undo", "m7", "a100", T0),                     # an answer before the log
    ]
    after = [_entry(7), Mark("overrule", "m8", "a2", T0), Mark("undo", "m9", "a7", T0), _entry(8)]
    with log.open("wb") as out:
        out.write(answerlog.header("me"))
        for record in records:
            out.write(answerlog.encode_answer(record) if isinstance(record, HistoryEntry) else answerlog.encode_mark(record))
        out.write(b"not a record\n")
    expected = resolve([*before, *records, *after])
    problems: list[str] = []
    got = list(answerlog.stream_answers(log, before=before, after=after, learner="me", problems=problems))
    assert [(a.id, a.correct, a.overruled) for a in got] == [(a.id, a.correct, a.overruled) for a in expected]
    assert problems == [f"a.answers.jsonl, line {len(records) + 2}, was skipped: it is not a JSON record."]
    kept = list(answerlog.stream_answers(log, learner="me", keep=lambda a: a.attempt == "a2"))
    assert [(a.id, a.overruled) for a in kept] == [("a6", True)]
    # another learner's log beside this one's file is left out, as the store leaves it out
    assert [a.id for a in answerlog.stream_answers(log, before=before, learner="someone-else")] == ["a101"]


def test_past_results_and_each_answer_of_a_long_log_hold_a_bounded_amount(tmp_path, monkeypatch):
    """A log over STREAM_ABOVE is gone through, not read whole and kept: one attempt's results
    (past results) and going through every answer (the progress screen, its ideas) hold about
    what one attempt and a few thousand ids take, not every answer (about 390 bytes each: some
    800 MiB at the log's 512 MiB bound; docs/performance.md has the figures)."""
    import tracemalloc

    monkeypatch.setattr(answerlog, "STREAM_ABOVE", 1 << 20)  # 8 MiB: the same with a shorter test
    path = tmp_path / "ann.toml"
    with ProgressStore.open(path) as store:
        answer(store, "q0")
        learner = store.progress.learner.id
    log = log_path(path)
    line = answerlog.encode_answer(_entry(0, attempt="a-long"))
    with log.open("ab") as out:
        for n in range(40_000):
            out.write(line.replace(b'"id":"a0"', b'"id":"x%d"' % n))
        out.write(answerlog.encode_answer(_entry(1, attempt="a-short")))
    size = log.stat().st_size
    assert size > answerlog.STREAM_ABOVE
    with ProgressStore.open(path) as store:
        assert store.progress.learner.id == learner
        store.attempt_answers("none")  # what a first reading imports (the checks) is not counted
        tracemalloc.start()
        try:
            short = store.attempt_answers("a-short")
            _, peak_one = tracemalloc.get_traced_memory()
            tracemalloc.reset_peak()
            wrong = sum(1 for entry in store.each_answer() if not entry.correct)
            _, peak_all = tracemalloc.get_traced_memory()
            tracemalloc.reset_peak()
            held_before, _ = tracemalloc.get_traced_memory()
            listed = store.answers(attempt="a-short")  # a list, but only of what was asked for
            held_after, peak_list = tracemalloc.get_traced_memory()
            every = store.answers()
        finally:
            tracemalloc.stop()
    assert [entry.id for entry in short] == ["a1"] and [entry.id for entry in listed] == ["a1"]
    assert wrong == 40_001
    assert len(every) == 40_002 and [entry.id for entry in every[1:]] == [*(f"x{n}" for n in range(40_000)), "a1"]
    assert peak_list < 5 << 20 and held_after - held_before < 1 << 20, (peak_list, held_after - held_before)
    # Held: the 1 MiB chunks read, a few thousand ids, the checks' own; the whole log read and
    # kept held about 15 MiB here (40,000 answers), and it grows with the log.
    assert peak_one < 5 << 20 and peak_all < 5 << 20, (peak_one, peak_all, size)
