"""Hand-edited and hostile progress files: out-of-range times, files that are not progress files,
edits made while the app is open, keys from a newer learnmeta. Nothing crashes, nothing is lost,
and what the learner is told is what happened."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from learnmeta.progress import ProgressStore, fileformat, read_progress
from learnmeta.progress.fileformat import ProgressFileError
from progress_files import T0, answer, path, rich_store

# Times TOML accepts whose moment in UTC is outside what Python's datetime can hold.
OUT_OF_RANGE = ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00", "0001-01-01T00:59:59+23:59"]


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
    history = b"\n[history]\nanswers = [\n" + b"".join(
        b'  { when = %s, pack = "pack-a", question = "%s", correct = true },\n' % (when, qid)
        for when, qid in ((b"0001-01-01T00:00:00+01:00", b"q1"), (b"2026-11-24T09:00:00+00:00", b"q2"),
                          (b"2026-11-24T09:00:00+00:00", b"q3"))
    ) + b"]\n"
    end = whole.index(b"\n[end]")
    kept = fileformat.salvage(whole[:end] + history + whole[end:])  # a file from before the answer log
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


# --- item 4: every read-only store says its real cause and what to do -------------------------


def cause(store):
    return store.read_only_reason.cause.value if store.read_only_reason is not None else None


def test_a_second_window_says_the_profile_is_open_elsewhere(path):
    first = ProgressStore.open(path)
    try:
        second = ProgressStore.open(path)
        assert cause(second) == "open-elsewhere"
        assert "another learnmeta window" in second.notices[0] and "Close the other window" in second.notices[0]
        assert second.read_only_reason.line == "This window does not save: your progress is open in another window."
        second.close()
    finally:
        first.close()


def test_a_progress_path_that_is_a_folder_says_so_and_what_to_do(tmp_path):
    folder = tmp_path / "progress"
    folder.mkdir()
    store = ProgressStore.open(folder)
    try:
        assert cause(store) == "is-folder"
        assert "is a folder, not a file" in store.notices[0] and "--progress" in store.notices[0]
        assert "another window" not in " ".join(store.notices)
        assert store.read_only_reason.line == "This window does not save: the progress path is a folder."
    finally:
        store.close()
    assert list(tmp_path.iterdir()) == [folder] and list(folder.iterdir()) == []


@pytest.mark.parametrize(("error", "expected", "words"), [
    (30, "read-only-disk", "is read-only"),  # EROFS
    (13, "not-allowed", "not allowed to write"),  # EACCES
])
def test_a_folder_that_cannot_be_written_to_says_why(path, monkeypatch, error, expected, words):
    import errno as errnos
    import os

    from learnmeta.progress import lock

    assert error in (errnos.EROFS, errnos.EACCES)

    def refuse(self):
        raise OSError(error, os.strerror(error))

    monkeypatch.setattr(lock.ProfileLock, "acquire", refuse)
    store = ProgressStore.open(path)
    try:
        assert cause(store) == expected
        assert words in store.notices[0] and str(path.parent) in store.notices[0]
        assert "another window" not in " ".join(store.notices)
        assert "--progress" in store.notices[0]
    finally:
        store.close()
    assert not path.exists()


def test_a_file_that_may_not_be_read_says_permission_denied(path, monkeypatch):
    import errno as errnos

    from learnmeta import files

    rich_store(path)
    before = path.read_bytes()

    def refuse(where, limit, **kwargs):
        raise files.FileProblem(where, "permission denied", "unreadable", errnos.EACCES)

    monkeypatch.setattr(files, "read_bounded_or_none", refuse)
    store = ProgressStore.open(path)
    try:
        assert cause(store) == "not-allowed"
        assert "not allowed to read" in store.notices[0]
    finally:
        store.close()
    assert path.read_bytes() == before


def test_a_file_from_a_newer_learnmeta_names_that_version(path):
    whole = rich_store(path).replace(b"schema_version = 1", b"schema_version = 2")
    whole = re.sub(rb'saved_by = "[^"]*"', b'saved_by = "learnmeta 0.9.0"', whole)
    path.write_bytes(whole)
    store = ProgressStore.open(path)
    try:
        assert cause(store) == "newer-version"
        assert "0.9.0" in store.notices[0] and "Update learnmeta" in store.notices[0]
        assert store.read_only_reason.line == "This window does not save: the file is from newer learnmeta 0.9.0."
        assert store.progress.learner.name == "Ann"
    finally:
        store.close()
    assert path.read_bytes() == whole


def test_a_newer_version_text_from_the_file_is_not_shown_unless_it_is_a_plain_version(path):
    path.write_bytes(b'schema_version = 7\nsaved_by = "learnmeta \\u001b]0;pwned\\u0007"\n[learner]\n[end]\ncomplete = true\n')
    store = ProgressStore.open(path)
    try:
        assert cause(store) == "newer-version" and "\x1b" not in store.notices[0]
        assert store.read_only_reason.line == "This window does not save: the file is from a newer learnmeta."
    finally:
        store.close()


@pytest.mark.parametrize("kind", ["fifo", "link"])
def test_a_progress_path_that_is_not_a_plain_file_is_left_alone(tmp_path, kind):
    import os

    path = tmp_path / "progress.toml"
    if kind == "fifo":
        os.mkfifo(path)
    else:
        target = tmp_path / "real.toml"
        rich_store(target)
        path.symlink_to(target)
    store = ProgressStore.open(path)  # never hangs on the FIFO
    try:
        assert cause(store) == "not-a-file"
        assert "plain file" in store.notices[0]
    finally:
        store.close()
    assert (path.is_fifo() if kind == "fifo" else path.is_symlink())


def test_every_reason_fits_the_lines_on_screen():
    from pathlib import Path

    from learnmeta.progress import readonly

    reasons = [readonly.open_elsewhere(), readonly.is_folder(Path("/x")), readonly.read_only_disk(Path("/x")),
               readonly.not_allowed_to_write(Path("/x")), readonly.not_allowed_to_read(Path("/x")),
               readonly.newer_version("learnmeta 100.200.300rc1", 2, 1), readonly.not_progress(Path("/x"), "why"),
               readonly.not_a_file(Path("/x"), "a link"), readonly.cannot_keep_aside("r", "e"),
               readonly.unusable(Path("/x"), "e"), readonly.folder_unusable(Path("/x"), "e")]
    for reason in reasons:
        assert len(reason.line) <= 78 and len(reason.short) <= 58, reason.line
        assert reason.line.startswith("This window does not save: ")


# --- item 5: --progress naming a file that is not a progress file -------------------------------

ROOT = __import__("pathlib").Path(__file__).resolve().parent.parent
NOT_PROGRESS = {
    "pack": (ROOT / "quizzes" / "mastery-check.toml").read_bytes(),
    "glossary": (ROOT / "lessons" / "glossary.toml").read_bytes(),
    "lesson": b'+++\nschema_version = 1\nid = "x"\n+++\n\n## A page\n\nText.\n',
    "other-toml": b'[tool.black]\nline-length = 100\n',
    "text": b"Dear diary,\ntoday I learned [a lot].\n",
    "binary": bytes(range(256)) * 8,
}


@pytest.mark.parametrize("kind", sorted(NOT_PROGRESS))
def test_a_file_that_is_not_a_progress_file_is_never_moved_or_written(tmp_path, kind):
    path = tmp_path / "somefile.toml"
    path.write_bytes(NOT_PROGRESS[kind])
    store = ProgressStore.open(path)
    try:
        assert cause(store) == "not-progress"
        assert "is not a learnmeta progress file" in store.notices[0]
        store.record_answer("p", "1", "q", lesson=None, section=None, response="x", correct=True, hints_used=0)
        assert store.save() is False
    finally:
        store.close()
    assert path.read_bytes() == NOT_PROGRESS[kind]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["somefile.toml"]


@pytest.mark.parametrize("kind", ["pack", "text"])
def test_the_app_refuses_to_start_on_a_file_that_is_not_a_progress_file(tmp_path, monkeypatch, capsys, kind):
    from learnmeta.cli import launch
    from learnmeta.app.app import LearnApp
    from learnmeta.cli import main

    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(launch, "has_terminal", lambda: True)
    started = []
    monkeypatch.setattr(LearnApp, "run", lambda self, *a, **k: started.append(self))
    path = tmp_path / "mastery-check.toml"
    path.write_bytes(NOT_PROGRESS[kind])
    assert main(["--progress", str(path)]) == 1
    err = capsys.readouterr().err
    assert "is not a learnmeta progress file" in err and str(path) in err and "Traceback" not in err
    assert started == []
    assert path.read_bytes() == NOT_PROGRESS[kind]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "home") == ["mastery-check.toml"]


def test_a_damaged_progress_file_named_with_progress_is_still_kept_aside(tmp_path):
    path = tmp_path / "mine.toml"
    damaged = fileformat.HEADER.encode() + b"schema_version = 1\nthis is [not toml\n"
    path.write_bytes(damaged)
    store = ProgressStore.open(path)
    try:
        assert not store.read_only
        kept = sorted(tmp_path.glob("mine.broken-*.toml"))
        assert len(kept) == 1 and kept[0].read_bytes() == damaged
    finally:
        store.close()
    assert read_progress(path).schema_version == 1


def test_any_damaged_file_in_the_learners_folder_is_still_kept_aside(tmp_path, monkeypatch):
    from learnmeta.progress import locations

    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path / "home"))
    path = locations.resolve_progress_path(None, None)
    path.parent.mkdir(parents=True)
    path.write_bytes(NOT_PROGRESS["binary"])
    store = ProgressStore.open(path)
    try:
        assert not store.read_only and "started a new progress file" in store.notices[0]
    finally:
        store.close()
    assert sorted(path.parent.glob("default.broken-*.toml"))[0].read_bytes() == NOT_PROGRESS["binary"]


# --- item 7: one bad value: salvage the file or restore the backup, whichever keeps more --------


def older_backup(path, qids):
    """Make ``path``'s .bak an older copy that holds only answers to ``qids``."""
    other = path.with_name("older.toml")
    store = ProgressStore.open(other)
    store.update_settings(name="Ann", welcomed=True, track="course")
    for qid in qids:
        store.record_answer("pack-a", "1.0.0", qid, lesson="lesson-a", section="intro", response="old",
                            correct=False, hints_used=0, when=T0)
    store.close()
    path.with_name(path.name + ".bak").write_bytes(other.read_bytes())


