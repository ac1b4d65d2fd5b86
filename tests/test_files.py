"""learnmeta.files: only regular files are read, never more than a limit, never blocking."""

from __future__ import annotations

import os

import pytest

from learnmeta.files import FileProblem, read_bounded, read_bounded_or_none, replace_atomically


def test_a_regular_file_is_read_whole(tmp_path):
    path = tmp_path / "a.toml"
    path.write_bytes(b"x = 1\n")
    assert read_bounded(path, 100) == b"x = 1\n"


def test_a_file_over_the_limit_is_refused_with_its_size(tmp_path):
    path = tmp_path / "big.toml"
    path.write_bytes(b"x" * 3000)
    with pytest.raises(FileProblem) as caught:
        read_bounded(path, 1024)
    assert caught.value.code == "too-large"
    assert "2.9 KB" in caught.value.reason and "1 KB" in caught.value.reason


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="this platform has no FIFOs")
def test_a_fifo_is_refused_at_once_instead_of_hanging(tmp_path):
    fifo = tmp_path / "library.json"
    os.mkfifo(fifo)
    with pytest.raises(FileProblem) as caught:
        read_bounded(fifo, 1024)
    assert caught.value.code == "not-regular"


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_link_to_an_endless_device_is_refused_followed_or_not(tmp_path):
    link = tmp_path / "progress.toml"
    link.symlink_to("/dev/zero")
    with pytest.raises(FileProblem) as caught:
        read_bounded(link, 1024)
    assert caught.value.code == "link"
    with pytest.raises(FileProblem) as caught:
        read_bounded(link, 1024, follow_links=True)
    assert caught.value.code == "not-regular"


def test_a_folder_and_a_missing_file_are_named_as_such(tmp_path):
    with pytest.raises(FileProblem) as caught:
        read_bounded(tmp_path, 1024)
    assert caught.value.code == "is-directory"
    assert read_bounded_or_none(tmp_path / "missing", 1024) is None
    with pytest.raises(FileProblem, match="file not found"):
        read_bounded(tmp_path / "missing", 1024)


def test_replacing_a_file_leaves_no_temporary_file(tmp_path):
    path = tmp_path / "out.txt"
    replace_atomically(path, "one")
    replace_atomically(path, b"two")
    assert path.read_text() == "two"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_keeping_the_backup_twice_of_the_same_file_leaves_no_temp_file(tmp_path):
    from learnmeta.files import backup_path, keep_backup

    path = tmp_path / "progress.toml"
    path.write_bytes(b"x = 1\n")
    keep_backup(path)
    keep_backup(path)  # a save stopped after keeping the backup, then the next save keeps it again
    assert backup_path(path).read_bytes() == b"x = 1\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["progress.toml", "progress.toml.bak"]


def test_append_durably_starts_on_a_new_line_after_a_cut_one(tmp_path):
    from learnmeta.files import append_durably, read_lines_bounded

    path = tmp_path / "a.jsonl"
    assert append_durably(path, b"one\n") == 4
    path.write_bytes(path.read_bytes() + b"tw")
    assert append_durably(path, b"three\n") == len(b"one\ntw\nthree\n")
    found = read_lines_bounded(path, 1000, 4)
    assert found.lines == [(1, b"one"), (2, b"tw"), (3, None)] and found.torn == b""
    path.write_bytes(b"a\nb")
    found = read_lines_bounded(path, 1000, 10)
    assert found.lines == [(1, b"a")] and found.torn == b"b"


@pytest.mark.skipif(not hasattr(os, "link") or os.name != "posix", reason="hard links and flock as POSIX has them")
def test_append_durably_never_cuts_the_last_line_of_a_file_with_another_name(tmp_path):
    """A line cut short at a log's (an outbox's) end is cut off before the next append: but not
    in a file with another name too (a hard link planted where the log goes), whose other name's
    last line would go with it. There it is only followed by a line end, as where there is no flock."""
    from learnmeta.files import append_durably

    other = tmp_path / "notes.txt"
    other.write_bytes(b"first line\nmy last line, no line end")
    planted = tmp_path / "ann.outbox.jsonl"
    os.link(other, planted)
    append_durably(planted, b'{"n":1}\n', torn=lambda tail: True)
    assert other.read_bytes() == b'first line\nmy last line, no line end\n{"n":1}\n'
    alone = tmp_path / "alone.jsonl"
    alone.write_bytes(b'{"n":1}\n{"n":2,"cut sh')
    append_durably(alone, b'{"n":2}\n', torn=lambda tail: True)
    assert alone.read_bytes() == b'{"n":1}\n{"n":2}\n'  # a file of one name: cut off as before


def test_append_durably_refuses_a_link(tmp_path):
    from learnmeta.files import append_durably

    target = tmp_path / "target"
    target.write_bytes(b"")
    link = tmp_path / "a.jsonl"
    link.symlink_to(target)
    with pytest.raises(FileProblem) as caught:
        append_durably(link, b"x\n")
    assert caught.value.code == "link" and target.read_bytes() == b""
