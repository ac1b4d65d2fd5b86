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