def test_one_bad_value_keeps_the_salvaged_file_when_it_holds_more_answers_than_the_backup(path):
    whole = rich_store(path)
    older_backup(path, ["q1"])
    bad = whole.replace(b"welcomed = true", b"welcomed = 1")
    path.write_bytes(bad)
    store = ProgressStore.open(path)
    try:
        assert set(store.progress.questions["pack-a"]) == {"q1", "q2", "q3"}
        assert len(store.answers()) == 3 and store.progress.packs["pack-a"].passed_total == 1
        notice = store.notices[0]
        assert "kept what could be read of it" in notice and "more of your answers (3)" in notice
        assert "(1)" in notice and "restored from the backup" not in notice
        kept = sorted(path.parent.glob("progress.broken-*.toml"))
        assert len(kept) == 1 and kept[0].read_bytes() == bad and str(kept[0]) in notice
    finally:
        store.close()
    assert set(read_progress(path).questions["pack-a"]) == {"q1", "q2", "q3"}


def test_one_bad_value_restores_the_backup_when_it_holds_more_answers(path):
    whole = rich_store(path)
    older_backup(path, ["q1", "q2", "q3", "q4"])
    bad = re.sub(rb"seen = 1", b'seen = "1"', whole)  # every question's count is bad
    path.write_bytes(bad)
    store = ProgressStore.open(path)
    try:
        assert set(store.progress.questions["pack-a"]) == {"q1", "q2", "q3", "q4"}
        notice = store.notices[0]
        assert "restored from the backup copy" in notice and "at least as many of your answers (4)" in notice
    finally:
        store.close()


