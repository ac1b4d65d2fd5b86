"""Broken, missing, newer and unwritable progress files: nothing is lost, and the learner is told."""

from __future__ import annotations

import datetime as dt
import errno
import os
import sys

import pytest

from learnmeta.progress import ProgressStore, read_progress
from learnmeta import files
from progress_files import T0, answer, path, rich_store


def saved_store(path, qids):
    store = ProgressStore.open(path)
    for qid in qids:
        answer(store, qid)
    store.close()
    return store


def broken_files(path):
    return sorted(path.parent.glob(f"{path.stem}.broken-*.toml"))


BAD_FILES = {
    "garbage": b"this is [not toml",
    "truncated": None,  # filled in from a real file
    "empty": b"",
    "blank": b"\n\n   \n",
    "binary": bytes(range(256)) * 4,
    "not-utf8": b'schema_version = 1\n[learner]\nname = "\xff\xfe"\n',
    "wrong-shape": b'schema_version = 1\nlearner = "Ann"\n',
    "bad-value": b'schema_version = 1\n[questions.p]\nq = { seen = -4 }\n',
    "no-version": b'[learner]\nname = "Ann"\n',
    "deep-nesting": b"x = " + b"[" * 2000 + b"]" * 2000 + b"\n",
    "naive-time": b"schema_version = 1\ncreated = 2026-11-24T09:00:00\n",
    # a number too long for Python's int (more than 4,300 digits): tomli let its ValueError
    # through, and the window did not save at all, saying to "use sys.set_int_max_str_digits()"
    "huge-number": b"schema_version = " + b"1" * 5000 + b"\n",
    "bad-history": b'schema_version = 1\n[history]\nanswers = [\n  { pack = "p", question = "q", correct = true },\n]\n',
}


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_a_broken_file_is_kept_aside_byte_for_byte_and_the_backup_is_used(path, kind):
    saved_store(path, ["q1", "q2"])  # the .bak holds q1; the file holds q1 and q2
    bad = BAD_FILES[kind] if BAD_FILES[kind] is not None else path.read_bytes()[: len(path.read_bytes()) // 2]
    path.write_bytes(bad)

    store = ProgressStore.open(path)
    try:
        kept = broken_files(path)
        assert len(kept) == 1 and kept[0].read_bytes() == bad
        assert "q1" in store.progress.questions["pack-a"]  # from the backup
        assert "q2" in store.progress.questions["pack-a"]  # from the answer log
        assert not store.read_only
        assert len(store.notices) == 2
        notice = store.notices[0]
        assert "could not be read" in notice and kept[0].name in notice and "backup" in notice
        assert "Your answer log held 1 more step than that copy" in store.notices[1]
        # the restored progress is saved again at once, and new answers are kept
        answer(store, "q3")
        assert set(read_progress(path).questions["pack-a"]) == {"q1", "q2", "q3"}
        assert read_progress(path).questions["pack-a"]["q2"].seen == 1  # counted once
    finally:
        store.close()


def test_a_broken_file_without_its_answer_log_has_only_the_backup(path):
    saved_store(path, ["q1", "q2"])
    path.write_bytes(b"garbage")
    (path.parent / "progress.answers.jsonl").unlink()
    store = ProgressStore.open(path)
    try:
        assert set(store.progress.questions["pack-a"]) == {"q1"}
        assert len(store.notices) == 1 and "anything after that which is not in your answer log" in store.notices[0]
    finally:
        store.close()


def test_a_broken_file_without_backup_starts_afresh_and_says_so(path):
    from learnmeta.progress import locations

    path = locations.resolve_progress_path(None, None)  # learnmeta's own: any damage is moved aside
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\x00\x01garbage")
    store = ProgressStore.open(path)
    assert store.progress.questions == {}
    assert "started a new progress file" in store.notices[0]
    assert broken_files(path)[0].read_bytes() == b"\x00\x01garbage"
    assert read_progress(path).schema_version == 1
    store.close()


def test_a_broken_backup_is_kept_aside_too(path):
    saved_store(path, ["q1", "q2"])
    path.write_bytes(b"garbage")
    files.backup_path(path).write_bytes(b"more garbage")
    store = ProgressStore.open(path)
    assert store.progress.questions == {} and "no usable backup" in store.notices[0]
    assert [p.read_bytes() for p in path.parent.glob("*broken*")] != []
    assert b"more garbage" in [p.read_bytes() for p in path.parent.glob("*broken*")]
    store.close()


def test_a_file_with_a_byte_order_mark_loads(path):
    saved_store(path, ["q1"])
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    store = ProgressStore.open(path)
    assert store.notices == [] and "q1" in store.progress.questions["pack-a"]
    store.close()


def test_a_missing_file_is_restored_from_the_backup(path):
    saved_store(path, ["q1", "q2"])
    path.unlink()
    store = ProgressStore.open(path)
    assert "q1" in store.progress.questions["pack-a"]
    assert "backup" in store.notices[0]
    assert path.exists()
    store.close()


def test_a_file_from_a_newer_version_is_read_only_and_never_overwritten(path):
    saved_store(path, ["q1"])
    text = path.read_text(encoding="utf-8").replace("schema_version = 1", "schema_version = 2")
    text += '\n[future_feature]\nanything = "here"\n'
    path.write_text(text, encoding="utf-8")
    before = path.read_bytes()

    store = ProgressStore.open(path)
    assert store.read_only
    assert "newer version of learnmeta" in store.notices[0]
    assert "q1" in store.progress.questions["pack-a"]  # shown as far as this version can
    answer(store, "q2")
    store.update_settings(name="Bob")
    store.reset()
    store.close()
    assert path.read_bytes() == before
    assert broken_files(path) == []


def test_leftover_temp_files_are_cleaned_up_at_start(path):
    saved_store(path, ["q1"])
    leftover = path.parent / f".{path.name}.abc123.tmp"
    leftover.write_bytes(b"half a save")
    other = path.parent / ".other.toml.abc.tmp"
    other.write_bytes(b"not ours")
    store = ProgressStore.open(path)
    assert not leftover.exists() and other.exists()
    assert store.notices == []
    store.close()


def test_the_backup_is_the_previous_good_copy(path):
    store = ProgressStore.open(path)
    answer(store, "q1")
    first = path.read_bytes()
    answer(store, "q2")
    assert files.backup_path(path).read_bytes() == first
    store.close()


# --- writes that fail -------------------------------------------------------------------------


def test_a_failing_write_leaves_the_previous_file_and_tells_the_learner(path, monkeypatch):
    store = ProgressStore.open(path)
    answer(store, "q1")
    before = path.read_bytes()

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "replace", disk_full)
    answer(store, "q2")  # must not raise
    assert path.read_bytes() == before
    assert store.save_error is not None and "disk is full" in store.save_error
    assert "disk is full" in store.notices[-1]
    assert [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")] == []

    monkeypatch.undo()
    answer(store, "q3")  # the next save writes everything, q2 included
    assert store.save_error is None and "Saving works again" in store.notices[-1]
    assert set(read_progress(path).questions["pack-a"]) == {"q1", "q2", "q3"}
    store.close()


def test_a_write_that_fails_part_way_leaves_the_previous_file(path, monkeypatch):
    store = ProgressStore.open(path)
    answer(store, "q1")
    before = path.read_bytes()
    real_fsync = os.fsync

    def failing_fsync(fd):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(files.os, "fsync", failing_fsync)
    answer(store, "q2")
    monkeypatch.setattr(files.os, "fsync", real_fsync)
    assert path.read_bytes() == before and store.save_error
    store.close()


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="needs POSIX permissions (not root)")
def test_a_read_only_folder_keeps_the_file_and_sets_save_error(path):
    store = ProgressStore.open(path)
    answer(store, "q1")
    before = path.read_bytes()
    os.chmod(path.parent, 0o500)
    try:
        answer(store, "q2")
        assert store.save_error and "not allowed to write" in store.save_error
    finally:
        os.chmod(path.parent, 0o700)
    assert path.read_bytes() == before
    store.close()


