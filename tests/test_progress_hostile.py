"""Hand-edited and hostile progress files: out-of-range times, files that are not progress files,
edits made while the app is open, keys from a newer learnmeta. Nothing crashes, nothing is lost,
and what the learner is told is what happened."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from learnmeta.progress import ProgressStore, fileformat, read_progress
from learnmeta.progress.fileformat import ProgressFileError

UTC = dt.timezone.utc
T0 = dt.datetime(2026, 11, 24, 9, 0, tzinfo=UTC)

# Times TOML accepts whose moment in UTC is outside what Python's datetime can hold.
OUT_OF_RANGE = ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00", "0001-01-01T00:59:59+23:59"]


@pytest.fixture
def path(tmp_path, monkeypatch):
    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path / "home"))
    return tmp_path / "progress.toml"


def rich_store(path):
    """A real file: settings, a lesson, a finished attempt, three answers (q1, q2, q3), history.
    Its .bak is one save older (q1 and q2 only partly: the attempt is not finished)."""
    store = ProgressStore.open(path)
    store.update_settings(name="Ann", welcomed=True, track="course")
    store.record_page("lesson-a", "intro", 3)
    attempt = store.start_attempt("pack-a", "1.0.0")
    for qid in ("q1", "q2", "q3"):
        store.record_answer("pack-a", "1.0.0", qid, lesson="lesson-a", section="intro", response="an answer",
                            correct=True, hints_used=0, attempt_id=attempt, when=T0)
    store.finish_attempt(attempt, correct=3, total=3, percent=100, passed=True)
    store.close()
    return path.read_bytes()


def with_time(data: bytes, field: str, value: str, count: int = 1) -> bytes:
    changed = re.sub(rb"\b" + field.encode() + rb" = [0-9T:+-]+", f"{field} = {value}".encode(), data, count=count)
    assert changed != data, field
    return changed


TIME_FIELDS = ["created", "saved", "when", "last_visited", "started", "finished", "last_answered", "due"]


# --- item 2: out-of-range times are bad values, never OverflowError ----------------------------


@pytest.mark.parametrize("value", OUT_OF_RANGE)
@pytest.mark.parametrize("field", TIME_FIELDS)
def test_an_out_of_range_time_anywhere_is_a_bad_value_for_every_reader(path, field, value):
    bad = with_time(rich_store(path), field, value)
    with pytest.raises(ProgressFileError, match="expected shape"):
        fileformat.loads(bad)
    path.write_bytes(bad)
    with pytest.raises(ProgressFileError):
        read_progress(path)
    kept = fileformat.salvage(bad)
    assert kept is not None and kept.learner.name == "Ann"
    assert set(kept.questions["pack-a"]) == {"q1", "q2", "q3"}  # only the bad value went
    cut = bad[: bad.index(b"[end]")]
    assert fileformat.is_complete(cut) is False


def test_salvage_drops_only_the_history_answer_whose_time_is_out_of_range(path):
    whole = rich_store(path)
    lines = whole.split(b"\n")
    first = next(i for i, line in enumerate(lines) if line.startswith(b"  { when = "))
    lines[first] = re.sub(rb"when = \S+,", b"when = 0001-01-01T00:00:00+01:00,", lines[first])
    kept = fileformat.salvage(b"\n".join(lines))
    assert [entry.question for entry in kept.history.answers] == ["q2", "q3"]


def test_an_out_of_range_time_in_a_file_also_cut_short_is_reported_truthfully(path):
    whole = rich_store(path)
    path.with_name(path.name + ".bak").unlink()
    bad = with_time(whole, "last_answered", OUT_OF_RANGE[0])
    bad = bad[: bad.index(b"[end]")]  # cut short as well
    path.write_bytes(bad)
    store = ProgressStore.open(path)
    try:
        kept = sorted(path.parent.glob("progress.broken-*.toml"))
        assert len(kept) == 1 and kept[0].read_bytes() == bad
        assert not store.read_only
        notice = " ".join(store.notices)
        assert "cut short" in notice and str(kept[0]) in notice
        assert "left as it is" not in notice
        assert set(store.progress.questions["pack-a"]) == {"q1", "q2", "q3"}
    finally:
        store.close()
    assert read_progress(path).learner.name == "Ann"


def test_export_of_a_file_with_an_out_of_range_time_says_why_and_exits_1(path, tmp_path, capsys):
    from learnmeta.cli import main

    path.write_bytes(with_time(rich_store(path), "saved", OUT_OF_RANGE[1]))
    status = main(["export", "--format", "json", "--progress", str(path), "-o", str(tmp_path / "out.json")])
    captured = capsys.readouterr()
    assert status == 1
    assert "cannot read" in captured.err and "Traceback" not in captured.err
    assert not (tmp_path / "out.json").exists()


def test_the_class_report_skips_a_file_with_an_out_of_range_time_with_its_reason(path):
    from learnmeta.instructor.class_data import Unreadable, read_class, read_progress_file, ClassData

    path.write_bytes(with_time(rich_store(path), "when", OUT_OF_RANGE[0], count=3))
    with pytest.raises(Unreadable, match="expected shape"):
        read_progress_file(path, ClassData())
    data = read_class([str(path)])
    assert data.read == [] and "expected shape" in data.skipped[0][1]


def test_an_unforeseen_error_after_the_file_was_moved_aside_says_where_it_is(path, monkeypatch):
    whole = rich_store(path)
    path.with_name(path.name + ".bak").unlink()
    path.write_bytes(whole[: whole.index(b"[end]")])

    def broken(data):
        raise RuntimeError("a bug")

    monkeypatch.setattr(fileformat, "salvage", broken)
    store = ProgressStore.open(path)
    try:
        kept = sorted(path.parent.glob("progress.broken-*.toml"))
        assert len(kept) == 1 and store.read_only
        assert str(kept[0]) in store.notices[-1] and "left as it is" not in store.notices[-1]
    finally:
        store.close()
