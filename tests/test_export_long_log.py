"""`learnmeta export` of a long answer log: gone through line by line (never held whole), with
the same file written and the same words printed as when the log is read whole."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import replace

import pytest

from learnmeta.cli import main
from learnmeta.progress import ProgressStore, answerlog
from learnmeta.progress.answerlog import log_path
from learnmeta.progress.model import UTC

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("LEARNMETA_XAPI_BASE", raising=False)
    return tmp_path / "home"


def learner(path, answers: int = 60):
    """A learner with ``answers`` answers over two packs and two attempts, some taken back, some
    marked right (one of them then taken back), answers given in the same second, an unreadable
    line in the middle of the log, and the last answer cut off the log's end (so its question's
    latest answer comes from the summary, ``from = "latest"``, in the same second as the answer
    before it). Returns the bad line's number."""
    with ProgressStore.open(path) as store:
        store.update_settings(welcomed=True)
        attempts = {pack: store.start_attempt(pack, "1.0.0") for pack in ("pack-a", "pack-b")}
        ids = []
        for n in range(answers):
            pack = "pack-a" if n % 3 else "pack-b"
            ids.append(store.record_answer(
                pack, "1.0.0", f"q{n % 7}", lesson=None, section=None, response=f"answer {n}, \"quoted\"",
                correct=n % 4 == 0, hints_used=n % 2, attempt_id=attempts[pack],
                when=T0 + dt.timedelta(seconds=30 * (n // 2))))  # two answers in each second
            if n == 10:
                store.undo_answer(ids[-1])
            if n in (13, 21):
                store.overrule_answer(ids[-1])
            if n == 22:
                store.undo_answer(ids[21])
    log = log_path(path)
    lines = log.read_bytes().splitlines(keepends=True)
    middle = len(lines) // 2
    lines.insert(middle, b"this is not a record\n")
    log.write_bytes(b"".join(lines[:-1]))  # the last answer is only in the summary now
    return middle + 1  # the bad line's number


def run_export(tmp_path, capsys, progress, fmt, name):
    out = tmp_path / f"{name}.{fmt}"
    status = main(["export", "--format", fmt, "--progress", str(progress), "-o", str(out)])
    captured = capsys.readouterr()
    return status, out.read_bytes(), captured.out.replace(str(out), "OUT"), captured.err


@pytest.mark.parametrize("fmt", ["csv", "json", "xapi"])
def test_a_long_log_exports_what_it_exports_read_whole(home, tmp_path, capsys, monkeypatch, fmt):
    progress = tmp_path / "ann.toml"
    bad_line = learner(progress)
    whole = run_export(tmp_path, capsys, progress, fmt, "whole")
    monkeypatch.setattr(answerlog, "STREAM_ABOVE", 1)  # every log is a long one: gone through
    streamed = run_export(tmp_path, capsys, progress, fmt, "streamed")
    assert streamed == whole
    status, data, out, err = streamed
    assert status == 0
    assert f"learnmeta export: note: ann.answers.jsonl, line {bad_line}, was skipped: it is not a JSON record." in err
    assert "Traceback" not in err
    # Every answer the log counts (undone ones left out), each once, in order; and the one cut
    # off the log, from the summary.
    expected = [a.id for a in answerlog.read_log(log_path(progress)).answers()]
    assert len(expected) == 60 - 2 - 1  # two taken back, one cut off
    text = data.decode("utf-8")
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        assert [r["answer_id"] for r in rows if r["from"] == "history"] == expected
        assert [r["from"] for r in rows].count("latest") == 1 and rows[-1]["from"] == "history"
        # oldest first; within a second, a latest answer from the summary before the log's
        order = [(r["when"], r["from"] == "history") for r in rows]
        assert order == sorted(order)
        assert f"Exported {len(rows)} answer(s) from" in out
    elif fmt == "json":
        document = json.loads(text)
        assert text == json.dumps(document, indent=2, ensure_ascii=False) + "\n"  # as json.dumps writes it
        assert [r["answer_id"] for r in document["answers"] if r["from"] == "history"] == expected
        assert f"Exported {len(document['answers'])} answer(s) from" in out
    else:
        statements = [json.loads(line) for line in text.splitlines()]
        answered = [s for s in statements if s["verb"]["id"].endswith("/answered")]
        assert len(answered) == len(expected) + 1
        assert len({s["id"] for s in statements}) == len(statements)  # no statement twice
        voided = [s for s in statements if s["verb"]["id"].endswith("/voided")]
        assert len(voided) == 4  # an answer marked right (as given), one taken back, one both (2)
        assert f"Exported {len(expected) + 1} answer(s) from" in out
        # the same as the statements made from every answer held (sorted with those taken back)
        from learnmeta.cli.export import learner_id_of
        from learnmeta.instructor.export import xapi_statements
        from learnmeta.progress.fileformat import read_progress

        read = read_progress(progress)
        found = answerlog.handed_in(progress, read)
        assert statements == xapi_statements(read, learner=learner_id_of(read, progress), learner_name=None,
                                             answers=found.answers, changes=found.changes)


def test_a_log_over_the_bound_is_streamed_and_the_export_is_the_same(home, tmp_path, capsys, monkeypatch):
    """With the real bound lowered to 1 MiB: a log of some 6,000 answers is gone through (the
    export asks it for its answers once, to survey it, and once to write them), not read whole."""
    monkeypatch.setattr(answerlog, "STREAM_ABOVE", 1 << 20)
    progress = tmp_path / "ann.toml"
    learner(progress, answers=60)
    log = log_path(progress)
    first = answerlog.decode(log.read_bytes().splitlines()[1])
    later = T0 + dt.timedelta(days=1)
    with log.open("ab") as out:
        for n in range(6_000):
            out.write(answerlog.encode_answer(replace(first, id=f"x{n}", when=later + dt.timedelta(seconds=n // 3))))
    assert log.stat().st_size > answerlog.STREAM_ABOVE
    reads = []
    real = answerlog.read_log
    monkeypatch.setattr(answerlog, "read_log", lambda *a, **k: reads.append(a) or real(*a, **k))
    streamed = run_export(tmp_path, capsys, progress, "csv", "streamed")
    assert reads == []  # never read whole
    monkeypatch.setattr(answerlog, "STREAM_ABOVE", 1 << 30)
    whole = run_export(tmp_path, capsys, progress, "csv", "whole")
    assert reads  # read whole this time
    assert streamed == whole and streamed[0] == 0
    rows = list(csv.DictReader(io.StringIO(streamed[1].decode("utf-8"))))
    assert len(rows) == 57 + 1 + 6_000 and len({r["answer_id"] for r in rows if r["answer_id"]}) == 57 + 6_000


def test_an_unreadable_long_log_is_said_plainly(home, tmp_path, capsys, monkeypatch):
    """A log that turns out to be a folder, read as a long one: the export says which file and
    why, and exports what the summary knows, without a traceback."""
    monkeypatch.setattr(answerlog, "STREAM_ABOVE", 1)
    progress = tmp_path / "ann.toml"
    learner(progress)
    log = log_path(progress)
    log.unlink()
    log.mkdir()
    status, data, out, err = run_export(tmp_path, capsys, progress, "csv", "out")
    assert status == 0 and "Traceback" not in err
    assert "its answer log ann.answers.jsonl could not be read" in err


def test_sending_a_long_log_to_an_lrs_sends_the_same_statements_a_batch_at_a_time(home, tmp_path, capsys,
                                                                                   monkeypatch):
    """``export --lrs``: a long log's statements are made as they are sent (a batch held at a
    time), the same statements in the same batches as when the log is read whole."""
    from learnmeta import lrs

    monkeypatch.setenv(lrs.USER_ENV, "teacher")
    monkeypatch.setenv(lrs.PASSWORD_ENV, "secret")
    progress = tmp_path / "ann.toml"
    learner(progress)
    batches: list[list[dict]] = []
    monkeypatch.setattr(lrs.Client, "_post", lambda self, chunk, result, limit=None: batches.append(chunk))

    def send() -> tuple[int, str, list[list[dict]]]:
        batches.clear()
        status = main(["export", "--format", "xapi", "--progress", str(progress), "--lrs", "http://127.0.0.1:9/xapi"])
        return status, capsys.readouterr().out, [list(batch) for batch in batches]

    whole = send()
    monkeypatch.setattr(answerlog, "STREAM_ABOVE", 1)
    made_at_once = []
    real_list = answerlog.StreamedAnswers.__iter__
    monkeypatch.setattr(answerlog.StreamedAnswers, "__iter__", lambda self: made_at_once.append(1) or real_list(self))
    streamed = send()
    assert made_at_once  # the long log's answers were gone through for the statements
    assert streamed == whole and whole[0] == 0
    count = sum(len(batch) for batch in whole[2])
    assert count == 57 + 1 + 4 and f"Sent {count} statement(s) from" in whole[1]