# --- item 6: edits made outside while the app is open; keys from a newer learnmeta --------------


def test_an_edit_made_outside_while_open_is_kept_aside_never_overwritten(path):
    rich_store(path)
    store = ProgressStore.open(path)
    try:
        answer(store, "q4")
        edited = path.read_bytes().replace(b'name = "Ann"', b'name = "Ann Lee"')
        path.write_bytes(edited)  # an editor saves the file while the app is open
        answer(store, "q5")
        kept = sorted(path.parent.glob("progress.edited-*.toml"))
        assert len(kept) == 1 and kept[0].read_bytes() == edited
        notice = store.notices[-1]
        assert "changed outside learnmeta" in notice and str(kept[0]) in notice
        assert {"q4", "q5"} <= set(read_progress(path).questions["pack-a"])
        answer(store, "q6")  # told once: this window's own saves are not outside edits
        assert len(sorted(path.parent.glob("progress.edited-*.toml"))) == 1
        assert store.notices[-1] == notice
    finally:
        store.close()


def test_a_file_only_touched_outside_is_not_taken_for_an_edit(path):
    import os

    rich_store(path)
    store = ProgressStore.open(path)
    try:
        answer(store, "q4")
        data = path.read_bytes()
        os.utime(path, ns=(1, 1))
        path.write_bytes(data)  # rewritten the same (a sync tool)
        answer(store, "q5")
        assert list(path.parent.glob("progress.edited-*.toml")) == [] and store.notices == []
    finally:
        store.close()