def test_what_would_not_read_back_the_same_is_never_written(path, monkeypatch):
    from learnmeta.progress import fileformat

    store = ProgressStore.open(path)
    answer(store, "q1")
    before = path.read_bytes()
    real_dump_question = fileformat.dump_question

    def wrong_writer(question_id, question, *rest):
        return real_dump_question(question_id, question, *rest).replace("seen = 2", "seen = 7")

    monkeypatch.setattr(fileformat, "dump_question", wrong_writer)
    answer(store, "q1")
    assert path.read_bytes() == before
    assert store.save_error and "read back" in store.save_error
    monkeypatch.undo()
    answer(store, "q2")
    assert store.save_error is None
    assert read_progress(path).questions["pack-a"]["q1"].seen == 2
    store.close()


def test_an_answer_that_would_not_read_back_the_same_is_never_logged(path, monkeypatch):
    from learnmeta.progress import answerlog

    store = ProgressStore.open(path)
    answer(store, "q1")
    before = path.read_bytes(), answerlog.log_path(path).read_bytes()
    real_encode = answerlog.encode_answer
    monkeypatch.setattr(answerlog, "encode_answer",
                        lambda entry, *rest: real_encode(entry, *rest).replace(b'"correct":false', b'"correct":true'))
    answer(store, "q1", correct=False)
    assert (path.read_bytes(), answerlog.log_path(path).read_bytes()) == before
    assert store.save_error and "read back" in store.save_error
    monkeypatch.undo()
    answer(store, "q2")
    assert store.save_error is None
    answers = answerlog.answers(answerlog.log_path(path))
    assert [(e.question, e.correct) for e in answers] == [("q1", True), ("q2", True)]
    store.close()