NEWER_FILE = b'''# learnmeta progress: what one learner has read and answered.
schema_version = 1
created = 2026-11-24T09:00:00+00:00
saved = 2026-11-24T09:10:00+00:00
saved_by = "learnmeta 0.9.0"
device = "tablet"
sync_epoch = 7
local_time = 2026-11-24T10:00:00
a_date = 2026-11-24
a_time = 07:30:00
big = inf
odd = nan
"quoted key" = [1, 2.5, "three", { deep = [{ x = 1 }] }]

[learner]
name = "Ann"
track = "course"
welcomed = true
font_size = 3

[last_activity]
kind = "lesson"
lesson = "lesson-a"
page = "intro"
when = 2026-11-24T09:05:00+00:00
device = "tablet"

[lessons.lesson-a]
pages_seen = ["intro"]
page_count = 3
last_page = "intro"
bookmarks = ["intro"]

[packs.pack-a]
version = "1.0.0"
attempts_total = 1
finished_total = 0
passed_total = 0
colour = "blue"
attempts = [
  { id = "a1", mode = "quiz", pack_version = "1.0.0", started = 2026-11-24T09:00:00+00:00, answered = 1, timer = 30 },
]

[questions.pack-a]
q1 = { seen = 1, correct = 1, hints_used = 0, last_correct = true, last_answered = 2026-11-24T09:01:00+00:00, last_answer = "x", flagged = true, review = { due = 2026-11-25T09:01:00+00:00, state = "learning", step = 0, retention = 0.9 } }

[history]
kept_since = 2026-01-01
answers = [
  { when = 2026-11-24T09:01:00+00:00, pack = "pack-a", version = "1.0.0", question = "q1", response = "x", correct = true, hints = 0, seconds = 12.5 },
]

[sync]
server = "https://example.org"
peers = [{ id = 1 }, { id = 2 }]

[end]
# learnmeta writes this last: a file without it was cut short.
complete = true
'''


def test_keys_this_version_does_not_know_are_kept_through_saves(path):
    import json
    import tomllib

    from learnmeta.progress.answerlog import log_path

    path.write_bytes(NEWER_FILE)
    before = tomllib.loads(NEWER_FILE.decode())
    for round in range(2):  # and again, from the file this version wrote
        store = ProgressStore.open(path)
        try:
            assert store.notices == [] and not store.read_only
            answer(store, "q1")  # rewrites q1's line, its review and the history
            answer(store, f"new{round}")
            store.start_attempt("pack-a", "1.0.0")
            store.record_page("lesson-a", "second", 3)
            store.update_settings(theme="textual-light")
        finally:
            store.close()
        after = tomllib.loads(path.read_text(encoding="utf-8"))
        for key in ("device", "sync_epoch", "local_time", "a_date", "a_time", "big", "quoted key", "sync"):
            assert after[key] == before[key], key
        assert after["odd"] != after["odd"]  # nan
        assert after["learner"]["font_size"] == 3
        assert after["last_activity"]["device"] == "tablet"  # kept with its table, as every unknown key
        assert after["lessons"]["lesson-a"]["bookmarks"] == ["intro"]
        assert after["packs"]["pack-a"]["colour"] == "blue"
        assert after["packs"]["pack-a"]["attempts"][0]["timer"] == 30
        q1 = after["questions"]["pack-a"]["q1"]
        assert q1["flagged"] is True and q1["review"]["retention"] == 0.9 and q1["seen"] == 2 + round
        assert after["history"] == {"kept_since": before["history"]["kept_since"]}  # its answers: in the log
        logged = [json.loads(line) for line in log_path(path).read_text(encoding="utf-8").splitlines()[1:]]
        assert logged[0]["seconds"] == 12.5 and logged[0]["question"] == "q1"  # taken to the log with its answer
        assert all("seconds" not in record for record in logged[1:]) and len(logged) == 1 + 2 * (round + 1)
        assert read_progress(path).learner.name == "Ann"