@pytest.mark.parametrize("bad_id", ["q\ud800", "p" * 300, ""])
def test_an_unusable_id_is_refused_and_never_blocks_later_saves(path, bad_id):
    store = ProgressStore.open(path)
    store.record_answer("pack-a", "1.0.0", bad_id, lesson="l", section="s", response="x", correct=True, hints_used=0)
    store.record_page(bad_id, "intro", 3)
    store.start_attempt(bad_id, "1.0.0")
    assert store.notices and "not usable" in store.notices[-1]
    answer(store, "q1")
    assert store.save_error is None
    assert set(read_progress(path).questions["pack-a"]) == {"q1"}
    store.close()


def test_a_folder_that_cannot_be_created_gives_a_read_only_store(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    store = ProgressStore.open(blocker / "sub" / "progress.toml")
    assert store.read_only and "nothing will be saved" in store.notices[0]
    answer(store, "q1")  # works in memory, never raises
    assert "q1" in store.progress.questions["pack-a"]
    store.close()


def test_a_progress_path_that_is_a_folder_does_not_crash(tmp_path):
    folder = tmp_path / "progress.toml"
    folder.mkdir()
    store = ProgressStore.open(folder)
    assert store.read_only and store.notices
    store.close()
    assert folder.is_dir()


def test_a_folder_that_refuses_new_files_keeps_the_file_and_sets_save_error(path, monkeypatch):
    # The same as a read-only folder, in a way that also works when the tests run as root.
    store = ProgressStore.open(path)
    answer(store, "q1")
    before = path.read_bytes()

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(files.tempfile, "mkstemp", refuse)
    answer(store, "q2")
    assert path.read_bytes() == before
    assert store.save_error and "not allowed to write" in store.save_error
    store.close()


def test_an_overlong_pack_version_is_refused_without_raising(path):
    store = ProgressStore.open(path)
    attempt = store.start_attempt("pack-a", "9" * 60)
    store.record_answer("pack-a", "9" * 60, "q1", lesson="l", section="s", response="x", correct=True,
                        hints_used=0, attempt_id=attempt)
    assert "not usable" in store.notices[-1]
    answer(store, "q2")
    assert store.save_error is None and set(read_progress(path).questions["pack-a"]) == {"q2"}
    store.close()


FULL_DISK = """
import json, resource, signal, sys
from learnmeta.progress import ProgressStore
path = sys.argv[1]
store = ProgressStore.open(path)
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG) instead
size = __import__("os").path.getsize(path)
resource.setrlimit(resource.RLIMIT_FSIZE, (size + 200, resource.RLIM_INFINITY))
for n in range(40):
    store.record_answer("pack-a", "1.0.0", f"new-{n}", lesson="l", section="s", response="x" * 150,
                        correct=True, hints_used=0)
print(json.dumps({"save_error": store.save_error, "notices": store.notices}))
store.close()
"""


@pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX resource limits")
def test_running_out_of_room_part_way_through_a_write_keeps_the_previous_file(path):
    import json
    import subprocess
    from pathlib import Path

    saved_store(path, ["q1", "q2"])
    result = subprocess.run([sys.executable, "-c", FULL_DISK, str(path)], capture_output=True, text=True,
                            cwd=Path(__file__).resolve().parent.parent, timeout=60)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["save_error"] and "larger than this computer allows" in report["save_error"]
    progress = read_progress(path)  # whole and loadable: the last save that fitted
    assert {"q1", "q2"} <= set(progress.questions["pack-a"])
    assert len(progress.questions["pack-a"]) < 42
    assert [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")] == []


# --- files cut short, values of the wrong type -------------------------------------------------


def line_cuts(data: bytes) -> list[bytes]:
    """Every start of ``data`` that ends at a line end (the whole file excluded)."""
    ends = [n + 1 for n, byte in enumerate(data) if byte == ord("\n")]
    return [data[:end] for end in [0, *ends] if end < len(data)]


def why(cut: bytes) -> str:
    """What the notice says about a file cut there (inside an array of many lines it is not TOML)."""
    if cut == b"":
        return "it is empty"
    text = cut.decode("utf-8")
    return "not valid TOML" if text.count("[\n") > text.count("\n]\n") else "cut short"


def test_a_file_cut_at_any_line_end_is_kept_aside_and_the_backup_is_used(path):
    whole = rich_store(path)
    backup = files.backup_path(path)
    good_backup = backup.read_bytes()
    cuts = line_cuts(whole)
    assert len(cuts) > 30
    for cut in cuts:
        path.write_bytes(cut)
        backup.write_bytes(good_backup)
        for old in broken_files(path):
            old.unlink()

        store = ProgressStore.open(path)
        try:
            kept = broken_files(path)
            assert len(kept) == 1 and kept[0].read_bytes() == cut, f"cut at {len(cut)} bytes"
            assert store.notices[1:] == [n for n in store.notices if "Your answer log held" in n]
            assert kept[0].name in store.notices[0]
            assert why(cut) in store.notices[0]
            assert "restored from the backup" in store.notices[0]
            assert {"q1", "q2"} <= set(store.progress.questions["pack-a"])
            assert store.settings.name == "Ann" and store.settings.welcomed  # no first-run welcome
            answer(store, "q4")
        finally:
            store.close()
        # the backup's answers survive the next saves, in the file and in the new backup
        assert {"q1", "q2", "q4"} <= set(read_progress(path).questions["pack-a"])
        assert {"q1", "q2"} <= set(read_progress(backup).questions["pack-a"])


def test_a_file_cut_at_any_line_end_without_a_backup_keeps_what_could_be_read(path):
    whole = rich_store(path)
    backup = files.backup_path(path)
    for cut in line_cuts(whole):
        path.write_bytes(cut)
        backup.unlink(missing_ok=True)
        for old in broken_files(path):
            old.unlink()

        store = ProgressStore.open(path)
        try:
            kept = broken_files(path)
            assert len(kept) == 1 and kept[0].read_bytes() == cut, f"cut at {len(cut)} bytes"
            assert store.notices[1:] == [n for n in store.notices if "Your answer log held" in n], store.notices
            notice = store.notices[0]
            assert why(cut) in notice
            assert kept[0].name in notice and "no usable backup" in notice
            text = cut.decode("utf-8")
            if 'name = "Ann"' in text:
                assert "kept what could be read" in notice and store.settings.name == "Ann"
            if "welcomed = true" in text:
                assert store.settings.welcomed
            for qid in ("q1", "q2", "q3"):
                if f"\n{qid} = " in text:
                    assert qid in store.progress.questions["pack-a"]
            for n in range(1, 4):
                if text.count('question = "q') >= n:  # history lines cut between two answers
                    assert len(store.progress.history.answers) >= n
        finally:
            store.close()
        saved = read_progress(path)  # what was kept is saved again, whole
        assert saved == store.progress


def test_a_file_cut_mid_line_to_saved_20_is_not_taken_as_a_new_learner(path):
    whole = rich_store(path)
    good_backup = files.backup_path(path).read_bytes()
    end = whole.index(b"saved = 20") + len(b"saved = 20")
    cut = whole[:end]  # what `truncate` leaves: still valid TOML, a number where a time belongs
    path.write_bytes(cut)

    store = ProgressStore.open(path)
    try:
        kept = broken_files(path)
        assert len(kept) == 1 and kept[0].read_bytes() == cut
        assert "cut short" in store.notices[0] and "restored from the backup" in store.notices[0]
        assert store.settings.welcomed and {"q1", "q2"} <= set(store.progress.questions["pack-a"])
    finally:
        store.close()
    assert files.backup_path(path).read_bytes() == good_backup


WRONG_TYPES = {
    "saved-a-number": (b"saved = 20", True),
    "welcomed-a-number": (b"welcomed = 1", False),
    "seen-a-string": (b'seen = "1"', False),
    "page-count-a-float": (b"page_count = 3.0", False),
    "created-a-date": (b"created = 2026-11-24", True),
    "track-unknown": (b'track = "nobody"', False),
    "attempts-a-table": (b"attempts = {}", False),
}


@pytest.mark.parametrize("kind", sorted(WRONG_TYPES))
def test_a_value_of_the_wrong_type_makes_the_file_unreadable_and_the_backup_is_used(path, kind):
    import re

    whole = rich_store(path)
    replacement, top_level = WRONG_TYPES[kind]
    key = replacement.split(b" = ")[0]
    pattern = rb"(?m)^" + re.escape(key) + rb" = .*$" if top_level or key != b"seen" else rb"seen = \d+"
    if key == b"attempts":
        bad = re.sub(rb"(?s)attempts = \[\n.*?\n\]", replacement, whole, count=1)
    else:
        bad = re.sub(pattern, replacement, whole, count=1)
    assert bad != whole and bad.rstrip().endswith(b"complete = true")  # complete, only a value is wrong
    path.write_bytes(bad)

    store = ProgressStore.open(path)
    try:
        kept = broken_files(path)
        assert len(kept) == 1 and kept[0].read_bytes() == bad
        assert "could not be read" in store.notices[0] and "restored from the backup" in store.notices[0]
        assert {"q1", "q2"} <= set(store.progress.questions["pack-a"])
        assert store.settings.welcomed and store.settings.track == "course"
    finally:
        store.close()


def test_a_file_without_the_learner_table_is_unreadable(path):
    whole = rich_store(path).decode("utf-8")
    start = whole.index("[learner]")
    bad = (whole[:start] + whole[whole.index("\n[", start + 1) + 1:]).encode("utf-8")
    assert b"[learner]" not in bad and bad.rstrip().endswith(b"complete = true")
    path.write_bytes(bad)
    store = ProgressStore.open(path)
    try:
        assert broken_files(path)[0].read_bytes() == bad
        assert "[learner]" in store.notices[0] and "restored from the backup" in store.notices[0]
        assert store.settings.name == "Ann" and "q1" in store.progress.questions["pack-a"]
    finally:
        store.close()


def test_a_cut_file_is_refused_by_read_progress(path):
    from learnmeta.progress import ProgressFileError

    whole = rich_store(path)
    path.write_bytes(whole[: whole.index(b"\n[end]")])
    with pytest.raises(ProgressFileError, match="cut short"):
        read_progress(path)


def test_the_end_marker_stays_last_through_saves_that_rewrite_only_a_part(path):
    import tomllib

    from learnmeta.progress import fileformat

    rich_store(path)
    store = ProgressStore.open(path)
    answer(store, "q9")
    store.record_page("lesson-b", "intro", 2)
    store.start_attempt("pack-b", "1.0.0")
    store.close()
    data = path.read_bytes()
    assert data.endswith(fileformat.END.encode("utf-8"))
    assert list(tomllib.loads(data.decode("utf-8")))[-1] == "end"
    assert b"cut short" in data  # the marker says what it is for, to a person reading the file


def test_a_damaged_backup_is_never_silently_dropped_when_the_file_is_missing(path):
    whole = rich_store(path)
    path.unlink()
    backup = files.backup_path(path)
    cut = whole[: whole.index(b"\n[end]")]
    backup.write_bytes(cut)
    store = ProgressStore.open(path)
    try:
        assert "missing" in store.notices[0] and "backup copy could not be used" in store.notices[0]
        assert "kept what could be read" in store.notices[0]
        assert {"q1", "q2", "q3"} <= set(store.progress.questions["pack-a"])
        kept = sorted(path.parent.glob("*backup-broken*"))
        assert [p.read_bytes() for p in kept] == [cut]
    finally:
        store.close()


def test_a_file_cut_while_open_never_replaces_the_good_backup(path):
    rich_store(path)
    store = ProgressStore.open(path)
    try:
        answer(store, "q4")
        good_backup = files.backup_path(path).read_bytes()
        whole = path.read_bytes()
        cut = whole[: whole.index(b"[questions.pack-a]")]  # something outside learnmeta cuts it
        path.write_bytes(cut)
        answer(store, "q5")
        assert files.backup_path(path).read_bytes() == good_backup
        assert [p.read_bytes() for p in broken_files(path)] == [cut]
        assert "kept, unchanged" in store.notices[-1]
        assert {"q1", "q4", "q5"} <= set(read_progress(path).questions["pack-a"])
    finally:
        store.close()


def test_a_save_whose_file_does_not_read_back_complete_is_never_written(path, monkeypatch):
    from learnmeta.progress import fileformat

    rich_store(path)
    store = ProgressStore.open(path)
    before, backup_before = path.read_bytes(), files.backup_path(path).read_bytes()
    monkeypatch.setattr(fileformat, "END", "\n")  # a writer that forgot the marker
    answer(store, "q4")
    assert store.save_error and path.read_bytes() == before
    assert files.backup_path(path).read_bytes() == backup_before
    store.close()


def test_an_attempt_or_a_pack_that_would_not_read_back_the_same_is_never_written(path, monkeypatch):
    """A save after an answer writes its pack's table again, checking only the attempt that
    changed (each on its line) and the pack's own values: either, written wrong, is refused."""
    from learnmeta.progress import fileformat

    store = ProgressStore.open(path)
    attempts = [store.start_attempt("pack-a", "1.0.0") for _ in range(3)]
    store.record_answer("pack-a", "1.0.0", "q1", lesson=None, section=None, response="x", correct=True,
                        hints_used=0, attempt_id=attempts[-1], when=T0)
    before = path.read_bytes()
    real_line, real_start = fileformat.attempt_line, fileformat.pack_table_start

    monkeypatch.setattr(fileformat, "attempt_line", lambda attempt: real_line(attempt).replace("answered = 2", "answered = 7"))
    store.record_answer("pack-a", "1.0.0", "q2", lesson=None, section=None, response="x", correct=True,
                        hints_used=0, attempt_id=attempts[-1], when=T0)
    assert path.read_bytes() == before and store.save_error and "read back" in store.save_error
    monkeypatch.undo()

    monkeypatch.setattr(fileformat, "pack_table_start", lambda pack, pack_id: real_start(pack, pack_id).replace(
        "attempts_total = 3", "attempts_total = 4"))
    store.record_answer("pack-a", "1.0.0", "q3", lesson=None, section=None, response="x", correct=True,
                        hints_used=0, attempt_id=attempts[-1], when=T0)
    assert path.read_bytes() == before and store.save_error and "read back" in store.save_error
    monkeypatch.undo()

    store.record_answer("pack-a", "1.0.0", "q4", lesson=None, section=None, response="x", correct=True,
                        hints_used=0, attempt_id=attempts[-1], when=T0)
    assert store.save_error is None
    assert read_progress(path).packs["pack-a"].attempts[-1].answered == 4
    store.close()


def test_after_every_change_the_file_is_what_the_format_writes_for_it(path):
    """The writer reuses the lines it checked (questions, attempts) and writes again only what
    changed: after each save the file is exactly what writing the whole progress afresh gives,
    through more than the 20 attempts a pack keeps, finished ones, an exam's answers kept and
    removed, answers taken back and marked right, and a second pack."""
    from learnmeta.progress import fileformat

    store = ProgressStore.open(path)

    def same() -> None:
        assert store.save_error is None
        assert path.read_bytes() == fileformat.dumps(store.progress).encode("utf-8")
        assert read_progress(path) == store.progress

    for n in range(30):
        pack = "pack-a" if n % 5 else "pack-b"
        attempt = store.start_attempt(pack, "1.0.0", exam=n % 7 == 3, time_limit_minutes=30 if n % 7 == 3 else None)
        same()
        if n % 7 == 3:
            store.save_exam_answer(attempt, "q1", "an answer", confidence=2)
            same()
            store.save_exam_answer(attempt, "q1", None)
            same()
        ids = [store.record_answer(pack, "1.0.0", f"q{(n + k) % 9}", lesson=None, section=None, response="x",
                                   correct=k % 2 == 0, hints_used=0, attempt_id=attempt,
                                   when=T0 + dt.timedelta(minutes=n * 10 + k)) for k in range(3)]
        same()
        if n % 4 == 1:
            store.undo_answer(ids[-1])
            same()
        if n % 4 == 2:
            store.overrule_answer(ids[1])
            same()
        if n % 3:
            store.finish_attempt(attempt, correct=2, total=3, percent=67, passed=True)
            same()
    assert len(store.progress.packs["pack-a"].attempts) == 20  # the oldest of 24 dropped
    store.close()