def test_a_file_with_unknown_keys_is_not_cached_without_them(path):
    import tomllib

    path.write_bytes(NEWER_FILE)
    for _ in range(3):
        store = ProgressStore.open(path)
        store.close()
    store = ProgressStore.open(path)
    try:
        answer(store, "q2")
    finally:
        store.close()
    assert tomllib.loads(path.read_text(encoding="utf-8"))["learner"]["font_size"] == 3


def test_export_and_the_class_report_say_a_pack_is_not_a_progress_file(tmp_path, capsys):
    from learnmeta.cli import main
    from learnmeta.instructor.class_data import read_class

    pack = tmp_path / "pack.toml"
    pack.write_bytes(NOT_PROGRESS["pack"])
    assert main(["export", "--format", "csv", "--progress", str(pack), "-o", str(tmp_path / "o.csv")]) == 1
    err = capsys.readouterr().err
    assert "is not a learnmeta progress file (it looks like a question pack)" in err and "cut short" not in err
    skipped = read_class([str(pack)]).skipped
    assert "not a learnmeta progress file" in skipped[0][1]
    assert pack.read_bytes() == NOT_PROGRESS["pack"]


# Review states a hand-edited file can hold that fsrs cannot work with: a review state without
# its stability, a difficulty so large that fsrs's arithmetic overflows.
HOSTILE_REVIEWS = [
    'review = {due = 2026-11-20T00:00:00Z, state = "review"}',
    'review = {due = 2026-11-20T00:00:00Z, state = "relearning"}',
    'review = {due = 2026-11-20T00:00:00Z, state = "review", stability = 3.0, difficulty = -1e308}',
    'review = {due = 2026-11-20T00:00:00Z, state = "review", stability = 1e308, difficulty = 1e308}',
    'review = {due = 2026-11-20T00:00:00Z, state = "learning", step = 1000000000000000000}',
    'review = {due = 9999-12-31T23:59:59Z, state = "review", stability = 1e308, difficulty = 5.0}',
]


@pytest.mark.parametrize("review", HOSTILE_REVIEWS)
@pytest.mark.parametrize("correct", [True, False])
def test_answering_a_question_whose_stored_review_state_fsrs_cannot_use_saves_the_answer(path, review, correct):
    path.write_text(
        "schema_version = 1\n[learner]\nwelcomed = true\n[questions.pack-a]\n"
        f"q1 = {{seen = 1, correct = 0, last_answered = 2026-11-19T00:00:00Z, {review}}}\n"
        "[end]\ncomplete = true\n", encoding="utf-8")
    with ProgressStore.open(path) as store:
        store.record_answer("pack-a", "1.0.0", "q1", lesson="l", section="s", response="my answer",
                            correct=correct, hints_used=0, when=T0)
        assert store.notices == []
    record = read_progress(path).questions["pack-a"]["q1"]
    assert (record.seen, record.last_answer) == (2, "my answer")
    assert T0 < record.review.due <= T0 + dt.timedelta(days=36500)  # fsrs's longest interval


@pytest.mark.parametrize("kind", ["file", "dangling link", "link loop"])
def test_a_data_folder_that_is_not_a_folder_is_named_as_the_cause(tmp_path, monkeypatch, kind):
    """LEARNMETA_HOME (or a folder on the way to the progress file) is a file or a broken link:
    the notice says so, not "File exists", which the folder's making reported."""
    blocking = tmp_path / "home"
    if kind == "file":
        blocking.write_text("not a folder", encoding="utf-8")
    elif kind == "dangling link":
        blocking.symlink_to(tmp_path / "nowhere")
    else:
        blocking.symlink_to(tmp_path / "home")
    monkeypatch.setenv("LEARNMETA_HOME", str(blocking))
    from learnmeta.progress import resolve_progress_path

    store = ProgressStore.open(resolve_progress_path(None, None))
    try:
        notice = " ".join(store.notices)
        assert f"{blocking} is " in notice and "not a folder" in notice.replace("no folder", "not a folder")
        assert "File exists" not in notice and "another window" not in notice
    finally:
        store.close()
